import { fullBox } from '../../../extensions/bone-segmentation/src/core/box';
import { labelComponents } from '../../../extensions/bone-segmentation/src/core/postprocess/components';
import { fillHoles } from '../../../extensions/bone-segmentation/src/core/postprocess/fill-holes';
import { removeFragments } from '../../../extensions/bone-segmentation/src/core/postprocess/fragments';

const dims: [number, number, number] = [10, 8, 6];
const idx = (x: number, y: number, z: number): number => x + y * 10 + z * 80;

function blob(labels: Uint8Array, value: number, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): void {
  for (let z = z0; z < z1; z++) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) labels[idx(x, y, z)] = value;
}

describe('connected components and fragments', () => {
  it('separates blobs that touch only diagonally (6-connectivity) and counts their voxels', () => {
    const l = new Uint8Array(480);
    blob(l, 1, 0, 3, 0, 3, 0, 3); // 27 voxels
    blob(l, 1, 3, 5, 3, 5, 3, 5); // 8 voxels, touching the first at a corner only
    blob(l, 2, 6, 8, 0, 2, 0, 1); // another label
    const c = labelComponents(l, dims, 1, fullBox(dims));
    expect(c.sizes.slice(1).sort((a, b) => a - b)).toEqual([8, 27]);
  });

  it('drops isolated fragments and gives touching ones to the bone they touch', () => {
    const l = new Uint8Array(480);
    blob(l, 1, 0, 4, 0, 4, 0, 4); // femur, 64 voxels
    blob(l, 2, 4, 5, 0, 2, 0, 1); // 2-voxel "tibia" stuck to the femur
    blob(l, 2, 6, 10, 4, 8, 2, 6); // the real tibia, 64 voxels
    blob(l, 1, 9, 10, 0, 1, 5, 6); // a lone femur voxel far away
    removeFragments(l, dims, [1, 2], 1, () => ({ minMl: 0, minFractionOfLargest: 0.2, maxComponents: 0, reassignTouching: true }));
    expect(l[idx(4, 0, 0)]).toBe(1);
    expect(l[idx(4, 1, 0)]).toBe(1);
    expect(l[idx(9, 0, 5)]).toBe(0);
    expect(l.filter((v) => v === 2).length).toBe(64);
    expect(l.filter((v) => v === 1).length).toBe(66);
  });
});

describe('hole filling', () => {
  it('fills an enclosed cavity, and a canal open at the ends through 2D slices', () => {
    const l = new Uint8Array(480);
    // A tube along z, open at both ends (cut by the field of view), with a 2 x 2 canal.
    blob(l, 3, 2, 6, 2, 6, 0, 6);
    blob(l, 0, 3, 5, 3, 5, 0, 6);
    expect(fillHoles(l, dims, 3, fullBox(dims), 2)).toBe(24);
    expect(l[idx(3, 3, 0)]).toBe(3);
  });

  it('keeps a small piece on the edge of the grid (a bone the field of view cuts) with its own minimum', () => {
    const l = new Uint8Array(480);
    blob(l, 1, 2, 8, 2, 6, 1, 6); // the whole bone, 120 voxels
    blob(l, 1, 0, 2, 0, 2, 0, 1); // 4 voxels on the grid's faces
    blob(l, 1, 3, 4, 0, 1, 3, 4); // 1 voxel on the y = 0 face
    const rule = { minMl: 0, minFractionOfLargest: 0.1, maxComponents: 0, reassignTouching: false };
    const plain = l.slice();
    removeFragments(plain, dims, [1], 1, () => rule);
    expect(plain.filter((v) => v === 1).length).toBe(120);
    removeFragments(l, dims, [1], 1, () => ({ ...rule, minMlAtGridEdge: 2 }));
    expect(l[idx(0, 0, 0)]).toBe(1); // 4 voxels on the edge: kept
    expect(l[idx(3, 0, 3)]).toBe(0); // 1 voxel on the edge: below the edge minimum
  });

  it('fills a canal open at both ends when the slices are across x or across y as well', () => {
    // The same open-ended tube laid along x and along y: 2D filling must use slices across the tube's axis.
    const alongX = new Uint8Array(480);
    blob(alongX, 3, 0, 10, 2, 6, 1, 5);
    blob(alongX, 0, 0, 10, 3, 5, 2, 4);
    expect(fillHoles(alongX.slice(), dims, 3, fullBox(dims), 2)).toBe(0); // axial slices see an open slot
    expect(fillHoles(alongX, dims, 3, fullBox(dims), 0)).toBe(40);
    const alongY = new Uint8Array(480);
    blob(alongY, 3, 2, 6, 0, 8, 1, 5);
    blob(alongY, 0, 3, 5, 0, 8, 2, 4);
    expect(fillHoles(alongY, dims, 3, fullBox(dims), 1)).toBe(32);
    expect(alongY[idx(4, 0, 3)]).toBe(3);
  });

  it('leaves an open C-shape and other labels alone', () => {
    const l = new Uint8Array(480);
    blob(l, 3, 2, 6, 2, 6, 0, 6);
    blob(l, 0, 3, 5, 3, 5, 0, 6);
    blob(l, 0, 3, 5, 5, 6, 0, 6); // slot opening the canal to the outside in every slice
    expect(fillHoles(l, dims, 3, fullBox(dims), 2)).toBe(0);
    const m = new Uint8Array(480);
    blob(m, 3, 2, 6, 2, 6, 1, 5);
    blob(m, 0, 3, 5, 3, 5, 2, 4);
    m[idx(3, 3, 2)] = 7;
    fillHoles(m, dims, 3, fullBox(dims), 2);
    expect(m[idx(3, 3, 2)]).toBe(7);
    expect(m[idx(4, 4, 3)]).toBe(3);
  });

  it('with closing, fills a cavity behind a one-voxel slit in the shell but not a dent in the surface', () => {
    const l = new Uint8Array(480);
    blob(l, 3, 1, 9, 1, 7, 0, 6); // a solid block (8 x 6 x 6)...
    blob(l, 0, 3, 7, 3, 5, 1, 5); // ...with a 4 x 2 x 4 cavity...
    blob(l, 0, 5, 6, 1, 3, 1, 5); // ...opened to the outside by a one-voxel-wide slit through the shell
    l[idx(2, 1, 2)] = 0; // and a one-voxel dent in the outer surface
    expect(fillHoles(l.slice(), dims, 3, fullBox(dims), 2, false)).toBe(0);
    const closed = l.slice();
    fillHoles(closed, dims, 3, fullBox(dims), 2, true);
    expect(closed[idx(4, 3, 2)]).toBe(3); // the cavity, enclosed once the closing bridges the slit
    expect(closed[idx(5, 2, 2)]).toBe(3); // the slit's inner voxel
    expect(closed[idx(5, 1, 2)]).toBe(0); // the slit's mouth touches the outside: left alone
    expect(closed[idx(2, 1, 2)]).toBe(0); // so does the dent
  });
});
