"""derive.matrix: BP1-BP4 and the product form proved exactly on representative networks
(the full sweep, widths <= 3 and depth <= 4, runs in `derive prove matrix.*` and
bench/sweep_matrix.py); wrong right-hand sides are refuted; symbolic == numeric == central
differences; LaTeX in the book's notation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings

from derive import activations, costs, matrix
from derive.errors import InputError
from derive.matrix import SymbolicNetwork
from derive.network import Network
from derive.numerics import FD_RTOL, RTOL, central_difference, close, describe
from derive.proof import PROVED, REFUTED, UNKNOWN
from tests import strategies as S

REPRESENTATIVE = [(1, 1), (3, 1), (1, 3), (2, 3, 2), (3, 1, 3), (1, 2, 3, 1), (2, 1, 1, 2),
                  (3, 2, 1, 2, 3)]


@pytest.mark.parametrize("equation", matrix.EQUATIONS)
def test_equations_proved_on_representative_networks(equation):
    step = matrix.sweep(equation, REPRESENTATIVE)
    assert step.verdict == PROVED, step


def test_all_small_networks_for_every_activation():
    nets = list(matrix.architectures(2, 2))  # 4 + 8 networks
    for act in activations.ACTIVATIONS:
        for eq in ("bp2", "delta_product"):
            assert matrix.sweep(eq, nets, act).verdict == PROVED, (act, eq)


def test_architectures_enumerates_every_network():
    nets = list(matrix.architectures())
    assert len(nets) == 3**2 + 3**3 + 3**4 + 3**5 == len(set(nets))
    assert (3, 3, 3, 3, 3) in nets and (1, 1) in nets and all(len(n) <= 5 for n in nets)


WRONG = {
    "bp1": lambda net: net.grad_a,  # no Sigma'
    "bp2": lambda net, l, d: net.sigma_prime(net.z(l)) * net.w(l + 1).T * d * 2,
    "bp3": lambda net, l, d: d.applyfunc(lambda e: e * net.x[0]),
    "bp4": lambda net, l, d: d * sp.Matrix(list(reversed(net.a_composed(l - 1)))).T,
    "delta_product": lambda net, l: matrix.book_delta_product(net, l).applyfunc(
        lambda e: e / 4),
}


@pytest.mark.parametrize("equation", matrix.EQUATIONS)
def test_wrong_right_hand_sides_are_rejected(equation):
    step = matrix.sweep(equation, [(2, 3, 2)], rhs=WRONG[equation])
    assert step.verdict in (REFUTED, UNKNOWN), step
    assert step.verdict != PROVED


def test_bp2_without_transpose_is_refuted():
    # (w^{l+1})^T replaced by w^{l+1} in a square layer: the shapes agree, the entries do not
    def plain(net, l, d):
        return net.sigma_prime(net.z(l)) * net.w(l + 1) * d

    assert matrix.sweep("bp2", [(2, 2, 2)], rhs=plain).verdict == REFUTED
    # in a non-square layer the shapes already differ
    assert matrix.sweep("bp2", [(2, 3, 2)], rhs=plain).verdict == REFUTED


def test_oracle_is_not_matrix_symbol_diff():
    # the oracle gives a nonzero delta where it must: d a^L / d z^1 for [1, 2, 1]
    net = SymbolicNetwork((1, 2, 1))
    d = net.delta_oracle(1)
    assert d.shape == (2, 1) and all(e != 0 for e in d)
    assert net.fprime(net.z(1)[0]) in d[0].atoms(net.act.prime)


def test_latex_in_book_notation():
    assert matrix.delta_product_tex(1, 4) == (
        r"\delta^{1} = \Sigma'(z^{1}) (w^{2})^T \Sigma'(z^{2}) (w^{3})^T \Sigma'(z^{3}) "
        r"(w^{4})^T \Sigma'(z^{4}) \nabla_a C")
    assert matrix.delta_product_tex(3, 3) == r"\delta^{3} = \Sigma'(z^{3}) \nabla_a C"
    assert matrix.LATEX["bp2"] == r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}"
    assert matrix.sigma_prime_tex("tanh") == (
        r"\Sigma'(z^l) = \operatorname{diag}\left(\tanh'(z^l)\right)")
    assert sp.latex(SymbolicNetwork((2, 3)).w(1)[0, 1]) == "w^{1}_{12}"
    with pytest.raises(InputError):
        matrix.delta_product_tex(0, 3)
    with pytest.raises(InputError):
        SymbolicNetwork((2,))


def _numeric_symbolic(net_sym, act, cost, params, x, y):
    """The oracle's dC/db^l and dC/dw^l evaluated at numbers (lambdified)."""
    A = activations.get(act)
    subs = {}
    for l in range(1, net_sym.L + 1):
        subs.update(zip(net_sym.w(l), params[0][l - 1].ravel()))
        subs.update(zip(net_sym.b(l), params[1][l - 1]))
    subs.update(zip(net_sym.x, x))
    num = Network.from_params(params[0], params[1], act, cost)
    aL = num.feedforward(x)[0]
    subs.update(zip(net_sym.grad_a, costs.get(cost).numpy_grad(aL, y)))
    mods = [{A.func.__name__: A.numpy, A.prime.__name__: A.numpy_prime}, "numpy"]
    syms = list(subs)
    vals = [subs[s] for s in syms]
    gb = [np.array(sp.lambdify(syms, net_sym.grad_b_oracle(l), modules=mods)(*vals),
                   dtype=float).ravel() for l in range(1, net_sym.L + 1)]
    gw = [np.array(sp.lambdify(syms, net_sym.grad_w_oracle(l), modules=mods)(*vals),
                   dtype=float) for l in range(1, net_sym.L + 1)]
    return num, gb, gw


