import { BoneSegmentationController, type RunOutcome } from '../ohif/boneSegmentationController';
import { announce, createBoneSegmentation } from '../ohif/createBoneSegmentation';
import type { ExtensionParams } from '../ohif/types';
import { updateBones3D } from './updateBones3D';

let controller: BoneSegmentationController | undefined;

/**
 * The "Segment bones" command: segments the CT in the active viewport in a Web Worker and adds a new
 * "Bones (AI)" labelmap. One controller per page, so a second click while running is refused.
 */
export async function runBoneSegmentation(params: ExtensionParams): Promise<RunOutcome> {
  const startedAt = performance.now();
  let outcome: RunOutcome;
  try {
    controller ??= createBoneSegmentation(params, (segmentationId) => void updateBones3D(params, { segmentationId, quiet: true }));
    outcome = await controller.run();
  } catch (error) {
    // Only reached if the host itself is unusable (the controller reports its own failures).
    const message = `Bone segmentation could not start: ${error instanceof Error ? error.message : String(error)}`;
    params.servicesManager.services.uiNotificationService?.show({ title: 'Segment bones', message, type: 'error', duration: 12_000 });
    outcome = { status: 'failed', code: 'failed', message };
  }
  announce(outcome, startedAt);
  return outcome;
}
