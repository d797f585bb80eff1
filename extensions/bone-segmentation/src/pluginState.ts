import type { Compatibility } from './compatibility';

/**
 * What preRegistration learned about the host. Module state is enough: OHIF registers an extension once per
 * page load, and every command of ours consults it before touching the host.
 */
let compatibility: Compatibility | null = null;

export function setCompatibility(result: Compatibility): void {
  compatibility = result;
}

export function getCompatibility(): Compatibility | null {
  return compatibility;
}

/** True only after a successful host check; an unchecked or unsupported host keeps the plugin inert. */
export function isPluginActive(): boolean {
  return compatibility?.supported === true;
}
