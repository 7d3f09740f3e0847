"""General proofs ("for every width / depth / n"), and statements rendered from the values
actually checked: the audit examples of issue 10 as regression tests."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from derive.cli import main
from derive.proof import PROVED, REFUTED, RULES
from derive.proofs import chain as pc
from derive.proofs import exploding as pe
from derive.proofs import identity_neuron as pi
from derive.proofs import init as pinit
from derive.proofs import matrix as pm
from derive.proofs import meanfield as pmf
from derive.proofs import parity as pp
from derive.proofs import vanishing as pv


# ----------------------------------------------------------------------------- "for all" claims

@pytest.mark.parametrize("equation", ["bp1", "bp2", "bp3", "bp4", "delta_product"])
def test_matrix_equations_proved_for_every_width_not_from_a_sweep(equation):
    p = getattr(pm, equation)()
    assert p.verdict == PROVED
    assert "every width" in p.statement and "chain rule" in p.rules
    assert any("networks checked" in e for e in p.evidence)  # the sweep is evidence only
    assert all("networks" not in s.claim for s in p.steps)
    assert len(p.steps) >= 3 and all(s.verdict == PROVED for s in p.steps)  # premises shown


def test_a_right_hand_side_checked_only_on_networks_is_not_proved():
    same = lambda net, l, d: d  # the book's BP3, but given only as a function of networks
    p = pm.bp3(networks=[(2, 2)], rhs=same)
    assert p.verdict != PROVED and "given right-hand side" in p.statement


def test_xor_tree_depth_capped_at_six_is_not_proved_for_all_n():
    # equal to ceil(log2 n) for every n <= 64 that the trees check, false at n = 65
    p = pp.xor_tree_claim(depth=lambda n: sp.Min(sp.ceiling(sp.log(n, 2)), 6))
    assert p.verdict != PROVED
    assert pp.xor_tree_claim().verdict == PROVED
    assert "binary logarithm" in pp.xor_tree_claim().rules and "binary logarithm" in RULES


def test_ratio_and_vanishing_bound_for_every_depth():
    for p in (pc.ratio(), pv.bound()):
        assert p.verdict == PROVED and "induction" in p.rules
        assert any("every depth" in s.claim for s in p.steps)


def test_spectral_bound_rules_and_symbolic_depth():
    p = pm.spectral_bound()
    assert p.verdict == PROVED
    assert {"induction", "operator norm", "chain rule"} <= set(p.rules)
    assert any(r"\text{ for every } L" in s.claim for s in p.steps)


def test_prove_json_lists_rules(capsys):
    assert main(["prove", "matrix.delta_product", "parity.xor_tree", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["rules"] == ["chain rule", "induction"]
    assert set(out[1]["rules"]) == {"induction", "binary logarithm"}


# ----------------------------------------------------------------------------- statements

# Every claimed value of the claims owned here, varied one at a time: the printed statement
# must change with it. (Not varied: seeds, sample sizes and the finite scopes of evidence.)
z1, w2 = sp.Symbol("z_1", real=True), sp.Symbol("w_2", real=True)
VARIED = [
    (pc.product_form, {"activation": "tanh"}),
    (pc.product_form, {"depth": 5}),
    (pc.product_form, {"wrt": "b2"}),
    (pc.ratio, {"constant": 8}),
    (pv.bound, {"base": 5}),
    (pv.gaussian, {"threshold": 3}),
    (pv.gaussian, {"mean_abs": 1 / sp.sqrt(sp.pi)}),
    (pv.gaussian, {"mean_bound": sp.Rational(1, 5)}),
    (pv.gaussian, {"mean_decimal": "0.1995"}),
    (pv.gaussian, {"p_small": sp.erf(sp.Rational(1, 2))}),
    (pv.gaussian, {"p_small_decimal": "0.68..."}),
    (pv.gaussian, {"p_big_decimal": "6.3e-5"}),
    (pe.construction, {"weight": 8, "factor": 2}),
    (pe.construction, {"ratio": 15624}),
    (pe.construction, {"general_factor": lambda w: w / 5}),
    (pe.necessary, {"threshold": 5}),
    (pe.window_max, {"argmax": "6.89..."}),
    (pe.window_max, {"max_width": "0.44..."}),
    (pi.identity_neuron, {"coefficient": sp.Rational(1, 95)}),
    (pp.dnf, {"terms": lambda n: 2 ** n}),
    (pp.xor_tree_claim, {"gates": lambda n: n}),
    (pp.xor_tree_claim, {"depth": lambda n: sp.floor(sp.log(n, 2))}),
    (pm.bp2, {"activation": "tanh"}),
    (pm.spectral_bound, {"gamma": 1}),
    (pm.spectral_bound, {"power_offset": 2}),
    (pm.spectral_bound, {"activation": "tanh"}),
    (pinit.variance, {"n_in": 2000}),
    (pinit.variance, {"n_ones": 400}),
    (pinit.variance, {"exact_standard": sp.sqrt(500)}),
    (pinit.variance, {"decimal_standard": "22.38"}),
    (pinit.variance, {"exact_book": sp.sqrt(6)}),
    (pinit.variance, {"decimal_book": "1.225"}),
    (pinit.variance, {"glorot": sp.Integer(1)}),
    (pinit.variance, {"he": sp.Integer(1)}),
    (pmf.chi1, {"sigma_b2": sp.Rational(1, 2)}),
    (pmf.chi1, {"sigma_w2": sp.Rational(3, 2)}),
    (pmf.chi1, {"q_star": "1.30"}),
    (pmf.chi1, {"chi_1": "0.0420"}),
    (pmf.chi1, {"sqrt_chi_1": "0.205"}),
    (pmf.chi1, {"tanh_critical": (2, 0)}),
    (pmf.chi1, {"relu_critical": 3}),
]
CHEAP = {pmf.chi1: {"measure": False}, pinit.variance: {"samples": 2000}}


@pytest.fixture(scope="module")
def defaults(proof_of):
    """Each claim's statement with its claimed values (a registered claim run without
    arguments is conftest's shared proof)."""
    from derive.proofs import all_claims

    registered = {c.run: c.id for c in all_claims()}
    return {fn: (proof_of(registered[fn]) if fn in registered and fn not in CHEAP
                 else fn(**CHEAP.get(fn, {}))).statement for fn in {fn for fn, _ in VARIED}}


