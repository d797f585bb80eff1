/**
 * The bone-planning layout: the host's `mprAnd3DVolumeViewport` (axial, sagittal, coronal MPR + 3D) chosen only
 * when the study has a CT series that can be reconstructed as a volume. Otherwise OHIF's `default` protocol shows
 * the images in a stack viewport instead of four empty viewports (e.g. irregular slice spacing).
 */
export const HOST_MPR_AND_3D = 'mprAnd3DVolumeViewport';
export const BONE_PLANNING_PROTOCOL = 'bonePlanningMprAnd3D';
export const HOST_DEFAULT_PROTOCOL = 'default';
/** Tried in this order by the host's protocol engine (highest matching score wins; no match -> default). */
export const BONE_PLANNING_PROTOCOLS = [BONE_PLANNING_PROTOCOL, HOST_DEFAULT_PROTOCOL];

const HAS_RECONSTRUCTABLE_CT = 'boneSegmentationHasReconstructableCt';

interface DisplaySetLike {
  Modality?: string;
  isReconstructable?: boolean;
}

interface HangingProtocolServiceLike {
  /** Throws for an unknown id (OHIF 3.13). */
  getProtocolById(id: string): Record<string, unknown> | undefined;
  addProtocol(id: string, protocol: Record<string, unknown>): void;
  addCustomAttribute(id: string, name: string, callback: (study: unknown, options?: { displaySets?: DisplaySetLike[] }) => boolean): void;
}

export function hasReconstructableCt(displaySets: DisplaySetLike[] | undefined): boolean {
  return (displaySets ?? []).some((ds) => ds.Modality === 'CT' && ds.isReconstructable === true);
}

function findProtocol(service: HangingProtocolServiceLike, id: string): Record<string, unknown> | undefined {
  try {
    return service.getProtocolById(id) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers our protocol (a copy of the host's MPR + 3D with a study-level rule). Idempotent. Returns false when
 * the host lacks the MPR + 3D protocol; the caller then falls back to the host's default protocol.
 */
export function registerBonePlanningProtocol(hangingProtocolService: HangingProtocolServiceLike): boolean {
  hangingProtocolService.addCustomAttribute(HAS_RECONSTRUCTABLE_CT, 'Has a CT series reconstructable as a volume', (_study, options) =>
    hasReconstructableCt(options?.displaySets),
  );
  if (findProtocol(hangingProtocolService, BONE_PLANNING_PROTOCOL)) return true;
  const hostProtocol = findProtocol(hangingProtocolService, HOST_MPR_AND_3D);
  if (!hostProtocol) return false;
  hangingProtocolService.addProtocol(BONE_PLANNING_PROTOCOL, {
    ...hostProtocol,
    id: BONE_PLANNING_PROTOCOL,
    name: 'Bone planning (MPR + 3D)',
    protocolMatchingRules: [
      { attribute: HAS_RECONSTRUCTABLE_CT, constraint: { equals: { value: true } }, required: true, weight: 100 },
    ],
  });
  return true;
}
