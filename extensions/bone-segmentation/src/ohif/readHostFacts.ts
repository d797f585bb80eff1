import type { HostFacts } from '../compatibility';
import { getHostCornerstone } from './hostLibraries';
import type { ExtensionManager, ServicesManager } from './types';

/**
 * Exactly the service methods the plugin calls unconditionally; a host without one of them cannot run it. Methods
 * called as `method?.()` are optional and left out. test/unit/platform/hostApiCheck.test.ts reads the plugin's
 * source and fails when this list and the calls disagree.
 */
export const REQUIRED_SERVICE_METHODS: Record<string, string[]> = {
  uiNotificationService: ['show'],
  segmentationService: ['createLabelmapForDisplaySet', 'addSegmentationRepresentation', 'getSegmentation', 'getSegmentations', 'getSegmentationRepresentations', 'remove'],
  displaySetService: ['getDisplaySetByUID'],
  viewportGridService: ['getState', 'getActiveViewportId'],
  cornerstoneViewportService: ['getCornerstoneViewport'],
};

export const REQUIRED_MODULE_ENTRIES = ['@ohif/extension-cornerstone.utilityModule.common'];

/** Reads, never changes, the running host: versions and the presence of the OHIF APIs we use. */
export function readHostFacts(servicesManager: ServicesManager, extensionManager: ExtensionManager): HostFacts {
  const missingOhifApis: string[] = [];
  const services = servicesManager?.services ?? {};
  for (const [serviceName, methods] of Object.entries(REQUIRED_SERVICE_METHODS)) {
    const service = services[serviceName] as Record<string, unknown> | undefined;
    if (!service) {
      missingOhifApis.push(serviceName);
      continue;
    }
    for (const method of methods) {
      if (typeof service[method] !== 'function') missingOhifApis.push(`${serviceName}.${method}`);
    }
  }
  for (const entry of REQUIRED_MODULE_ENTRIES) {
    let found: unknown;
    try {
      found = extensionManager?.getModuleEntry(entry);
    } catch {
      found = undefined;
    }
    if (!found) missingOhifApis.push(entry);
  }
  const { cornerstone, cornerstoneTools } = getHostCornerstone(extensionManager);
  return {
    cornerstoneVersion: (cornerstone as { version?: string } | undefined)?.version,
    cornerstoneToolsVersion: (cornerstoneTools as { version?: string } | undefined)?.version,
    missingOhifApis,
  };
}
