import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import type { ExtensionManager } from './types';

export interface CornerstoneLibraries {
  cornerstone: typeof CornerstoneCore;
  cornerstoneTools: typeof CornerstoneTools;
}

const COMMON_UTILITY = '@ohif/extension-cornerstone.utilityModule.common';

interface CommonUtilityExports {
  getCornerstoneLibraries?: () => Partial<CornerstoneLibraries>;
}

interface HostGlobals {
  cornerstone?: typeof CornerstoneCore;
  cornerstoneTools?: typeof CornerstoneTools;
}

/**
 * The host's own Cornerstone objects. We never bundle a copy: two copies would keep two sets of caches, tool
 * groups and rendering engines. The page globals come first because they are what the host published for
 * plugins; the cornerstone extension's utility module is the fallback (same objects in OHIF 3.13).
 */
export function getHostCornerstone(extensionManager?: ExtensionManager): Partial<CornerstoneLibraries> {
  const globals = globalThis as unknown as HostGlobals;
  let fromUtility: Partial<CornerstoneLibraries> = {};
  try {
    const entry = extensionManager?.getModuleEntry(COMMON_UTILITY) as { exports?: CommonUtilityExports } | undefined;
    fromUtility = entry?.exports?.getCornerstoneLibraries?.() ?? {};
  } catch {
    // An older host without the utility module: the globals below are all we have.
  }
  return {
    cornerstone: globals.cornerstone ?? fromUtility.cornerstone,
    cornerstoneTools: globals.cornerstoneTools ?? fromUtility.cornerstoneTools,
  };
}
