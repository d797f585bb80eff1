import { isValidUid, uidFromKey } from '../../e2e/fixtures/dicom-uids';

describe('deterministic UIDs for repaired fixtures', () => {
  it('gives the same valid 2.25 UID for the same key and different ones for different keys', () => {
    const a = uidFromKey('series/slice-1');
    expect(a).toBe(uidFromKey('series/slice-1'));
    expect(a).toMatch(/^2\.25\.[1-9][0-9]*$/);
    expect(isValidUid(a)).toBe(true);
    const many = new Set(Array.from({ length: 500 }, (_, i) => uidFromKey(`series/slice-${i}`)));
    expect(many.size).toBe(500);
    for (const uid of many) expect(isValidUid(uid)).toBe(true);
  });

  it('rejects UIDs that break DICOM PS3.5 rules', () => {
    expect(isValidUid('')).toBe(false);
    expect(isValidUid('1.2.03')).toBe(false);
    expect(isValidUid('1..2')).toBe(false);
    expect(isValidUid('1.2.a')).toBe(false);
    expect(isValidUid(`1.${'2'.repeat(63)}`)).toBe(false);
    expect(isValidUid('1.2.840.10008.5.1.4.1.1.2')).toBe(true);
    expect(isValidUid('2.25.0')).toBe(true);
  });
});
