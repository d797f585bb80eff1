/**
 * Contracts of the pure core. Nothing here (or anywhere under core/) may import the DOM, OHIF or Cornerstone:
 * the same code runs in the browser worker and in the Node CLI.
 */

/** A CT volume on its acquisition grid. Voxel (i, j, k) is at index i + j*dims[0] + k*dims[0]*dims[1]. */
export interface CtVolume {
  /** Hounsfield units (already rescaled with slope/intercept). */
  voxels: Int16Array | Float32Array;
  dims: [number, number, number];
  /** mm between voxel centres along i, j, k. */
  spacing: [number, number, number];
  /**
   * 9 numbers: [0..2] the LPS unit vector of axis i, [3..5] of axis j, [6..8] of axis k (Cornerstone's convention:
   * row cosines, column cosines, slice normal). World (LPS) position = origin + i*spacing[0]*dir_i + ...
   */
  direction: number[];
  /** LPS position (mm) of the centre of voxel (0, 0, 0). */
  origin: [number, number, number];
}

export interface SegmentationProgress {
  stage: string;
  /** 0..1 over the whole run. */
  fraction: number;
}

export interface SegmentationOptions {
  onProgress?: (progress: SegmentationProgress) => void;
  signal?: AbortSignal;
}

/**
 * The one thing that differs between browser and Node: how an ONNX session is run.
 * Input is float32 [1, 1, D, H, W] (z, y, x) already normalised; output is float32 [1, C, D, H, W] logits.
 */
export interface ModelRunner {
  run(input: Float32Array, shape: [number, number, number]): Promise<Float32Array>;
}
