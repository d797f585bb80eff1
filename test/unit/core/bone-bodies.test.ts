import { fullBox } from '../../../extensions/bone-segmentation/src/core/box';
import { voteByBoneBodies, type BodyVoteParams } from '../../../extensions/bone-segmentation/src/core/postprocess/bone-bodies';

/**
 * A femur-like body (shaft + head: dense shell, dark cancellous interior) next to a bigger socket (the hip bone's
 * body), a 2-voxel joint space between them. The coarse guess called the whole head hip bone (9); the shaft is
 * femur (1).
 */
const FEMUR = 1;
const HIP = 9;
const HIP_OTHER_SIDE = 10;
const dims: [number, number, number] = [40, 16, 16];
const [nx, ny, nz] = dims;
const at = (x: number, y: number, z: number): number => z * nx * ny + y * nx + x;
const inShell = (x: number, y: number, z: number, x0: number, x1: number): boolean =>
  x >= x0 && x < x1 && y >= 3 && y < 13 && z >= 3 && z < 13;
const interior = (x: number, y: number, z: number, x0: number, x1: number): boolean =>
  x > x0 && x < x1 - 1 && y > 3 && y < 12 && z > 3 && z < 12;

function scene(opts: { bridged?: boolean; socketLabel?: number } = {}): { labels: Uint8Array; hu: Int16Array } {
  const labels = new Uint8Array(nx * ny * nz);
  const hu = new Int16Array(nx * ny * nz).fill(40);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const p = at(x, y, z);
        // Femur: x 0-13 shaft (femur label), x 14-19 head (hip label); socket: x 22-39.
        if (inShell(x, y, z, 0, 20)) {
          hu[p] = interior(x, y, z, -1, 20) ? 200 : 1000;
          labels[p] = x < 14 ? FEMUR : HIP;
        } else if (inShell(x, y, z, 22, 40)) {
          hu[p] = interior(x, y, z, 22, 41) ? 200 : 1000;
          labels[p] = opts.socketLabel ?? HIP;
        } else if (opts.bridged && x >= 20 && x < 22 && y === 8 && z === 8) {
          hu[p] = 900;
          labels[p] = HIP;
        }
      }
  return { labels, hu };
}

const params: BodyVoteParams = {
  denseHu: 400,
  maxFractionOfLabel: 1 / 3,
  minMajority: 0.5,
  minPieceVoxels: 5,
  mayMove: (from, to) => !((from === HIP && to === HIP_OTHER_SIDE) || (from === HIP_OTHER_SIDE && to === HIP)),
};

function countOf(labels: Uint8Array, value: number, region: (x: number, y: number, z: number) => boolean): number {
  let n = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) if (region(x, y, z) && labels[at(x, y, z)] === value) n++;
  return n;
}

describe('bone bodies vote', () => {
  const head = (x: number, y: number, z: number): boolean => inShell(x, y, z, 14, 20);
  const socket = (x: number, y: number, z: number): boolean => inShell(x, y, z, 22, 40);
  const headVoxels = 6 * 10 * 10;
  const socketVoxels = 18 * 10 * 10;

  it('gives a head the coarse guess called hip bone to its femur, shell and cancellous interior, and leaves the socket', () => {
    const { labels, hu } = scene();
    const moves = voteByBoneBodies(labels, hu, dims, fullBox(dims), params);
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ from: HIP, to: FEMUR });
    expect(countOf(labels, FEMUR, head)).toBe(headVoxels);
    expect(countOf(labels, HIP, socket)).toBe(socketVoxels);
    // The marks the vote keeps in the label bytes are gone.
    expect(labels.every((l) => l === 0 || l === FEMUR || l === HIP)).toBe(true);
  });

  it('moves nothing where the joint space is bridged: both bones are then one body and each is most of its label', () => {
    const { labels, hu } = scene({ bridged: true });
    const before = labels.slice();
    expect(voteByBoneBodies(labels, hu, dims, fullBox(dims), params)).toEqual([]);
    expect(labels).toEqual(before);
  });

  it('moves nothing when the piece is most of its own label (no main body elsewhere)', () => {
    // The socket belongs to the other side: the head is then all of label 9.
    const { labels, hu } = scene({ socketLabel: HIP_OTHER_SIDE });
    const before = labels.slice();
    expect(voteByBoneBodies(labels, hu, dims, fullBox(dims), params)).toEqual([]);
    expect(labels).toEqual(before);
  });

  it('never moves a piece between labels the rule forbids', () => {
    const { labels, hu } = scene();
    // The same scene with the shaft called the other side's hip bone: forbidden, so the body keeps both.
    for (let p = 0; p < labels.length; p++) if (labels[p] === FEMUR) labels[p] = HIP_OTHER_SIDE;
    const before = labels.slice();
    expect(voteByBoneBodies(labels, hu, dims, fullBox(dims), params)).toEqual([]);
    expect(labels).toEqual(before);
  });
});
