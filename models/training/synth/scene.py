"""A synthetic patient: posed bone meshes (labelled) plus implicit unlabelled structures (vertebrae, ribs, coccyx,
foot bones, vessels, bladder, implants), all in world mm (LPS)."""
import numpy as np

from . import shapes as S
from .pose import clear_hip_joint, pose_leg, rot, rotate_about, sample_leg_params

_SM = None


def shape_model():
    global _SM
    if _SM is None:
        _SM = S.ShapeModel()
    return _SM


_VRML = {}


def individual_surfaces():
    """Held-out real individuals: {'hip_right','hip_left','sacrum'} and {'tibia','fibula'} (left leg)."""
    if not _VRML:
        p = S.read_vrml(S.DATA + "/individual-surfaces/2007_5028_short_closedsacrum.wrl")
        _VRML["pelvis"] = {n: S.largest_component(*p[i]) for i, n in enumerate(("hip_right", "hip_left", "sacrum"))}
        t = S.read_vrml(S.DATA + "/individual-surfaces/2008_1741_tibia_fibula.wrl")
        _VRML["shank"] = {n: S.largest_component(*t[i]) for i, n in enumerate(("tibia", "fibula"))}
    return _VRML


def _bones_of(b, names=None):
    """Subdivided meshes of one shape instance (only `names` if given)."""
    sm = shape_model()
    bones = sm.bones(sm.instance(b))
    return {k: S.subdivide(*v) for k, v in bones.items() if names is None or k in names}


def _replace_pelvis(bones, pelvis):
    """Put an individual pelvis where the shape-model pelvis was (centroid match of both hip bones)."""
    ref = np.concatenate([bones["hip_left"][0], bones["hip_right"][0]]).mean(0)
    cur = np.concatenate([pelvis["hip_left"][0], pelvis["hip_right"][0]]).mean(0)
    for k in ("hip_left", "hip_right", "sacrum"):
        bones[k] = (pelvis[k][0] - cur + ref, pelvis[k][1])


def _replace_shank(leg, shank):
    """Put an individual tibia + fibula under the femur (proximal tibia centroid match); pose_leg sets the gap."""
    tv = leg["tibia"][0]
    ref = tv[tv[:, 2] > tv[:, 2].max() - 40].mean(0)
    iv = shank["tibia"][0]
    cur = iv[iv[:, 2] > iv[:, 2].max() - 40].mean(0)
    leg["tibia"] = (shank["tibia"][0] - cur + ref, shank["tibia"][1])
    leg["fibula"] = (shank["fibula"][0] - cur + ref, shank["fibula"][1])


def _socket_centre(hip_v, guess):
    """Centre of the acetabulum: sphere fit to the hip bone's vertices within 32 mm of the centre, iterated from a
    guess (the femoral head's centre)."""
    c = np.asarray(guess, dtype=float)
    for _ in range(6):
        c, _ = S.fit_sphere(hip_v[((hip_v - c) ** 2).sum(1) < 32.0 ** 2])
    return c


