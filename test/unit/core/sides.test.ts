import { assignSides } from '../../../extensions/bone-segmentation/src/core/postprocess/sides';

const classes = ['background', 'femur', 'tibia', 'fibula', 'patella', 'hip', 'sacrum'];
const dims: [number, number, number] = [40, 10, 10];
// Patient x = (index - 20) * 10 mm: LPS grid, centre at x index 20.
const worldX: [number, number, number, number] = [-200, 10, 0, 0];

function put(map: Uint8Array, cls: number, x0: number, x1: number, z0 = 0, z1 = 10): void {
  for (let z = z0; z < z1; z++) for (let y = 2; y < 8; y++) for (let x = x0; x < x1; x++) map[x + y * 40 + z * 400] = cls;
}

describe('left/right assignment', () => {
  it('uses the sacrum as the midline; patient left is +x', () => {
    const m = new Uint8Array(4000);
    put(m, 1, 4, 10); // right femur (x < 0)
    put(m, 1, 30, 36); // left femur
    put(m, 6, 19, 22);
    const { labels, decision } = assignSides(m, dims, classes, worldX, 1);
    expect(decision.rule).toBe('sacrum centre');
    expect(labels[5 + 3 * 40]).toBe(2); // femur_right
    expect(labels[32 + 3 * 40]).toBe(1); // femur_left
    expect(labels[20 + 3 * 40]).toBe(11);
  });

  it('splits hip bones fused at the symphysis at the midline between the femurs', () => {
    const m = new Uint8Array(4000);
    put(m, 5, 6, 34, 5, 10); // one hip component spanning both sides
    put(m, 1, 6, 12, 0, 5);
    put(m, 1, 28, 34, 0, 5);
    const { labels } = assignSides(m, dims, classes, worldX, 1);
    expect(labels[8 + 3 * 40 + 7 * 400]).toBe(10); // hip_right
    expect(labels[31 + 3 * 40 + 7 * 400]).toBe(9); // hip_left
  });

  it('cuts fused hip bones at the symphysis (their narrowest part), even off the sacrum centre', () => {
    const m = new Uint8Array(4000);
    put(m, 6, 19, 22, 0, 3); // sacrum centred at x index 20 (patient x 0)
    put(m, 5, 6, 22, 5, 10); // right hip bone, up to index 21 (patient x +10 mm)...
    put(m, 5, 23, 34, 5, 10); // ...left hip bone from index 23...
    for (let z = 6; z < 8; z++) m[22 + 4 * 40 + z * 400] = 5; // ...joined by a thin bridge at +20 mm
    const { labels } = assignSides(m, dims, classes, worldX, 1);
    expect(labels[21 + 3 * 40 + 7 * 400]).toBe(10); // right of the symphysis though left of the sacrum centre
    expect(labels[24 + 3 * 40 + 7 * 400]).toBe(9);
  });

  it('one leg: the fibula lies lateral to the tibia', () => {
    for (const [tibia, fibula, expected] of [
      [[10, 14], [16, 18], 'left'],
      [[10, 14], [6, 8], 'right'],
    ] as const) {
      const m = new Uint8Array(4000);
      put(m, 2, tibia[0], tibia[1]);
      put(m, 3, fibula[0], fibula[1]);
      const { labels, decision } = assignSides(m, dims, classes, worldX, 1);
      expect(decision.singleSide).toBe(expected);
      expect(labels[tibia[0] + 3 * 40]).toBe(expected === 'left' ? 3 : 4);
      expect(labels[fibula[0] + 3 * 40]).toBe(expected === 'left' ? 5 : 6);
    }
  });
});