@settings(max_examples=15)
@given(sizes=S.tiny_sizes, act_cost=S.act_costs, seed=S.seeds)
def test_symbolic_equals_numeric_equals_central_differences(sizes, act_cost, seed):
    act, cost = act_cost
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((n, m)) for m, n in itertools.pairwise(sizes)]
    bs = [rng.standard_normal(n) for n in sizes[1:]]
    x = rng.uniform(size=sizes[0])
    y = rng.uniform(0.05, 0.95, size=sizes[-1])
    num, sgb, sgw = _numeric_symbolic(SymbolicNetwork(tuple(sizes), act), act, cost, (ws, bs),
                                      x, y)
    gb, gw = num.backprop(x, y)
    for l in range(len(ws)):
        assert close(sgb[l], gb[l], rtol=RTOL), describe(sgb[l], gb[l])
        assert close(sgw[l], gw[l], rtol=RTOL), describe(sgw[l], gw[l])
        if not activations.get(act).analytic:
            continue  # relu: central differences straddle the kink
        j = int(rng.integers(len(bs[l])))

        def f(v, l=l, j=j):
            old = num.biases[l][j]
            num.biases[l][j] = v
            c = num.cost_value(x, y)
            num.biases[l][j] = old
            return c

        est, err = central_difference(f, float(bs[l][j]))
        assert abs(est - sgb[l][j]) <= 10 * err + FD_RTOL * max(abs(est), 1e-3), (
            describe(est, sgb[l][j]))


# ----------------------------------------------------------------------------- every width

@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_general_layer_proves_bp1_to_bp4_for_symbolic_widths(activation):
    steps = matrix.general_layer(activation)
    assert set(steps) == {"bp1", "bp2", "bp3", "bp4"}
    for eq, (*premises, step) in steps.items():
        assert step.verdict == PROVED, (eq, step.reason)
        assert "chain rule" in step.rules and all(p.verdict == PROVED for p in premises)
    *_, product = matrix.general_product(steps)
    assert product.verdict == PROVED and set(product.rules) == {"chain rule", "induction"}


@pytest.mark.parametrize("equation,wrong", [
    ("bp1", lambda S, g: g),  # Sigma' dropped
    ("bp2", lambda S, w, d: S * w.T * d * 2),
    ("bp3", lambda d: 2 * d),
    ("bp4", lambda d, a: d * a.T * 3),
])
def test_general_layer_does_not_prove_a_wrong_form(equation, wrong):
    steps = matrix.general_layer("sigmoid", {equation: wrong})
    assert steps[equation][-1].verdict != PROVED
    # the product form needs BP1 and BP2: a wrong one leaves it unproved too
    if equation in ("bp1", "bp2"):
        assert matrix.general_product(steps)[-1].verdict != PROVED


def test_general_bp2_without_transpose_is_not_proved():
    # w (not w^T): SymPy cannot rule the shapes out for symbolic widths, the entry differs
    steps = matrix.general_layer("sigmoid", {"bp2": lambda S, w, d: S * w * d})
    assert steps["bp2"][-1].verdict != PROVED
