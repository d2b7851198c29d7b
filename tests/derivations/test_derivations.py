"""The generated numpy code and LaTeX are current with their sympy derivations."""

import pytest

from pfsim.derivations import frontal, two_tendon


@pytest.mark.slow
@pytest.mark.parametrize("module", [two_tendon, frontal], ids=lambda m: m.__name__.split(".")[-1])
def test_generated_files_are_current(module):
    code, tex = module.render()
    name = module.__name__.split(".")[-1]
    assert module.CODE_PATH.read_text(encoding="utf-8") == code, (
        f"{module.CODE_PATH.name} is stale: run python -m pfsim.derivations.{name}"
    )
    assert module.TEX_PATH.read_text(encoding="utf-8") == tex


@pytest.mark.slow
def test_frontal_rigid_statics_satisfy_the_force_balance():
    import sympy as sp

    d = frontal.derive()["rigid"]
    NL, NM = sp.symbols("N_L N_M", real=True)
    for eq in d["equations"]:
        assert sp.simplify(eq.lhs.subs({NL: d["N_L"], NM: d["N_M"]}) - eq.rhs) == 0


@pytest.mark.slow
def test_frontal_chain_small_angle_limits():
    import sympy as sp

    d = frontal.derive()["chain"]
    theta, kappa, psi, xt, yt, zt, ell = d["symbols"]
    cos_x = d["ligament_lateral_cosine"]
    # no rotation: the lateral cosine is the tubercle's lateral offset over the ligament length
    assert sp.simplify(cos_x.subs({kappa: 0, psi: 0}) - xt / ell) == 0
    # internal tibial rotation moves the (anterior) tubercle medially; abduction moves it laterally
    assert sp.diff(cos_x, psi).subs({kappa: 0, psi: 0}) == -yt / ell
    assert sp.diff(cos_x, kappa).subs({kappa: 0, psi: 0}) == zt / ell


@pytest.mark.slow
def test_two_tendon_derivation_satisfies_equilibrium():
    import sympy as sp

    d = two_tendon.derive()
    theta, alpha, beta, F, r = d["symbols"]
    total = d["R"] + F * d["u_q"] + r * F * d["u_pl"]  # ΣF = 0 on the patella
    assert sp.simplify(total) == sp.zeros(2, 1)
