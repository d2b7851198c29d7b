"""Frontal-plane patellofemoral mechanics (derived with sympy).

Four derivations, each written as numpy code into ``pfsim/joint/_generated_frontal.py`` and as LaTeX
into ``pfsim/derivations/frontal.tex`` (run ``python -m pfsim.derivations.frontal``):

1. **Kinematic chain of the patellar ligament.** Femoral frame: x lateral, y anterior, z proximal,
   origin at the knee centre. The tibia is placed by knee flexion θ (about x), knee abduction κ
   (valgus, about the tibial antero-posterior axis) and tibial internal rotation ψ relative to the
   femur (about the tibial long axis): ``R = R_x(−θ) R_y(κ) R_z(ψ)``. The tibial tubercle sits at
   ``t = (x_t, y_t, −z_t)`` in the tibial frame; the patella's centre at x = u (u = 0 centred). The
   ligament (length ℓ) runs from the patella to the tubercle, so its lateral direction cosine is
   ``(T_x − u) / ℓ`` and its frontal angle ``λ = asin(T_x / ℓ)`` for the centred patella. The
   derivative ``∂cos/∂u = −1/ℓ`` is the ligament's centring: tension ``r F_Q`` pulls a laterally
   shifted patella back with ``r F_Q u / ℓ``. The dynamic Q-angle is the angle between the quadriceps resultant
   (angle ψ_R, lateral positive from the proximal axis) and the ligament: ``Q = ψ_R + λ``.
2. **Rigid-body penetration of a two-facet patella.** Frontal section through the groove: x lateral,
   y anterior, the sulcus at the origin; lateral facet along ``s (cos α_L, sin α_L)``, medial along
   ``s (−cos α_M, sin α_M)``, s ≥ 0 from the sulcus. A patellar displacement u (lateral), v
   (posterior, into the groove) and rotation φ (counter-clockwise, i.e. medial tilt) gives the
   penetration ``δ_i(s) = a_i + b_i s`` of each facet, and each facet's normal force has the moment
   ``±s`` per unit force about the sulcus.
3. **Rigid two-facet statics** (the teaching model): facet normal forces from the force balance alone,
   compressive load C and lateral load F.
4. **Elastic two-facet equilibrium in full contact** (the closed form and Newton Jacobian of
   ``pfsim.joint.frontal.solve_facet_contact``). Pressure ``p_i = K δ_i`` over a contact band of
   length D; both facets touch over their whole widths ``w_L``, ``w_M``. Facet resultants from the
   penetrations of derivation 2: ``N_i = K D ∫_0^{w_i} δ_i ds``, ``M_i = K D ∫_0^{w_i} s δ_i ds``.
   Loads act at the patellar centre line ``x_c = (w_L − w_M)/2``, height h: the compression C
   (posterior), the lateral load ``F_x = F − k u`` with one engaged linear restraint of total stiffness
   k (passive restraint + ligament centring) and an external moment ``M_0``. The residual ``R(u, v, φ)``
   is the force balance ``Σ N_i n_i + (F_x, −C)`` and the moment balance about the sulcus
   ``Σ (±1) M_i + x_c (−C) − h F_x + M_0`` (normals and moment signs from derivation 2); it is linear
   in (u, v, φ), so its Jacobian ``∂R/∂(u, v, φ)`` is constant and ``x = −J⁻¹ R(0)`` is the
   full-contact equilibrium.
"""

from __future__ import annotations

from pathlib import Path

from ._emit import HEADER, numpy_code, regenerate

HERE = Path(__file__).resolve().parent
CODE_PATH = HERE.parent / "joint" / "_generated_frontal.py"
TEX_PATH = HERE / "frontal.tex"


