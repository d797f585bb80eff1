import { readHostFacts } from '../../../extensions/bone-segmentation/src/ohif/readHostFacts';
import type { ExtensionManager, ServicesManager } from '../../../extensions/bone-segmentation/src/ohif/types';

const fn = (): void => undefined;

function completeServices(): ServicesManager {
  return {
    services: {
      uiNotificationService: { show: fn },
      segmentationService: { createLabelmapForDisplaySet: fn, addSegmentationRepresentation: fn, getSegmentation: fn, getSegmentations: fn, getSegmentationRepresentations: fn, remove: fn },
      displaySetService: { getDisplaySetByUID: fn },
      viewportGridService: { getState: fn, getActiveViewportId: fn },
      cornerstoneViewportService: { getCornerstoneViewport: fn },
    },
  };
}

function extensionManagerWith(libraries: Record<string, unknown> | null): ExtensionManager {
  return {
    getModuleEntry: (entry: string) =>
      entry === '@ohif/extension-cornerstone.utilityModule.common' && libraries
        ? { name: 'common', exports: { getCornerstoneLibraries: () => libraries } }
        : undefined,
  };
}

describe('reading the host', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).cornerstone;
    delete (globalThis as Record<string, unknown>).cornerstoneTools;
  });

  it('finds nothing missing on a complete host and reads versions from the cornerstone utility module', () => {
    const facts = readHostFacts(
      completeServices(),
      extensionManagerWith({ cornerstone: { version: '5.6.8' }, cornerstoneTools: { version: '5.6.7' } }),
    );
    expect(facts).toEqual({ cornerstoneVersion: '5.6.8', cornerstoneToolsVersion: '5.6.7', missingOhifApis: [] });
  });

  it("prefers the page globals the host publishes (window.cornerstone)", () => {
    (globalThis as Record<string, unknown>).cornerstone = { version: '4.9.0' };
    const facts = readHostFacts(completeServices(), extensionManagerWith({ cornerstone: { version: '5.6.8' } }));
    expect(facts.cornerstoneVersion).toBe('4.9.0');
  });

  it('names each missing service, method and module entry', () => {
    const services = completeServices();
    delete services.services.viewportGridService;
    (services.services.segmentationService as Record<string, unknown>).createLabelmapForDisplaySet = undefined;
    const facts = readHostFacts(services, extensionManagerWith(null));
    expect(facts.missingOhifApis).toEqual([
      'segmentationService.createLabelmapForDisplaySet',
      'viewportGridService',
      '@ohif/extension-cornerstone.utilityModule.common',
    ]);
    expect(facts.cornerstoneVersion).toBeUndefined();
  });
});
