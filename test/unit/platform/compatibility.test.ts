import {
  checkHostCompatibility,
  cornerstoneVersionProblem,
  parseVersion,
} from '../../../extensions/bone-segmentation/src/compatibility';

describe('host compatibility check', () => {
  it('accepts the host we ship for: Cornerstone 5.6.8 and every OHIF API present', () => {
    const result = checkHostCompatibility({ cornerstoneVersion: '5.6.8', cornerstoneToolsVersion: '5.6.8', missingOhifApis: [] });
    expect(result).toEqual({ supported: true, problems: [], message: '' });
  });

  it('rejects an older or newer Cornerstone major and says which version it found', () => {
    const old = checkHostCompatibility({ cornerstoneVersion: '4.2.0', cornerstoneToolsVersion: '5.6.8', missingOhifApis: [] });
    expect(old.supported).toBe(false);
    expect(old.problems).toEqual(['Cornerstone core 4.2.0 is outside the supported range >=5.6.0 <6.0.0']);
    expect(old.message).toMatch(/^Bone segmentation is disabled: .*4\.2\.0.*The viewer itself keeps working\.$/);
    expect(cornerstoneVersionProblem('Cornerstone core', '6.0.0')).toMatch(/outside the supported range/);
    expect(cornerstoneVersionProblem('Cornerstone core', '5.5.9')).toMatch(/outside the supported range/);
    expect(cornerstoneVersionProblem('Cornerstone core', '5.7.0-beta.1')).toBeNull();
  });

  it('treats a host that does not expose its Cornerstone version as unsupported', () => {
    const result = checkHostCompatibility({ missingOhifApis: [] });
    expect(result.supported).toBe(false);
    expect(result.problems).toEqual([
      'Cornerstone core version is unknown (not exposed)',
      'Cornerstone tools version is unknown (not exposed)',
    ]);
  });

  it('lists the missing OHIF APIs in one message', () => {
    const result = checkHostCompatibility({
      cornerstoneVersion: '5.6.8',
      cornerstoneToolsVersion: '5.6.8',
      missingOhifApis: ['segmentationService.createLabelmapForDisplaySet', 'toolbarService'],
    });
    expect(result.supported).toBe(false);
    expect(result.message).toContain('the OHIF viewer lacks segmentationService.createLabelmapForDisplaySet, toolbarService');
  });

  it('parses plain and prefixed semantic versions only', () => {
    expect(parseVersion('5.6.8')).toEqual([5, 6, 8]);
    expect(parseVersion('v3.13.2-beta.4')).toEqual([3, 13, 2]);
    expect(parseVersion('five')).toBeNull();
    expect(parseVersion(undefined)).toBeNull();
  });
});
