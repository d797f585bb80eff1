/**
 * Types for the host's mode objects we extend. The prebuilt viewer exposes modes only through the
 * `loadModules` function it hands to modeFactory, so we describe just the fields we read or override.
 */
export interface ModeContext {
  servicesManager: { services: Record<string, any> };
  extensionManager: unknown;
  commandsManager: unknown;
}

export interface ModeRoute {
  path: string;
  layoutTemplate: (...args: unknown[]) => unknown;
  layoutInstance?: unknown;
  [key: string]: unknown;
}

export interface ModeInstance {
  id: string;
  routeName: string;
  displayName: string;
  routes: ModeRoute[];
  extensions: Record<string, string>;
  hangingProtocol: string | string[];
  toolbarButtons?: unknown[];
  onModeEnter?: (this: ModeInstance, context: ModeContext) => void;
  onModeExit?: (this: ModeInstance, context: ModeContext) => void;
  [key: string]: unknown;
}

/** A mode module as the host's loader returns it (its default export). */
export interface HostModeModule {
  id: string;
  modeInstance: ModeInstance;
  modeFactory: (this: { modeInstance: ModeInstance }, args: { modeConfiguration?: unknown }) => ModeInstance;
}

export type LoadModules = (names: string[]) => Promise<unknown[]>;