@pytest.mark.parametrize("fn,kw", VARIED,
                         ids=[f"{fn.__name__}-{','.join(kw)}" for fn, kw in VARIED])
def test_statement_changes_with_every_claimed_value(defaults, fn, kw):
    varied = fn(**CHEAP.get(fn, {}), **kw).statement
    assert varied != defaults[fn], (fn.__name__, kw)


def test_audit_statements_print_what_was_checked():
    s = pinit.variance(n_in=100, n_ones=50, samples=2000).statement
    assert r"\sum_{j=1}^{100}" in s and "1000" not in s and "50 " in s
    assert r"2 \sqrt{2}" not in pv.gaussian(threshold=3).statement
    s = pmf.chi1(sigma_b2=sp.Rational(1, 2), measure=False).statement
    assert r"\sigma_b^2 = \frac{1}{2}" in s and r"\sigma_w^2 = \sigma_b^2 = 1" not in s
    assert r"\gamma = 1 " in pm.spectral_bound(gamma=1).statement
    assert r"\tanh'" in pc.product_form(activation="tanh").statement
    assert r"\sigma'" not in pc.product_form(activation="tanh").statement


def test_more_ones_than_inputs_is_an_input_error():
    from derive.errors import InputError

    with pytest.raises(InputError):
        pinit.variance(n_in=100)


def test_wrong_general_constants_still_refuted():
    assert pm.spectral_bound(gamma=sp.Rational(1, 5)).verdict == REFUTED
    assert pmf.chi1(sigma_b2=sp.Rational(1, 2), measure=False).verdict != PROVED


# floats whose binary value is not the decimal they print as (the kernel reads 0.5 or 4.0
# exactly, and refuses these)
@pytest.mark.parametrize("fn,kw", [
    (pe.window_max, {"max_width": 0.1}),
    (pi.identity_neuron, {"coefficient": 1 / 96}),
    (pm.spectral_bound, {"gamma": 0.3}),
    (pmf.chi1, {"sigma_b2": 0.1, "measure": False}),
    (pv.gaussian, {"mean_bound": 0.2}),
    (pe.construction, {"weight": 0.1}),
])
def test_float_claimed_values_are_refused(fn, kw):
    from derive.proof import InexactNumber

    with pytest.raises(InexactNumber):
        fn(**kw)
