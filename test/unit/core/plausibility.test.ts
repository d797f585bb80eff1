import { removeArmsAndRibsCalledLegBones, removeLoneHipBone } from '../../../extensions/bone-segmentation/src/core/postprocess/plausibility';

const classes = ['background', 'femur', 'tibia', 'fibula', 'patella', 'hip', 'sacrum'];
const dims: [number, number, number] = [60, 6, 6];
// Patient x = (index - 30) * 10 mm.
const worldX: [number, number, number, number] = [-300, 10, 0, 0];

function withShafts(atA: number, atB: number, extra?: [number, number]): Uint8Array {
  const m = new Uint8Array(60 * 36);
  for (let z = 0; z < 6; z++)
    for (let y = 1; y < 5; y++) {
      m[atA + y * 60 + z * 360] = 1;
      m[atB + y * 60 + z * 360] = 1;
    }
  if (extra) m[extra[0] + 60 + 360] = extra[1];
  return m;
}

describe('arms called femurs', () => {
  it('removes two "femurs" 400 mm apart with no other lower-limb bone (humeri beside an abdomen)', () => {
    const m = withShafts(10, 50);
    expect(removeArmsAndRibsCalledLegBones(m, dims, classes, worldX)).toBe(true);
    expect(m.every((v) => v === 0)).toBe(true);
  });

  it('keeps femurs at thigh distance, and far-apart femurs when a hip bone or tibia anchors them', () => {
    const thighs = withShafts(20, 40); // 200 mm
    expect(removeArmsAndRibsCalledLegBones(thighs, dims, classes, worldX)).toBe(false);
    expect(thighs.filter((v) => v === 1).length).toBe(48);
    const anchored = withShafts(10, 50, [12, 5]); // a hip bone next to one of them
    expect(removeArmsAndRibsCalledLegBones(anchored, dims, classes, worldX)).toBe(false);
    // Something called hip far from both (a vertebra) does not anchor them.
    const spine = withShafts(10, 50, [30, 5]);
    expect(removeArmsAndRibsCalledLegBones(spine, dims, classes, worldX)).toBe(true);
  });

  it('treats femur, tibia and fibula alike: ribs called "femur" on one side and "tibia" on the other are removed', () => {
    const ribs = withShafts(10, 50);
    ribs.forEach((v, p) => {
      if (v === 1 && p % 60 === 50) ribs[p] = 2;
    });
    expect(removeArmsAndRibsCalledLegBones(ribs, dims, classes, worldX)).toBe(true);
    expect(ribs.every((v) => v === 0)).toBe(true);
    // A knee pair at leg distance (femur one side, tibia the other piece) stays.
    const legs = withShafts(20, 40);
    legs.forEach((v, p) => {
      if (v === 1 && p % 60 === 40) legs[p] = 2;
    });
    expect(removeArmsAndRibsCalledLegBones(legs, dims, classes, worldX)).toBe(false);
    expect(legs.filter((v) => v === 2).length).toBe(24);
  });
});

describe('a lone hip bone', () => {
  const hipAt = (m: Uint8Array, x: number, label = 5) => {
    for (let z = 0; z < 6; z++) for (let y = 1; y < 5; y++) m[x + y * 60 + z * 360] = label;
  };

  it('removes one connected "hip bone" with no femur, sacrum or partner (a vertebra on an abdominal CT)', () => {
    const m = new Uint8Array(60 * 36);
    hipAt(m, 30);
    expect(removeLoneHipBone(m, dims, classes)).toBe(true);
    expect(m.every((v) => v === 0)).toBe(true);
  });

  it('removes several "hip bone" pieces with no femur or sacrum (vertebra and rib pieces)', () => {
    const pieces = new Uint8Array(60 * 36);
    hipAt(pieces, 20);
    hipAt(pieces, 40);
    expect(removeLoneHipBone(pieces, dims, classes)).toBe(true);
    expect(pieces.every((v) => v === 0)).toBe(true);
  });

  it('keeps hip bones with a femur or the sacrum', () => {
    for (const partner of [1, 6]) {
      const m = new Uint8Array(60 * 36);
      hipAt(m, 20);
      hipAt(m, 40, partner);
      expect(removeLoneHipBone(m, dims, classes)).toBe(false);
      expect(m.filter((v) => v === 5).length).toBe(24);
    }
  });
});
