"""Bone surfaces: LLP26 shape-model instances (left leg + pelvis), mirrored right legs, and VRML surfaces.

World frame everywhere: mm, +x = patient left, +y = posterior, +z = superior (LPS), as in the LLP26 data.
"""
import json
import os
import re

import numpy as np

DATA = os.environ.get("BONE_SHAPES_DIR", "/work/shared/data/bone-shapes")
SSM_PATH = os.path.join(DATA, "llp26", "llp26_left_leg_pelvis_ssm.npz")
LABELS_JSON = os.path.join(os.path.dirname(__file__), "..", "..", "..",
                           "extensions", "bone-segmentation", "src", "core", "labels.json")

LEG_BONES = ("femur", "tibia", "fibula", "patella")


def load_labels():
    """The project's one label table: returns (labels list, side-less class names in network channel order)."""
    with open(LABELS_JSON) as f:
        labels = json.load(f)["labels"]
    classes = []
    for lab in labels:
        if lab["bone"] not in classes:
            classes.append(lab["bone"])
    return labels, classes


def label_value(name):
    labels, _ = load_labels()
    return {lab["name"]: lab["value"] for lab in labels}[name]


class ShapeModel:
    def __init__(self, path=SSM_PATH):
        d = np.load(path)
        self.mean = d["mean"].astype(np.float64)
        self.modes = d["modes"].astype(np.float64)
        self.sd = d["sd"].astype(np.float64)
        self.faces = {k[len("faces_"):]: d[k].astype(np.int64) for k in d.files if k.startswith("faces_")}

    def instance(self, b):
        """Node positions for coefficients b (len <= n_modes), in SD units."""
        b = np.asarray(b, dtype=np.float64)
        n = len(b)
        return self.mean + np.tensordot(b * self.sd[:n], self.modes[:n], axes=1)

    def sample_b(self, rng, n_modes=20, clip=3.0):
        # The last mode has zero variance; the first ~20 carry the shape variation.
        return np.clip(rng.standard_normal(n_modes), -clip, clip)

    def bones(self, nodes):
        """Split an instance into per-bone (verts, faces) with faces re-indexed to local vertex arrays."""
        out = {}
        for name, f in self.faces.items():
            idx = np.unique(f)
            remap = np.full(nodes.shape[0], -1, np.int64)
            remap[idx] = np.arange(len(idx))
            out[name] = (nodes[idx].copy(), remap[f])
        return out


def mirror_x(verts, faces, x_mid):
    """Mirror across the plane x = x_mid; triangle order is flipped so normals still point outward."""
    v = verts.copy()
    v[:, 0] = 2.0 * x_mid - v[:, 0]
    return v, faces[:, ::-1].copy()


def midline_x(bones):
    """Mid-sagittal plane of the pelvis: midway between the two hip-bone centroids."""
    return 0.5 * (bones["hip_left"][0][:, 0].mean() + bones["hip_right"][0][:, 0].mean())


def fit_sphere(p):
    A = np.c_[2.0 * p, np.ones(len(p))]
    c = np.linalg.lstsq(A, (p ** 2).sum(1), rcond=None)[0]
    return c[:3], float(np.sqrt(c[3] + (c[:3] ** 2).sum()))


def femoral_head_centre(femur_verts, side_sign):
    """Centre of the femoral head: sphere fit to the proximal, medial vertices.

    side_sign = +1 for a left femur (medial = smaller x), -1 for a right femur (medial = larger x)."""
    v = femur_verts
    top = v[:, 2].max()
    prox = v[v[:, 2] > top - 55]
    medial_x = prox[:, 0] * side_sign
    sel = prox[medial_x < medial_x.min() + 45]
    if len(sel) < 6:
        sel = prox
    c, _ = fit_sphere(sel)
    return c


def subdivide(verts, faces):
    """One midpoint subdivision followed by light Taubin smoothing: rounder surfaces for fine voxelisation."""
    f = faces
    edges = np.sort(np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), axis=1)
    uniq, inv = np.unique(edges, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    mids = 0.5 * (verts[uniq[:, 0]] + verts[uniq[:, 1]])
    nv = len(verts)
    v2 = np.concatenate([verts, mids])
    m = inv.reshape(3, -1).T + nv  # midpoints of edges (01, 12, 20) per face
    a, b, c = f[:, 0], f[:, 1], f[:, 2]
    m01, m12, m20 = m[:, 0], m[:, 1], m[:, 2]
    f2 = np.concatenate([np.c_[a, m01, m20], np.c_[m01, b, m12], np.c_[m20, m12, c], np.c_[m01, m12, m20]])
    e2 = np.sort(np.concatenate([f2[:, [0, 1]], f2[:, [1, 2]], f2[:, [2, 0]]]), axis=1)
    e2 = np.unique(e2, axis=0)
    deg = np.bincount(e2.ravel(), minlength=len(v2)).astype(np.float64)[:, None]
    for lam in (0.5, -0.53, 0.5, -0.53):
        s = np.zeros_like(v2)
        np.add.at(s, e2[:, 0], v2[e2[:, 1]])
        np.add.at(s, e2[:, 1], v2[e2[:, 0]])
        v2 = v2 + lam * (s / np.maximum(deg, 1) - v2)
    return v2, f2


def read_vrml(path):
    """All IndexedFaceSet shapes of a VRML 2 file as a list of (verts, faces) (polygons fan-triangulated)."""
    with open(path) as fh:
        text = fh.read()
    shapes = []
    for m in re.finditer(r"point\s*\[(.*?)\]\s*\}.*?coordIndex\s*\[(.*?)\]", text, re.S):
        pts = np.array(m.group(1).replace(",", " ").split(), dtype=np.float64).reshape(-1, 3)
        idx = np.array(m.group(2).replace(",", " ").split(), dtype=np.int64)
        faces = []
        poly = []
        for i in idx:
            if i < 0:
                for k in range(1, len(poly) - 1):
                    faces.append((poly[0], poly[k], poly[k + 1]))
                poly = []
            else:
                poly.append(i)
        shapes.append((pts, np.array(faces, dtype=np.int64)))
    return shapes


def largest_component(verts, faces):
    """Drop small open fragments (they would break the parity voxeliser)."""
    n = len(verts)
    parent = np.arange(n)

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, c in faces:
        ra, rb, rc = find(a), find(b), find(c)
        parent[rb] = ra
        parent[find(rc)] = ra
    roots = np.array([find(i) for i in range(n)])
    froots = roots[faces[:, 0]]
    vals, counts = np.unique(froots, return_counts=True)
    keep = froots == vals[np.argmax(counts)]
    f = faces[keep]
    idx = np.unique(f)
    remap = np.full(n, -1, np.int64)
    remap[idx] = np.arange(len(idx))
    return verts[idx], remap[f]
