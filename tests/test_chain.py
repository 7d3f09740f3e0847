"""The chain engine: notation, proofs that can fail, and symbolic == backprop == differences."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import activations, chain
from derive.errors import InputError
from derive.numerics import FD_RTOL, close, close_log, complex_step, central_difference, describe
from derive.proof import PROVED, REFUTED, UNKNOWN
from tests import strategies as S

EQ122 = (r"\frac{\partial C}{\partial b_1} = \sigma'(z_1) w_2 \sigma'(z_2) w_3 \sigma'(z_3) "
         r"w_4 \sigma'(z_4) \frac{\partial C}{\partial a_4}")


def test_depth_4_prints_the_books_equation_122():
    assert chain.gradient(4).latex() == EQ122


def test_weight_gradient_has_the_previous_activation_first():
    g = chain.gradient(3, "w2")
    assert g.latex() == (r"\frac{\partial C}{\partial w_2} = a_1 \sigma'(z_2) w_3 \sigma'(z_3) "
                         r"\frac{\partial C}{\partial a_3}")
    assert chain.gradient(2, "w1").factors[0] == sp.Symbol("x", real=True)


def test_tanh_prints_tanh_prime_and_multi_digit_indices_are_braced():
    g = chain.gradient(12, "b11", "tanh")
    assert g.latex() == (r"\frac{\partial C}{\partial b_{11}} = \tanh'(z_{11}) w_{12} "
                         r"\tanh'(z_{12}) \frac{\partial C}{\partial a_{12}}")


def test_size_is_linear_in_depth():
    ops = [sp.count_ops(chain.gradient(L).expr) for L in (10, 100, 1000)]
    assert ops[1] - ops[0] == 9 * (ops[1] - ops[0]) // 9  # integer steps
    assert (ops[2] - ops[1]) == 10 * (ops[1] - ops[0])  # exactly linear: constant per layer


@pytest.mark.parametrize("activation", S.ACTIVATION_NAMES)
def test_induction_is_proved_for_every_activation(activation):
    steps = chain.prove_induction(activation)
    assert [s.verdict for s in steps] == [PROVED] * len(steps)


@pytest.mark.parametrize("L,wrt,act,cost", [
    (1, "b1", "sigmoid", "quadratic"), (4, "b1", "sigmoid", "quadratic"),
    (5, "w3", "tanh", "cross-entropy"), (6, "b2", "softplus", "generic"),
    (30, "w7", "tanh", "cross-entropy"), (80, "b1", "sigmoid", "quadratic"),
])
def test_concrete_depths_are_proved(L, wrt, act, cost):
    p = chain.prove(chain.gradient(L, wrt, act, cost))
    assert p.verdict == PROVED, [s.reason for s in p.steps]


def _wrong(g: chain.Gradient, factors) -> chain.Gradient:
    return chain.Gradient(g.depth, g.param, g.layer, g.activation, g.cost, tuple(factors))


@pytest.mark.parametrize("L", [4, 70])  # composed-network route and forward-mode route
def test_wrong_products_are_refuted(L):
    g = chain.gradient(L)
    f = list(g.factors)
    z = lambda k: sp.Symbol(f"z_{k}", real=True)  # noqa: E731
    wrongs = {
        "dropped w_2": f[:1] + f[2:],
        "dropped sigma'(z_1)": f[1:],
        "index shifted": [e.xreplace({z(1): z(2)}) if i == 0 else e for i, e in enumerate(f)],
        "extra factor": f + [sp.Symbol("w_2", real=True)],
    }
    for why, factors in wrongs.items():
        p = chain.prove(_wrong(g, factors))
        assert p.verdict in (REFUTED, UNKNOWN), why
        assert p.verdict == REFUTED, (why, p.steps[-1].reason)


@pytest.mark.parametrize("L,wrt,act", [(1, "b1", "sigmoid"), (3, "w1", "tanh"),
                                        (5, "w5", "relu"), (6, "b2", "softplus"),
                                        (7, "w3", "identity")])
def test_both_symengine_routes_prove_the_product_form(L, wrt, act):
    """The composed-network route and the forward-mode route each prove the product form
    (derive check uses both directly), and each rejects the same product with w_2 dropped."""
    g = chain.gradient(L, wrt, act, "quadratic")
    for route in (chain.check_composed, chain.check_forward):
        assert route(g).verdict == PROVED, route.__name__
        if L > 1:
            bad = _wrong(g, [f for f in g.factors if f != sp.Symbol("w_2", real=True)]
                         + [sp.Symbol("w_3", real=True)])
            assert route(bad).verdict != PROVED, route.__name__


@pytest.mark.parametrize("L", [3, 70])
def test_a_foreign_factor_is_never_proved(L):
    """A claimed factor the symengine translation does not know (exp, a float) is not
    taken as equal; the quadratic cost lets intervals refute it."""
    g = chain.gradient(L)
    for extra in (sp.exp(sp.Symbol("z_1", real=True)), sp.Float(1.5)):
        p = chain.prove(_wrong(g, list(g.factors) + [extra]))
        assert p.verdict == REFUTED, p.steps[-1].reason


@pytest.mark.parametrize("L", [3, 70])
def test_another_activations_factors_are_not_this_networks(L):
    """tanh'(z_k) in the claimed product of a sigmoid network is not sigma'(z_k): refuted,
    never proved (the translation to symengine keeps the activation)."""
    g, t = chain.gradient(L), chain.gradient(L, "b1", "tanh")
    for route in (chain.check_composed, chain.check_forward):
        assert route(_wrong(g, t.factors)).verdict == REFUTED, route.__name__
    assert chain.prove(_wrong(g, t.factors)).verdict == REFUTED


def test_sizes_of_the_json_params_round_trip():
    p = chain.random_params(5, np.random.default_rng(1))
    q = chain.Params.from_dict(p.to_dict())
    assert close(p.w, q.w) and close(p.b, q.b) and p.x == q.x


@pytest.mark.parametrize("bad", ["b0", "b5", "q1", "w", "bb", ""])
def test_bad_wrt_is_input_error(bad):
    with pytest.raises(InputError):
        chain.gradient(4, bad)


def test_bad_depth_is_input_error():
    with pytest.raises(InputError):
        chain.gradient(0)


# --------------------------------------------------------------- numbers, three ways

def _cost_at(params, activation, cost, which, j, delta):
    w, b = params.w.copy(), params.b.copy()
    (b if which == "b" else w)[j - 1] += delta
    return chain.cost_value(chain.Params(params.x, params.y, w, b), activation, cost)


@given(params=S.chain_params(), act_cost=S.act_costs, data=st.data())
def test_symbolic_equals_backprop(params, act_cost, data):
    """The lambdified product form equals numeric backprop, in relative terms."""
    activation, cost = act_cost
    L = params.depth
    j = data.draw(st.integers(1, L))
    which = data.draw(st.sampled_from("bw"))
    g = chain.gradient(L, f"{which}{j}", activation, cost)
    symbolic = g and chain.lambdified(g)(params)
    lg = chain.backprop(params, activation, cost)
    sign, log10 = (lg.sign_b, lg.log10_b) if which == "b" else (lg.sign_w, lg.log10_w)
    numeric = sign[j - 1] * 10.0 ** log10[j - 1]
    if symbolic == 0.0 or numeric == 0.0:  # relu dead units, or float64 underflow
        assert sign[j - 1] == 0 or abs(numeric) < 1e-300 or abs(symbolic) < 1e-300
    else:
        assert close(symbolic, numeric, rtol=1e-9), describe(symbolic, numeric)


@given(params=S.chain_params(depth=S.shallow_depths), act_cost=S.act_costs)
def test_backprop_equals_central_differences_in_shallow_chains(params, act_cost):
    """Central differences resolve dC/db_1 only where it is not tiny (<= ~10 layers)."""
    activation, cost = act_cost
    lg = chain.backprop(params, activation, cost)
    grad_b, _ = lg.values()
    for j in range(1, params.depth + 1):
        fd, err = central_difference(lambda d: _cost_at(params, activation, cost, "b", j, d), 0.0)
        z, _ = chain.forward(params, activation)
        if not activations.get(activation).analytic and np.any(np.abs(z) < 1e-4):  # a kink
            continue  # a kink within the difference step
        assert abs(grad_b[j - 1] - fd) <= 10 * err + FD_RTOL * abs(fd), describe(grad_b[j - 1], fd)


def _complex_cost(params, activation, cost, j):
    from derive import activations, costs

    act = activations.get(activation)
    x = sp.Symbol("x")
    f = sp.lambdify(x, act.explicit(x), ["scipy", "numpy"])  # scipy: a complex erf (GELU)
    C = sp.lambdify([x, sp.Symbol("y")], costs.get(cost).explicit(x, sp.Symbol("y")), "numpy")

    def c(bj: complex) -> complex:
        a = complex(params.x)
        for k in range(params.depth):
            bk = bj if k == j - 1 else params.b[k]
            a = f(params.w[k] * a + bk)
        return C(a, params.y)

    return c


@given(params=S.chain_params(), act_cost=S.smooth_act_costs, data=st.data())
@settings(max_examples=30)
def test_backprop_equals_complex_step_at_any_depth(params, act_cost, data):
    """Complex step has no cancellation, so it checks tiny gradients to ~1e-15 relative."""
    activation, cost = act_cost
    j = data.draw(st.integers(1, params.depth))
    lg = chain.backprop(params, activation, cost)
    cs = complex_step(_complex_cost(params, activation, cost, j), params.b[j - 1])
    if lg.sign_b[j - 1] == 0 or cs == 0.0:
        assert lg.sign_b[j - 1] == 0 or abs(cs) < 1e-290
        return
    assert close_log(lg.sign_b[j - 1], lg.log10_b[j - 1], np.sign(cs), np.log10(abs(cs)),
                     atol=1e-9), describe(lg.log10_b[j - 1], np.log10(abs(cs)))


def test_absolute_tolerance_would_hide_a_wrong_backward_pass():
    """A backward pass off by 2x per layer passes atol=1e-5 but not our relative check."""
    params = chain.random_params(20, np.random.default_rng(3))
    right, _ = chain.backprop(params).values()
    wrong = right * 2.0 ** np.arange(20, 0, -1)
    assert np.allclose(wrong[0], right[0], rtol=0, atol=1e-5)
    assert not close(wrong[0], right[0])


def test_depth_10000_is_finite_where_float64_underflows_and_matches_mpmath():
    params = chain.random_params(10_000, np.random.default_rng(0))
    lg = chain.backprop(params)
    naive, _ = lg.values()
    assert naive[0] == 0.0 and np.isfinite(lg.log10_b[0]) and lg.log10_b[0] < -300
    sign, ref = chain.high_precision(params, dps=40)
    assert abs(lg.log10_b[0] - float(ref)) < 1e-8 * abs(float(ref))
    assert lg.sign_b[0] == sign


@given(params=S.chain_params(), act_cost=S.smooth_act_costs)
@settings(max_examples=20)
def test_log_space_backprop_equals_mpmath_reference(params, act_cost):
    activation, cost = act_cost
    lg = chain.backprop(params, activation, cost)
    sign, ref = chain.high_precision(params, activation, cost, dps=30)
    assert close_log(lg.sign_b[0], lg.log10_b[0], sign, float(ref), atol=1e-9), \
        describe(lg.log10_b[0], float(ref))


def test_induction_is_kept_only_once_proved(monkeypatch):
    """prove_induction keeps proved steps for the process, never an undecided one."""
    from derive.proof import Step

    monkeypatch.setattr(chain, "_INDUCTION", {})
    undecided = (Step("base", "identity", UNKNOWN, "timed out after 20 s"),)
    monkeypatch.setattr(chain, "_prove_induction", lambda act: undecided)
    assert [s.verdict for s in chain.prove_induction("tanh")] == [UNKNOWN]
    assert "tanh" not in chain._INDUCTION
    assert chain.prove(chain.gradient(3, "b1", "tanh")).verdict == UNKNOWN