def _rot(axis: str, angle):
    import sympy as sp

    c, s = sp.cos(angle), sp.sin(angle)
    if axis == "x":
        return sp.Matrix([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return sp.Matrix([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return sp.Matrix([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def derive() -> dict:
    """Symbols and expressions of the four derivations."""
    import sympy as sp

    out = {}
    # 1. chain -------------------------------------------------------------------------------
    theta, kappa, psi = sp.symbols("theta kappa psi", real=True)
    xt, yt, zt, ell = sp.symbols("x_t y_t z_t ell", real=True)
    shift = sp.symbols("u", real=True)
    # abduction (valgus) moves the distal tibia laterally: rotation about +y by −κ maps (0,0,−z)
    # to (+z sin κ, 0, ...); internal rotation moves the anterior tubercle medially: about +z by +ψ.
    R = _rot("x", -theta) * _rot("y", -kappa) * _rot("z", psi)
    T = R * sp.Matrix([xt, yt, -zt])
    out["chain"] = {
        "symbols": (theta, kappa, psi, xt, yt, zt, ell),
        "T": sp.simplify(T),
        "ligament_lateral_cosine": sp.simplify(T[0] / ell),
        "shift_derivative": sp.simplify(sp.diff((T[0] - shift) / ell, shift)),
    }
    # 2. penetration -------------------------------------------------------------------------
    u, v, phi, s = sp.symbols("u v phi s", real=True)
    aL, aM = sp.symbols("alpha_L alpha_M", positive=True)
    pens = {}
    for side, r, n in (
        ("L", s * sp.Matrix([sp.cos(aL), sp.sin(aL)]), sp.Matrix([-sp.sin(aL), sp.cos(aL)])),
        ("M", s * sp.Matrix([-sp.cos(aM), sp.sin(aM)]), sp.Matrix([sp.sin(aM), sp.cos(aM)])),
    ):
        disp = sp.Matrix([u, -v]) + phi * sp.Matrix([-r[1], r[0]])  # small rotation about origin
        delta = sp.expand(sp.simplify(-(disp.T * n)[0]))
        a = sp.simplify(delta.subs(s, 0))
        b = sp.simplify(sp.diff(delta, s))
        arm = sp.simplify((r[0] * n[1] - r[1] * n[0]) / s)  # moment of a unit normal force / s
        pens[side] = {"a": a, "b": b, "arm": arm, "normal": n}
    out["penetration"] = {"symbols": (u, v, phi, aL, aM), **pens}
    # 3. rigid statics -----------------------------------------------------------------------
    C, F, NL, NM = sp.symbols("C F N_L N_M", real=True)
    eqs = [
        sp.Eq(NL * pens["L"]["normal"][0] + NM * pens["M"]["normal"][0] + F, 0),
        sp.Eq(NL * pens["L"]["normal"][1] + NM * pens["M"]["normal"][1] - C, 0),
    ]
    sol = sp.solve(eqs, [NL, NM], dict=True)[0]
    out["rigid"] = {
        "symbols": (C, F, aL, aM),
        "N_L": sp.simplify(sp.trigsimp(sol[NL])),
        "N_M": sp.simplify(sp.trigsimp(sol[NM])),
        "equations": eqs,
    }
    # 4. elastic full contact ----------------------------------------------------------------
    wL, wM, h, KD = sp.symbols("w_L w_M h KD", positive=True)
    k = sp.Symbol("k", nonnegative=True)
    M0 = sp.Symbol("M_0", real=True)
    widths = {"L": wL, "M": wM}
    res = {}
    for side in ("L", "M"):
        delta = pens[side]["a"] + pens[side]["b"] * s
        res[f"N_{side}"] = sp.expand(sp.integrate(KD * delta, (s, 0, widths[side])))
        res[f"M_{side}"] = sp.expand(sp.integrate(KD * s * delta, (s, 0, widths[side])))
    xc = (wL - wM) / 2  # load line: the patellar centre, lateral of the ridge
    load = sp.Matrix([F - k * u, -C])  # (F_x, posterior compression) at (x_c, h)
    force = res["N_L"] * pens["L"]["normal"] + res["N_M"] * pens["M"]["normal"] + load
    moment = (
        pens["L"]["arm"] * res["M_L"]
        + pens["M"]["arm"] * res["M_M"]
        + (xc * load[1] - h * load[0])
        + M0
    )
    R = sp.Matrix([force[0], force[1], moment]).applyfunc(sp.expand)
    J = R.jacobian([u, v, phi]).applyfunc(lambda e: sp.collect(sp.expand(e), KD))
    out["full_contact"] = {
        "symbols": (wL, wM, h, KD, k, M0),
        **res,
        "R": R,
        "J": J,
    }
    return out


def render() -> tuple[str, str]:
    """(python source, LaTeX source) from :func:`derive`."""
    import sympy as sp

    d = derive()
    theta, kappa, psi, xt, yt, zt, ell = d["chain"]["symbols"]
    u, v, phi, aL, aM = d["penetration"]["symbols"]
    C, F, _, _ = d["rigid"]["symbols"]
    names = {
        theta: "knee_flexion_rad",
        kappa: "knee_abduction_rad",
        psi: "tibial_rotation_rad",
        xt: "tubercle_lateral_mm",
        yt: "tubercle_anterior_mm",
        zt: "tubercle_distal_mm",
        ell: "ligament_length_mm",
        u: "shift_mm",
        v: "depth_mm",
        phi: "rotation_rad",
        aL: "alpha_lateral_rad",
        aM: "alpha_medial_rad",
        C: "compression_N",
        F: "lateral_load_N",
    }
    wL, wM, h, KD, k, M0 = d["full_contact"]["symbols"]
    names.update(
        {
            wL: "lateral_width_mm",
            wM: "medial_width_mm",
            h: "load_height_mm",
            KD: "KD",
            k: "k",
            M0: "external_moment_Nmm",
        }
    )
    doc = (
        "Frontal-plane patellofemoral mechanics: ligament kinematic chain, rigid-body facet\n"
        "penetration, rigid two-facet statics, elastic two-facet equilibrium in full contact.\n"
        "Derivation and conventions: pfsim/derivations/frontal.py."
    )
    code = HEADER.format(module="frontal", doc=doc) + "\nimport numpy\n\n\n"
    chain_args = (
        "knee_abduction_rad, tibial_rotation_rad, tubercle_lateral_mm, tubercle_anterior_mm, "
        "tubercle_distal_mm, ligament_length_mm"
    )
    code += f"def ligament_lateral_cosine({chain_args}):\n"
    code += (
        '    """Lateral direction cosine of the patellar ligament (patella to tubercle) [-]."""\n'
    )
    code += f"    return {numpy_code(d['chain']['ligament_lateral_cosine'], names)}\n\n\n"
    code += "def ligament_shift_derivative_per_mm(ligament_length_mm):\n"
    code += '    """d(lateral cosine)/d(lateral patellar shift) of the ligament [1/mm]: its centring."""\n'
    code += f"    return {numpy_code(d['chain']['shift_derivative'], names)}\n\n\n"
    pen_args = "shift_mm, depth_mm, rotation_rad, alpha_lateral_rad, alpha_medial_rad"
    code += f"def penetration_coefficients({pen_args}):\n"
    code += '    """Facet penetration δ(s) = a + b s [mm]: returns (a_L, b_L, a_M, b_M)."""\n'
    for side in ("L", "M"):
        code += f"    a_{side} = {numpy_code(d['penetration'][side]['a'], names)}\n"
        code += f"    b_{side} = {numpy_code(d['penetration'][side]['b'], names)}\n"
    code += "    return a_L, b_L, a_M, b_M\n\n\n"
    code += "#: Moment about the sulcus of a unit facet force at distance s, divided by s (sign).\n"
    code += f"MOMENT_SIGN_LATERAL = {int(d['penetration']['L']['arm'])}\n"
    code += f"MOMENT_SIGN_MEDIAL = {int(d['penetration']['M']['arm'])}\n\n\n"
    code += "def rigid_facet_forces(compression_N, lateral_load_N, alpha_lateral_rad, alpha_medial_rad):\n"
    code += '    """Rigid two-facet statics: (N_L, N_M) [N] from the force balance alone."""\n'
    code += f"    n_l = {numpy_code(d['rigid']['N_L'], names)}\n"
    code += f"    n_m = {numpy_code(d['rigid']['N_M'], names)}\n"
    code += "    return n_l, n_m\n\n\n"
    fc = d["full_contact"]
    geo_args = (
        "alpha_lateral_rad, alpha_medial_rad, lateral_width_mm, medial_width_mm, load_height_mm, "
        "KD, k"
    )
    code += f"def full_contact_residual(shift_mm, depth_mm, rotation_rad, {geo_args}, "
    code += "compression_N, lateral_load_N, external_moment_Nmm=0.0):\n"
    code += (
        '    """Equilibrium residual (R_x [N], R_y [N], R_moment [N·mm]) with both facets in full\n'
        "    contact: KD = foundation modulus × band length [N/mm²], k = engaged restraint stiffness\n"
        '    [N/mm] (lateral load F − k u)."""\n'
    )
    for i in range(3):
        code += f"    r{i} = {numpy_code(fc['R'][i], names)}\n"
    code += "    return r0, r1, r2\n\n\n"
    code += f"def full_contact_jacobian({geo_args}):\n"
    code += (
        '    """Jacobian ∂R/∂(shift, depth, rotation) of :func:`full_contact_residual` (constant in\n'
        '    full contact): 3×3 nested tuple, rows R_x [N], R_y [N], R_moment [N·mm]."""\n'
    )
    for i in range(3):
        for j in range(3):
            code += f"    j{i}{j} = {numpy_code(fc['J'][i, j], names)}\n"
    code += "    return ((j00, j01, j02), (j10, j11, j12), (j20, j21, j22))\n"

    tex = "% GENERATED by python -m pfsim.derivations.frontal -- do not edit by hand.\n"
    tex += "% 1. Patellar-ligament chain (femoral frame x lateral, y anterior, z proximal).\n"
    tex += "\\begin{align}\n"
    tex += f"\\vec T &= {sp.latex(d['chain']['T'])},\\\\\n"
    tex += f"\\cos\\lambda_x &= \\frac{{T_x}}{{\\ell}} = {sp.latex(d['chain']['ligament_lateral_cosine'])},"
    tex += " \\qquad Q = \\psi_R + \\arcsin\\frac{T_x}{\\ell},\\\\\n"
    tex += "\\frac{\\partial}{\\partial u}\\frac{T_x - u}{\\ell} &= "
    tex += f"{sp.latex(d['chain']['shift_derivative'])}"
    tex += " \\qquad\\text{(ligament centring: } k_s = r F_Q/\\ell).\n"
    tex += "\\end{align}\n"
    tex += "% 2. Facet penetration delta_i(s) = a_i + b_i s.\n\\begin{align}\n"
    for side in ("L", "M"):
        p = d["penetration"][side]
        tex += f"a_{side} &= {sp.latex(p['a'])}, & b_{side} &= {sp.latex(p['b'])},\\\\\n"
    tex += "\\end{align}\n% 3. Rigid two-facet statics.\n\\begin{align}\n"
    for eq in d["rigid"]["equations"]:
        tex += f"{sp.latex(eq.lhs)} &= {sp.latex(eq.rhs)},\\\\\n"
    tex += f"N_L &= {sp.latex(d['rigid']['N_L'])}, & N_M &= {sp.latex(d['rigid']['N_M'])}.\n"
    tex += "\\end{align}\n"
    tex += "% 4. Elastic two-facet equilibrium, both facets in full contact (KD = K D, F_x = F - k u).\n"
    tex += "\\begin{align}\n"
    sym = {KD: "K D"}
    for side, w in (("L", "w_L"), ("M", "w_M")):
        tex += f"N_{side} &= K D \\int_0^{{{w}}} \\delta_{side}\\,ds = "
        tex += f"{sp.latex(fc[f'N_{side}'], symbol_names=sym)},\\\\\n"
        tex += f"M_{side} &= K D \\int_0^{{{w}}} s\\,\\delta_{side}\\,ds = "
        tex += f"{sp.latex(fc[f'M_{side}'], symbol_names=sym)},\\\\\n"
    tex += f"\\vec R &= {sp.latex(fc['R'], symbol_names=sym)},\\\\\n"
    tex += "\\frac{\\partial \\vec R}{\\partial (u, v, \\phi)} &= "
    tex += f"{sp.latex(fc['J'], symbol_names=sym)}.\n"
    tex += "\\end{align}\n"
    return code, tex


if __name__ == "__main__":
    regenerate(render, CODE_PATH, TEX_PATH)
