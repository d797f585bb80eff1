import type { HostModeModule, LoadModules, ModeContext, ModeInstance } from './hostModes';
import { MODE_ID, MODE_VERSION, ROUTE_NAME } from './id';
import {
  BONE_PLANNING_PROTOCOLS,
  HOST_DEFAULT_PROTOCOL,
  HOST_MPR_AND_3D,
  registerBonePlanningProtocol,
} from './bonePlanningProtocol';
import { isValidMode } from './isValidMode';
import { extensionKey } from './pluginUrls';
import {
  CT_IN_3D_BUTTON_ID,
  ctIn3DButton,
  START_3D_COMMAND,
  STOP_3D_COMMAND,
  UPDATE_3D_BUTTON_ID,
  update3DButton,
  EXPORT_STL_BUTTON_ID,
  exportStlButton,
  PRIMARY_TOOLBAR_SECTION,
  SEGMENT_BONES_BUTTON_ID,
  segmentBonesButton,
  STORE_SEG_BUTTON_ID,
  storeSegButton,
} from './segmentBonesButton';

const OUR_BUTTONS = [segmentBonesButton, update3DButton, ctIn3DButton, exportStlButton, storeSegButton];
const OUR_BUTTON_IDS = [SEGMENT_BONES_BUTTON_ID, UPDATE_3D_BUTTON_ID, CT_IN_3D_BUTTON_ID, EXPORT_STL_BUTTON_ID, STORE_SEG_BUTTON_ID];

/** A command of our extension; a missing one (extension not loaded) is logged, never thrown into the host. */
function runCommand(context: ModeContext, name: string): void {
  try {
    (context.commandsManager as { runCommand?: (name: string) => unknown } | undefined)?.runCommand?.(name);
  } catch (error) {
    console.warn(`[${MODE_ID}] ${name} failed:`, error);
  }
}

/** The host's own segmentation mode: its labelmap panels, brush/eraser/threshold tools and tool groups. */
const HOST_SEGMENTATION_MODE = '@ohif/mode-segmentation';
const MODE_CUSTOMIZATIONS = 'bonePlanningModeCustomizations';

/**
 * Bone planning = the host segmentation mode, re-routed to /bone-planning, hung as MPR + 3D, valid for CT
 * studies, with our extension and its "Segment bones" button added.
 */
export function extendSegmentationMode(base: ModeInstance, extensionEntry: string): ModeInstance {
  const baseOnModeEnter = base.onModeEnter;
  const baseOnModeExit = base.onModeExit;
  const [baseRoute] = base.routes;
  return {
    ...base,
    id: MODE_ID,
    routeName: ROUTE_NAME,
    displayName: 'Bone planning',
    modeCustomizations: MODE_CUSTOMIZATIONS,
    routes: [{ ...baseRoute, path: ROUTE_NAME }],
    extensions: { ...base.extensions, [extensionEntry]: `^${MODE_VERSION}` },
    hangingProtocol: BONE_PLANNING_PROTOCOLS,
    isValidMode,
    nonModeModalities: undefined,
    modeModalities: undefined,
    toolbarButtons: [...(base.toolbarButtons ?? []), ...OUR_BUTTONS],
    onModeEnter(this: ModeInstance, context: ModeContext) {
      baseOnModeEnter?.call(this, context);
      const { toolbarService, hangingProtocolService } = context.servicesManager.services;
      // The protocol ids were made active just before this hook; the protocol engine runs once series load.
      if (!registerBonePlanningProtocol(hangingProtocolService)) {
        console.warn(`[${MODE_ID}] the host has no ${HOST_MPR_AND_3D} protocol; using its default layout`);
        hangingProtocolService.setActiveProtocolIds([HOST_DEFAULT_PROTOCOL]);
      }
      // register() keeps an existing definition; updateSection() appends to the host's primary toolbar.
      toolbarService.register(OUR_BUTTONS);
      toolbarService.updateSection(PRIMARY_TOOLBAR_SECTION, OUR_BUTTON_IDS);
      // The 3D view shows bone surfaces only (CT volume rendering off until asked for).
      runCommand(context, START_3D_COMMAND);
    },
    onModeExit(this: ModeInstance, context: ModeContext) {
      runCommand(context, STOP_3D_COMMAND);
      baseOnModeExit?.call(this, context);
    },
  };
}

const bonePlanningMode = {
  id: MODE_ID,
  /** Registered by the host at load, so site customizations can target our mode scope. */
  customizations: { [MODE_CUSTOMIZATIONS]: {} },
  async modeFactory({ modeConfiguration, loadModules }: { modeConfiguration?: unknown; loadModules: LoadModules }) {
    const [segmentation] = (await loadModules([HOST_SEGMENTATION_MODE])) as HostModeModule[];
    if (!segmentation?.modeFactory) {
      console.error(`[${MODE_ID}] the host has no ${HOST_SEGMENTATION_MODE}; the bone-planning mode is not available`);
      return null;
    }
    const base = segmentation.modeFactory.call(segmentation, {});
    const instance = extendSegmentationMode(base, await extensionKey(loadModules));
    // The host's modeFactory applies a site's app-config `modesConfiguration[id]` (immutability-helper commands).
    return modeConfiguration && Object.keys(modeConfiguration).length
      ? segmentation.modeFactory.call({ modeInstance: instance }, { modeConfiguration })
      : instance;
  },
};

export default bonePlanningMode;
