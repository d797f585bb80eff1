"""NIfTI writing for generated cases: arrays [z, y, x] on an LPS-aligned Grid -> RAS NIfTI (i = x, j = y, k = z)."""
import nibabel as nib
import numpy as np


def save(path, arr_zyx, grid, dtype):
    img = nib.Nifti1Image(np.ascontiguousarray(arr_zyx.transpose(2, 1, 0)).astype(dtype), grid.ras_affine())
    img.set_qform(grid.ras_affine(), code=1)
    img.set_sform(grid.ras_affine(), code=1)
    img.header.set_xyzt_units("mm")
    if dtype == np.int16:
        img.header["descrip"] = b"SYNTHETIC CT (HU)"
    nib.save(img, path)
