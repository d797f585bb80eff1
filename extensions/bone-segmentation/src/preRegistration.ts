import { checkHostCompatibility } from './compatibility';
import { EXTENSION_ID, EXTENSION_VERSION } from './id';
import { notifyWhenUiReady } from './ohif/notifyWhenUiReady';
import { readHostFacts } from './ohif/readHostFacts';
import type { ExtensionParams } from './ohif/types';
import { setCompatibility } from './pluginState';

/**
 * Runs once when OHIF registers the extension. It must never throw: a failure here would stop the host's
 * extension registration, and an unsupported host should just get one message and an inert plugin.
 */
export default function preRegistration({ servicesManager, extensionManager }: ExtensionParams): void {
  let result;
  try {
    result = checkHostCompatibility(readHostFacts(servicesManager, extensionManager));
  } catch (error) {
    result = checkHostCompatibility({
      missingOhifApis: [`a readable host (${error instanceof Error ? error.message : String(error)})`],
    });
  }
  setCompatibility(result);
  if (result.supported) {
    console.info(`[${EXTENSION_ID}] ${EXTENSION_VERSION} loaded`);
    return;
  }
  console.error(`[${EXTENSION_ID}] ${result.message}`);
  notifyWhenUiReady(servicesManager?.services?.uiNotificationService, {
    title: 'Bone segmentation unavailable',
    message: result.message,
    type: 'error',
    duration: 20_000,
  });
}
