"""The generated numpy code and LaTeX are current with their sympy derivations."""

from pfsim.derivations import two_tendon


def test_two_tendon_generated_files_are_current():
    code, tex = two_tendon.render()
    assert two_tendon.CODE_PATH.read_text(encoding="utf-8") == code, (
        "pfsim/joint/_generated_two_tendon.py is stale: run python -m pfsim.derivations.two_tendon"
    )
    assert two_tendon.TEX_PATH.read_text(encoding="utf-8") == tex


def test_two_tendon_derivation_satisfies_equilibrium():
    import sympy as sp

    d = two_tendon.derive()
    theta, alpha, beta, F, r = d["symbols"]
    total = d["R"] + F * d["u_q"] + r * F * d["u_pl"]  # ΣF = 0 on the patella
    assert sp.simplify(total) == sp.zeros(2, 1)
