import bonePlanningMode, { extendSegmentationMode } from '../../../modes/bone-planning/src/index';
import type { ModeContext, ModeInstance } from '../../../modes/bone-planning/src/hostModes';
import { isValidMode } from '../../../modes/bone-planning/src/isValidMode';
import { EXTENSION_PACKAGE } from '../../../modes/bone-planning/src/pluginUrls';

/** The shape of the host's @ohif/mode-segmentation instance that our mode extends. */
function hostSegmentationMode(calls: string[]): ModeInstance {
  return {
    id: '@ohif/mode-segmentation',
    routeName: 'segmentation',
    displayName: 'Segmentation',
    routes: [{ path: 'template', layoutTemplate: () => ({}), layoutInstance: { id: 'layout' } }],
    extensions: { '@ohif/extension-default': '^3.0.0', '@ohif/extension-cornerstone': '^3.0.0' },
    hangingProtocol: ['@ohif/mnGrid'],
    toolbarButtons: [{ $reference: 'cornerstone.toolbarButtons' }],
    nonModeModalities: ['SM'],
    onModeEnter() {
      calls.push('base onModeEnter');
    },
  };
}

function contextRecording(calls: string[]): ModeContext {
  return {
    servicesManager: {
      services: {
        toolbarService: {
          register: (buttons: { id: string }[]) => calls.push(`register ${buttons.map((b) => b.id).join()}`),
          updateSection: (key: string, ids: string[]) => calls.push(`updateSection ${key} ${ids.join()}`),
        },
      },
    },
    extensionManager: {},
    commandsManager: {},
  };
}

describe('bone-planning mode', () => {
  it('is valid exactly for studies with a CT series', () => {
    expect(isValidMode({ modalities: 'CT' }).valid).toBe(true);
    expect(isValidMode({ modalities: 'SEG\\CT\\SR' }).valid).toBe(true);
    expect(isValidMode({ modalities: 'MR\\PT' })).toEqual({ valid: false, description: 'Bone planning needs a study with a CT series' });
    expect(isValidMode({ modalities: '' }).valid).toBe(false);
  });

  it('re-routes the host segmentation mode to /bone-planning with MPR + 3D and our extension', () => {
    const calls: string[] = [];
    const mode = extendSegmentationMode(hostSegmentationMode(calls), 'http://viewer/plugins/bone-segmentation/extension.mjs');
    expect(mode.id).toBe('ohif-mode-bone-planning');
    expect(mode.routeName).toBe('bone-planning');
    expect(mode.routes[0].path).toBe('bone-planning');
    expect(mode.routes[0].layoutInstance).toEqual({ id: 'layout' });
    expect(mode.hangingProtocol).toBe('mprAnd3DVolumeViewport');
    expect(Object.keys(mode.extensions)).toEqual([
      '@ohif/extension-default',
      '@ohif/extension-cornerstone',
      'http://viewer/plugins/bone-segmentation/extension.mjs',
    ]);
    expect(mode.toolbarButtons).toEqual([
      { $reference: 'cornerstone.toolbarButtons' },
      expect.objectContaining({ id: 'SegmentBones', props: expect.objectContaining({ label: 'Segment bones', commands: 'runBoneSegmentation' }) }),
    ]);
  });

  it('adds the Segment bones button to the primary toolbar after the host mode has set up its own', () => {
    const calls: string[] = [];
    const mode = extendSegmentationMode(hostSegmentationMode(calls), 'x');
    mode.onModeEnter!.call(mode, contextRecording(calls));
    expect(calls).toEqual(['base onModeEnter', 'register SegmentBones', 'updateSection primary SegmentBones']);
  });

  it('is built by modeFactory from the host segmentation mode, keyed by bundle URL on the prebuilt viewer', async () => {
    const calls: string[] = [];
    const host = { id: '@ohif/mode-segmentation', modeInstance: hostSegmentationMode(calls), modeFactory() { return this.modeInstance; } };
    (globalThis as Record<string, unknown>).__webpack_public_path__ = 'http://viewer/plugins/bone-planning/';
    const loadModules = async (names: string[]): Promise<unknown[]> => {
      if (names[0] === EXTENSION_PACKAGE) throw new TypeError('Failed to resolve module specifier');
      return names.map((name) => (name === '@ohif/mode-segmentation' ? host : undefined));
    };
    try {
      const mode = await bonePlanningMode.modeFactory({ loadModules });
      expect(mode?.routeName).toBe('bone-planning');
      expect(Object.keys(mode!.extensions)).toContain('http://viewer/plugins/bone-segmentation/extension.mjs');
    } finally {
      delete (globalThis as Record<string, unknown>).__webpack_public_path__;
    }
  });

  it('declines to exist (null) on a host without the segmentation mode', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const mode = await bonePlanningMode.modeFactory({ loadModules: async (names) => names.map(() => undefined) });
    expect(mode).toBeNull();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('the host has no @ohif/mode-segmentation'));
    error.mockRestore();
  });
});
