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

/** A stand-in for OHIF 3.13's HangingProtocolService: getProtocolById throws for unknown ids, as the host's does. */
function hangingProtocols(hostIds: string[], calls: string[]) {
  const protocols = new Map<string, Record<string, unknown>>(hostIds.map((id) => [id, { id, stages: [{ id: 'mpr3Stage' }] }]));
  const attributes = new Map<string, (study: unknown, options?: { displaySets?: unknown[] }) => boolean>();
  return {
    protocols,
    attributes,
    getProtocolById: (id: string) => {
      const protocol = protocols.get(id);
      if (!protocol) throw new Error(`No protocol ${id} found`);
      return protocol;
    },
    addProtocol: (id: string, protocol: Record<string, unknown>) => void protocols.set(id, protocol),
    addCustomAttribute: (id: string, _name: string, callback: (study: unknown, options?: { displaySets?: unknown[] }) => boolean) =>
      void attributes.set(id, callback),
    setActiveProtocolIds: (ids: string[]) => void calls.push(`setActiveProtocolIds ${ids.join()}`),
  };
}

function contextRecording(calls: string[], hostProtocolIds = ['mprAnd3DVolumeViewport', 'default']): ModeContext {
  return {
    servicesManager: {
      services: {
        hangingProtocolService: hangingProtocols(hostProtocolIds, calls),
        toolbarService: {
          register: (buttons: { id: string }[]) => calls.push(`register ${buttons.map((b) => b.id).join()}`),
          updateSection: (key: string, ids: string[]) => calls.push(`updateSection ${key} ${ids.join()}`),
        },
      },
    },
    extensionManager: {},
    commandsManager: { runCommand: (name: string) => calls.push(`runCommand ${name}`) },
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
    expect(mode.hangingProtocol).toEqual(['bonePlanningMprAnd3D', 'default']);
    expect(Object.keys(mode.extensions)).toEqual([
      '@ohif/extension-default',
      '@ohif/extension-cornerstone',
      'http://viewer/plugins/bone-segmentation/extension.mjs',
    ]);
    expect(mode.toolbarButtons).toEqual([
      { $reference: 'cornerstone.toolbarButtons' },
      expect.objectContaining({ id: 'SegmentBones', props: expect.objectContaining({ label: 'Segment bones', commands: 'runBoneSegmentation' }) }),
      expect.objectContaining({ id: 'UpdateBones3D', props: expect.objectContaining({ label: 'Update 3D', commands: 'updateBones3D' }) }),
      expect.objectContaining({ id: 'ToggleBonesCtVolume3D', props: expect.objectContaining({ label: 'CT in 3D', commands: 'toggleBonesCtVolume3D' }) }),
      expect.objectContaining({ id: 'ExportBonesSTL', props: expect.objectContaining({ label: 'Export STL', commands: 'exportBonesStl' }) }),
      expect.objectContaining({ id: 'StoreBonesSEG', props: expect.objectContaining({ label: 'Store to PACS', commands: 'storeBonesSegmentation' }) }),
    ]);
  });

  it('adds its buttons to the primary toolbar after the host mode has set up its own, and keeps the 3D view to surfaces while open', () => {
    const calls: string[] = [];
    const mode = extendSegmentationMode(hostSegmentationMode(calls), 'x');
    const context = contextRecording(calls);
    mode.onModeEnter!.call(mode, context);
    const ids = 'SegmentBones,UpdateBones3D,ToggleBonesCtVolume3D,ExportBonesSTL,StoreBonesSEG';
    expect(calls).toEqual(['base onModeEnter', `register ${ids}`, `updateSection primary ${ids}`, 'runCommand startBonePlanning3D']);
    mode.onModeExit!.call(mode, context);
    expect(calls.slice(4)).toEqual(['runCommand stopBonePlanning3D']);
  });

  it('hangs MPR + 3D only for a study with a reconstructable CT, else the host default protocol', () => {
    const calls: string[] = [];
    const mode = extendSegmentationMode(hostSegmentationMode(calls), 'x');
    const context = contextRecording(calls);
    mode.onModeEnter!.call(mode, context);
    const service = context.servicesManager.services.hangingProtocolService as ReturnType<typeof hangingProtocols>;
    const protocol = service.protocols.get('bonePlanningMprAnd3D')!;
    expect(protocol.stages).toEqual([{ id: 'mpr3Stage' }]); // the host's MPR + 3D layout, unchanged
    const [rule] = protocol.protocolMatchingRules as { attribute: string; required: boolean }[];
    expect(rule.required).toBe(true);
    const hasVolume = service.attributes.get(rule.attribute)!;
    expect(hasVolume({}, { displaySets: [{ Modality: 'CT', isReconstructable: true }] })).toBe(true);
    expect(hasVolume({}, { displaySets: [{ Modality: 'CT', isReconstructable: false }, { Modality: 'SR' }] })).toBe(false);
    expect(hasVolume({}, { displaySets: [{ Modality: 'MR', isReconstructable: true }] })).toBe(false);
    // Entering the mode again neither duplicates nor overwrites the protocol.
    mode.onModeEnter!.call(mode, context);
    expect(service.protocols.get('bonePlanningMprAnd3D')).toBe(protocol);
  });

  it('falls back to the host default protocol when the host has no MPR + 3D protocol', () => {
    const calls: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const mode = extendSegmentationMode(hostSegmentationMode(calls), 'x');
    mode.onModeEnter!.call(mode, contextRecording(calls, ['default']));
    expect(calls).toContain('setActiveProtocolIds default');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('has no mprAnd3DVolumeViewport protocol'));
    warn.mockRestore();
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
