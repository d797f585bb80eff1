import { exportBonesStl } from './commands/exportBonesStl';
import { runBoneSegmentation } from './commands/runBoneSegmentation';
import { storeBonesSegmentation } from './commands/storeBonesSegmentation';
import { EXTENSION_ID, EXTENSION_VERSION } from './id';
import type { CommandsModule, ExtensionParams } from './ohif/types';
import { getCompatibility, isPluginActive } from './pluginState';

/** Commands are registered even on an unsupported host so a toolbar click explains itself instead of failing. */
export default function getCommandsModule(params: ExtensionParams): CommandsModule {
  const { servicesManager } = params;

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
