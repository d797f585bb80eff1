import { exportBonesStl } from './commands/exportBonesStl';
import { runBoneSegmentation } from './commands/runBoneSegmentation';
import { storeBonesSegmentation } from './commands/storeBonesSegmentation';
import { updateBones3D } from './commands/updateBones3D';
import { getHostCornerstone } from './ohif/hostLibraries';
import type { SegmentationHostServices } from './ohif/hostServices';
import { ctVolumeShownIn3D, keepCtVolumeChoice, setCtVolumeShownIn3D } from './ohif/ctVolume3D';
import { EXTENSION_ID, EXTENSION_VERSION } from './id';
import type { CommandsModule, ExtensionParams } from './ohif/types';
import { getCompatibility, isPluginActive } from './pluginState';

/** Undoes what startBonePlanning3D set up (the CT volume choice kept on the 3D viewports). */
let stopBonePlanning3D: (() => void) | undefined;

/** Commands are registered even on an unsupported host so a toolbar click explains itself instead of failing. */
export default function getCommandsModule(params: ExtensionParams): CommandsModule {
  const { servicesManager } = params;
  const services = (): SegmentationHostServices => servicesManager.services as unknown as SegmentationHostServices;

  const explainInactive = (): void => {
    servicesManager.services.uiNotificationService?.show({
      title: 'Bone segmentation unavailable',
      message: getCompatibility()?.message || 'The bone segmentation plugin has not finished loading.',
      type: 'error',
      duration: 10_000,
    });
  };

  return {
    definitions: {
      runBoneSegmentation: {
        commandFn: () => (isPluginActive() ? runBoneSegmentation(params) : explainInactive()),
      },
      /** One binary STL per bone of the active "Bones (AI)" segmentation, downloaded as bones-stl.zip. */
      exportBonesStl: {
        commandFn: () => (isPluginActive() ? exportBonesStl(params, `bone-segmentation ${EXTENSION_VERSION}`) : explainInactive()),
      },
      /** The active "Bones (AI)" segmentation as a DICOM SEG in the study's PACS; the labelmap stays. */
      storeBonesSegmentation: {
        commandFn: () => (isPluginActive() ? storeBonesSegmentation(params) : explainInactive()),
      },
      /** Rebuilds the 3D view's bone surfaces from the active "Bones (AI)" segmentation as edited. */
      updateBones3D: {
        commandFn: () => (isPluginActive() ? updateBones3D(params) : explainInactive()),
      },
      /** Shows or hides the CT's volume rendering in the 3D view (hidden by default in bone planning). */
      toggleBonesCtVolume3D: {
        commandFn: ({ shown }: { shown?: boolean } = {}) => {
          const next = shown ?? !ctVolumeShownIn3D();
          setCtVolumeShownIn3D(services(), next);
          return next;
        },
      },
      /** Run by the bone-planning mode on enter: the 3D view starts with surfaces only, until stopBonePlanning3D. */
      startBonePlanning3D: {
        commandFn: () => {
          const { cornerstone } = getHostCornerstone(params.extensionManager);
          stopBonePlanning3D?.();
          stopBonePlanning3D = cornerstone ? keepCtVolumeChoice(cornerstone, services()) : undefined;
        },
      },
      stopBonePlanning3D: {
        commandFn: () => {
          stopBonePlanning3D?.();
          stopBonePlanning3D = undefined;
        },
      },
      /** For support and tests: what the plugin decided about this host. */
      getBoneSegmentationStatus: {
        commandFn: () => ({
          id: EXTENSION_ID,
          version: EXTENSION_VERSION,
          active: isPluginActive(),
          problems: getCompatibility()?.problems ?? ['host not checked yet'],
        }),
      },
    },
    defaultContext: 'DEFAULT',
  };
}
