import { BoneSegmentationController, type RunOutcome } from '../ohif/boneSegmentationController';
import { announce, createBoneSegmentation } from '../ohif/createBoneSegmentation';
import type { ExtensionParams } from '../ohif/types';

let controller: BoneSegmentationController | undefined;

/**
 * The "Segment bones" command: segments the CT in the active viewport in a Web Worker and adds a new
 * "Bones (AI)" labelmap. One controller per page, so a second click while running is refused.
 */
export async function runBoneSegmentation(params: ExtensionParams): Promise<RunOutcome> {
  const startedAt = performance.now();
  controller ??= createBoneSegmentation(params);
  const outcome = await controller.run();
  announce(outcome, startedAt);
  return outcome;
}
