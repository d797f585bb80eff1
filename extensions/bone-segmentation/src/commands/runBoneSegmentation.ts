import type { ExtensionParams } from '../ohif/types';

/**
 * The "Segment bones" command. No model is installed yet, so it says so instead of producing a result;
 * the in-browser segmentation replaces this body.
 */
export function runBoneSegmentation({ servicesManager }: ExtensionParams): void {
  servicesManager.services.uiNotificationService?.show({
    title: 'Segment bones',
    message: 'No bone segmentation model is installed in this viewer, so nothing was segmented.',
    type: 'warning',
    duration: 8000,
  });
}
