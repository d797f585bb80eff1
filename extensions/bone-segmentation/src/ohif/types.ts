/**
 * The slice of the OHIF host API this plugin touches, typed locally: the prebuilt viewer ships no type
 * declarations we can depend on, and naming exactly what we use makes a host API change easy to spot.
 */

export interface NotificationOptions {
  title?: string;
  message: string;
  type?: 'info' | 'success' | 'warning' | 'error';
  duration?: number;
}

export interface UINotificationService {
  show(options: NotificationOptions): unknown;
}

export interface ToolbarService {
  register(buttons: unknown[], replace?: boolean): void;
  updateSection(key: string, buttonIds: string[]): void;
  getButton?(id: string): unknown;
}

export interface CustomizationService {
  getCustomization(id: string): unknown;
}

/** Services are looked up by name; each may be absent on an older or trimmed host. */
export interface OhifServices {
  uiNotificationService?: UINotificationService;
  toolbarService?: ToolbarService;
  customizationService?: CustomizationService;
  segmentationService?: Record<string, unknown>;
  displaySetService?: Record<string, unknown>;
  viewportGridService?: Record<string, unknown>;
  cornerstoneViewportService?: Record<string, unknown>;
  [name: string]: unknown;
}

export interface ServicesManager {
  services: OhifServices;
}

export interface ModuleEntry<T = unknown> {
  name: string;
  exports?: T;
}

export interface ExtensionManager {
  getModuleEntry(stringEntry: string): ModuleEntry | undefined;
  registeredExtensionIds?: string[];
}

export interface CommandsManager {
  runCommand(name: string, options?: Record<string, unknown>, contextName?: string): unknown;
}

export interface ExtensionParams {
  servicesManager: ServicesManager;
  extensionManager: ExtensionManager;
  commandsManager: CommandsManager;
  appConfig?: Record<string, unknown>;
  configuration?: Record<string, unknown>;
}

export interface CommandDefinition {
  commandFn: (options: Record<string, unknown>) => unknown;
  options?: Record<string, unknown>;
  context?: string;
}

export interface CommandsModule {
  definitions: Record<string, CommandDefinition>;
  defaultContext: string;
}