def make_scene(rng, individual=False, neutral=False):
    """Returns dict(bones=[(class, side, verts, faces)], landmarks=..., x_mid=...)."""
    sm = shape_model()
    bl = sm.sample_b(rng)
    br = np.clip(0.5 * bl + np.sqrt(0.75) * sm.sample_b(rng), -3, 3)  # related but different right leg
    bones = _bones_of(bl)
    head_l = S.femoral_head_centre(bones["femur_left"][0], +1)
    # With an individual pelvis, each leg moves by how far that pelvis's socket lies from the shape model's (the
    # pelvis is placed by centroid only): else the head sits up to 13 mm off the socket, a subluxed hip.
    socket_shift = {"left": np.zeros(3), "right": np.zeros(3)}
    if individual:
        x_ssm = S.midline_x(bones)
        guess = {"left": head_l, "right": np.array([2 * x_ssm - head_l[0], head_l[1], head_l[2]])}
        ssm_socket = {s: _socket_centre(bones["hip_" + s][0], guess[s]) for s in guess}
        _replace_pelvis(bones, individual_surfaces()["pelvis"])
        socket_shift = {s: _socket_centre(bones["hip_" + s][0], guess[s]) - ssm_socket[s] for s in guess}
    x_mid = S.midline_x(bones)
    legs = {}
    for side, b in (("left", bl), ("right", br)):
        src = bones if side == "left" else _bones_of(b, [k + "_left" for k in S.LEG_BONES])
        leg = {k: src[k + "_left"] for k in S.LEG_BONES}
        if individual and side == "left":
            _replace_shank(leg, individual_surfaces()["shank"])
        head = S.femoral_head_centre(leg["femur"][0], +1)
        params = sample_leg_params(rng, head, neutral)
        leg = pose_leg(leg, rng, params)
        if side == "right":
            leg = {k: S.mirror_x(v, f, x_mid) for k, (v, f) in leg.items()}
            head = head.copy()
            head[0] = 2 * x_mid - head[0]
            target = head_l.copy()
            target[0] = 2 * x_mid - target[0]
            target = target + socket_shift["right"]
            leg = {k: (v + (target - head), f) for k, (v, f) in leg.items()}
            head = target
        elif individual:
            leg = {k: (v + socket_shift["left"], f) for k, (v, f) in leg.items()}
            head = head + socket_shift["left"]
        hip = bones["hip_" + side]
        leg = clear_hip_joint(leg, hip[0], hip[1], head, rng.uniform(1.5, 3.5))
        legs[side] = (leg, head, params)
    out = []
    for side in ("left", "right"):
        out.append(("hip", side, *bones["hip_" + side]))
    out.append(("sacrum", None, *bones["sacrum"]))
    for side in ("left", "right"):
        for k in S.LEG_BONES:
            out.append((k, side, *legs[side][0][k]))
    # Whole-patient positioning on the table: small tilt / roll / yaw about the pelvis centre.
    centre = np.concatenate([bones["hip_left"][0], bones["hip_right"][0]]).mean(0)
    k = 0.3 if neutral else 1.0
    R = rot("z", k * rng.uniform(-8, 8)) @ rot("x", k * rng.uniform(-8, 8)) @ rot("y", k * rng.uniform(-4, 4))
    out = [(c, s, rotate_about(v, R, centre), f) for c, s, v, f in out]
    lm = _landmarks(out)
    lm["R"] = R
    lm["centre"] = centre
    lm["x_mid"] = centre[0]
    return dict(bones=out, landmarks=lm)


def _landmarks(bones):
    """Anatomical reference points used to place fields of view and unlabelled structures."""
    get = {(c, s): v for c, s, v, f in bones}
    lm = {}
    for side in ("left", "right"):
        fv, tv = get[("femur", side)], get[("tibia", side)]
        lm["knee_" + side] = 0.5 * (fv[np.argmin(fv[:, 2])] + tv[np.argmax(tv[:, 2])])
        lm["ankle_" + side] = tv[np.argsort(tv[:, 2])[:30]].mean(0)
        lm["head_" + side] = fv[np.argsort(-fv[:, 2])[:60]].mean(0)
        lm["femur_" + side] = fv
        lm["tibia_" + side] = tv
        lm["fibula_" + side] = get[("fibula", side)]
    sv = get[("sacrum", None)]
    lm["sacrum"] = sv
    lm["sacrum_top"] = sv[np.argsort(-sv[:, 2])[:80]].mean(0)
    lm["sacrum_tip"] = sv[np.argsort(sv[:, 2])[:20]].mean(0)
    hv = np.concatenate([get[("hip", "left")], get[("hip", "right")]])
    lm["pelvis_lo"], lm["pelvis_hi"] = hv.min(0), hv.max(0)
    return lm
