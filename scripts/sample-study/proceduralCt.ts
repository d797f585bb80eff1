import type { CtVolume } from '../../extensions/bone-segmentation/src/core/types';

/**
 * A small, deterministic stand-in CT of both thighs and hips, used only while the project's realistic synthetic
 * patient (sample-data/synthetic-patient-*.nii.gz) is absent. Not anatomy: it exists so the viewer has a CT with
 * air, fat, muscle and bright bone to show.
 */
export function proceduralThighsCt(): { name: string; volume: CtVolume } {
  const dims: [number, number, number] = [160, 128, 96];
  const spacing: [number, number, number] = [2.5, 2.5, 3];
  const [nx, ny, nz] = dims;
  const voxels = new Int16Array(nx * ny * nz);
  let seed = 12345;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 30;
  };
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  for (let k = 0; k < nz; k++) {
    const z = k / (nz - 1); // 0 = feet end, 1 = head end (k runs inferior -> superior)
    const hips = z > 0.7; // the top of the volume: one body outline and the femoral heads
    const legSeparation = hips ? 0 : 34 * (1 - z / 0.7) ** 0.5;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = (i - cx) * spacing[0];
        const y = (j - cy) * spacing[1];
        let hu = -1000;
        for (const side of [-1, 1]) {
          const lx = x - side * (45 + legSeparation);
          const bodyR = hips ? 0 : 85 - 10 * z;
          const inBody = hips ? (x / 175) ** 2 + (y / 115) ** 2 < 1 : Math.hypot(lx, y) < bodyR;
          if (!inBody) continue;
          const fatDepth = hips ? Math.min(175 - Math.abs(x), 115 - Math.abs(y)) : bodyR - Math.hypot(lx, y);
          hu = Math.max(hu, fatDepth < 12 ? -100 : 45);
          // Femoral shaft (cortex + marrow), tilted medially towards the knee; a femoral head at the top.
          const fx = x - side * (70 - 25 * (1 - z));
          const shaft = Math.hypot(fx, y + 5);
          if (!hips && shaft < 15) hu = shaft > 10 ? 1300 : 250;
          if (hips) {
            const head = Math.hypot(x - side * 85, y, (z - 0.82) * nz * spacing[2]);
            if (head < 24) hu = head > 19 ? 1100 : 300;
            const acetabulum = Math.hypot(x - side * 95, y, (z - 0.84) * nz * spacing[2]);
            if (acetabulum > 27 && acetabulum < 34 && Math.abs(x) > 60) hu = 900;
          }
        }
        voxels[i + j * nx + k * nx * ny] = Math.round(hu + (hu > -900 ? noise() : 0));
      }
    }
  }
  return {
    name: 'procedural-thighs',
    volume: {
      voxels,
      dims,
      spacing,
      // LPS axes: i -> patient left, j -> posterior, k -> superior (an ordinary axial stack, feet first).
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      origin: [-cx * spacing[0], -cy * spacing[1], -900],
    },
  };
}
