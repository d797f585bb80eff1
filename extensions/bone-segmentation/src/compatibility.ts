/**
 * Which host viewers this plugin supports, decided from facts read off the running host (see
 * ohif/readHostFacts.ts). Pure: no DOM, OHIF or Cornerstone, so it is unit-testable with made-up hosts.
 */

/** Cornerstone3D releases whose APIs we call (developed and tested against 5.6.8, as in OHIF 3.13.2). */
export const SUPPORTED_CORNERSTONE = { minimum: '5.6.0', belowMajor: 6 } as const;
/** The stock viewer we are tested with; OHIF does not publish its version at runtime, so we check its APIs. */
export const TESTED_OHIF_VERSION = '3.13.2';

export interface HostFacts {
  /** `version` exported by the host's @cornerstonejs/core, if any. */
  cornerstoneVersion?: string;
  /** `version` exported by the host's @cornerstonejs/tools, if any. */
  cornerstoneToolsVersion?: string;
  /** OHIF services / module entries we need that the host lacks, e.g. "segmentationService.addSegment". */
  missingOhifApis: string[];
}

export interface Compatibility {
  supported: boolean;
  /** One human sentence per problem; empty when supported. */
  problems: string[];
  /** The single message a user sees when the host is unsupported. */
  message: string;
}

export function parseVersion(version: string | undefined): [number, number, number] | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function cornerstoneVersionProblem(label: string, version: string | undefined): string | null {
  const parsed = parseVersion(version);
  if (!parsed) return `${label} version is unknown (${version ?? 'not exposed'})`;
  const minimum = parseVersion(SUPPORTED_CORNERSTONE.minimum)!;
  if (compareVersions(parsed, minimum) < 0 || parsed[0] >= SUPPORTED_CORNERSTONE.belowMajor) {
    return `${label} ${version} is outside the supported range ` +
      `>=${SUPPORTED_CORNERSTONE.minimum} <${SUPPORTED_CORNERSTONE.belowMajor}.0.0`;
  }
  return null;
}

export function checkHostCompatibility(facts: HostFacts): Compatibility {
  const problems: string[] = [];
  const core = cornerstoneVersionProblem('Cornerstone core', facts.cornerstoneVersion);
  if (core) problems.push(core);
  const tools = cornerstoneVersionProblem('Cornerstone tools', facts.cornerstoneToolsVersion);
  if (tools) problems.push(tools);
  if (facts.missingOhifApis.length) {
    problems.push(`the OHIF viewer lacks ${facts.missingOhifApis.join(', ')}`);
  }
  const supported = problems.length === 0;
  const message = supported
    ? ''
    : `Bone segmentation is disabled: this viewer is not supported (${problems.join('; ')}). ` +
      `It needs OHIF ${TESTED_OHIF_VERSION}-compatible APIs with Cornerstone ${SUPPORTED_CORNERSTONE.minimum} or a later 5.x. ` +
      'The viewer itself keeps working.';
  return { supported, problems, message };
}
