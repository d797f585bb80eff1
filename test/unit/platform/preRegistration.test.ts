import getCommandsModule from '../../../extensions/bone-segmentation/src/getCommandsModule';
import type { ExtensionParams, NotificationOptions } from '../../../extensions/bone-segmentation/src/ohif/types';
import preRegistration from '../../../extensions/bone-segmentation/src/preRegistration';
import { isPluginActive } from '../../../extensions/bone-segmentation/src/pluginState';

const fn = (): void => undefined;

function host(cornerstoneVersion: string, shown: NotificationOptions[]): ExtensionParams {
  const libraries = { cornerstone: { version: cornerstoneVersion }, cornerstoneTools: { version: '5.6.8' } };
  return {
    servicesManager: {
      services: {
        uiNotificationService: { show: (options: NotificationOptions) => shown.push(options) },
        segmentationService: { createLabelmapForDisplaySet: fn, addSegmentationRepresentation: fn, getSegmentation: fn, getSegmentations: fn, getSegmentationRepresentations: fn, remove: fn },
        displaySetService: { getDisplaySetByUID: fn },
        viewportGridService: { getState: fn, getActiveViewportId: fn },
        cornerstoneViewportService: { getCornerstoneViewport: fn },
      },
    },
    extensionManager: {
      getModuleEntry: (entry: string) =>
        entry === '@ohif/extension-cornerstone.utilityModule.common'
          ? { name: 'common', exports: { getCornerstoneLibraries: () => libraries } }
          : undefined,
    },
    commandsManager: { runCommand: fn },
  };
}

describe('extension registration on supported and unsupported hosts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('activates on the host it was built for, silently', () => {
    const shown: NotificationOptions[] = [];
    jest.spyOn(console, 'info').mockImplementation(fn);
    preRegistration(host('5.6.8', shown));
    jest.advanceTimersByTime(120_000);
    expect(isPluginActive()).toBe(true);
    expect(shown).toEqual([]);
  });

  it('stays inert on an unsupported host, with exactly one error notification naming the reason', () => {
    const shown: NotificationOptions[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation(fn);
    const params = host('4.2.0', shown);
    preRegistration(params);
    expect(isPluginActive()).toBe(false);
    // The notification waits for the host UI (no DOM here: it gives up waiting after a minute and shows it).
    jest.advanceTimersByTime(120_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toEqual(expect.objectContaining({ type: 'error', title: 'Bone segmentation unavailable' }));
    expect(shown[0].message).toContain('Cornerstone core 4.2.0 is outside the supported range');
    expect(error).toHaveBeenCalledTimes(1);

    const { definitions } = getCommandsModule(params);
    expect(definitions.getBoneSegmentationStatus.commandFn({})).toEqual(
      expect.objectContaining({ active: false, problems: ['Cornerstone core 4.2.0 is outside the supported range >=5.6.0 <6.0.0'] }),
    );
    // The toolbar command explains instead of running.
    definitions.runBoneSegmentation.commandFn({});
    expect(shown).toHaveLength(2);
    expect(shown[1].message).toBe(shown[0].message);
  });

  it('never throws from preRegistration, even when reading the host fails', () => {
    const shown: NotificationOptions[] = [];
    jest.spyOn(console, 'error').mockImplementation(fn);
    const params = host('5.6.8', shown);
    params.extensionManager.getModuleEntry = () => {
      throw new Error('boom');
    };
    Object.defineProperty(params.servicesManager.services, 'segmentationService', {
      get() {
        throw new Error('service registry broken');
      },
    });
    expect(() => preRegistration(params)).not.toThrow();
    expect(isPluginActive()).toBe(false);
  });
});
