"""derive.network: the numeric network, checked against central differences, the chain engine,
the registries and exact identities."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from derive import activations, chain
from derive.errors import InputError
from derive.network import (INITS, KERNELS, Network, init_params, output_delta_identity,
                            parse_sizes, random_batch, weight_variance)
from derive.numerics import FD_RTOL, RTOL, central_difference, close, describe
from tests import strategies as S


def _net(sizes, act_cost, seed):
    act, cost = act_cost
    return Network(sizes, activation=act, cost=cost, init="standard", seed=seed)


def _fd_check(net, X, Y, rng):
    """Every bias and a few weights of every layer against central differences."""
    gb, gw = net.backprop(X, Y)
    for l in range(net.depth):
        for params, grad in ((net.biases[l], gb[l]), (net.weights[l], gw[l])):
            flat, gflat = params.reshape(-1), grad.reshape(-1)
            for i in rng.choice(flat.size, size=min(flat.size, 3), replace=False):
                x0 = flat[i]

                def f(v, i=i, flat=flat):
                    flat[i] = v
                    c = net.cost_value(X, Y)
                    flat[i] = x0
                    return c

                est, err = central_difference(f, x0)
                assert abs(est - gflat[i]) <= 10 * err + FD_RTOL * max(abs(est), 1e-3), (
                    f"layer {l + 1}: {describe(gflat[i], est)}, fd error {err:.2g}")


@given(sizes=S.small_sizes, act_cost=S.smooth_act_costs, batch=S.batch_sizes, seed=S.seeds)
def test_backprop_matches_central_differences(sizes, act_cost, batch, seed):
    rng = np.random.default_rng(seed)
    net = _net(sizes, act_cost, seed)
    X, Y = random_batch(net.sizes, batch, rng, net.cost)
    _fd_check(net, X, Y, rng)


@given(params=S.chain_params(S.shallow_depths), act_cost=S.act_costs)
def test_width_one_network_equals_chain_engine(params, act_cost):
    act, cost = act_cost
    net = Network.from_params([[[w]] for w in params.w], [[b] for b in params.b], act, cost)
    gb, gw = net.backprop([[params.x]], [[params.y]])
    cb, cw = chain.backprop(params, act, cost).values()
    # below the normal range float64 keeps no relative precision: compare there absolutely
    tiny = np.finfo(float).tiny
    assert close(np.ravel(gb), cb, atol=tiny), describe(np.ravel(gb), cb)
    assert close(np.ravel(gw), cw, atol=tiny), describe(np.ravel(gw), cw)


@given(sizes=S.small_sizes, act_cost=S.act_costs, batch=S.batch_sizes, seed=S.seeds)
def test_batch_average_is_mean_of_single_examples(sizes, act_cost, batch, seed):
    rng = np.random.default_rng(seed)
    net = _net(sizes, act_cost, seed)
    X, Y = random_batch(net.sizes, batch, rng, net.cost)
    gb, gw = net.backprop(X, Y)
    singles = [net.backprop(X[i:i + 1], Y[i:i + 1]) for i in range(batch)]
    for l in range(net.depth):
        assert close(gb[l], np.mean([s[0][l] for s in singles], axis=0))
        assert close(gw[l], np.mean([s[1][l] for s in singles], axis=0))
    norms = net.bias_gradient_norms(X, Y)
    assert close(norms, [np.linalg.norm(g) for g in gb])


def test_shapes_and_layer_indexing():
    net = Network([5, 4, 3, 2], seed=1)
    assert net.sizes == [5, 4, 3, 2] and net.depth == 3
    assert [w.shape for w in net.weights] == [(4, 5), (3, 4), (2, 3)]
    assert [b.shape for b in net.biases] == [(4,), (3,), (2,)]
    X, Y = random_batch(net.sizes, 7, np.random.default_rng(0))
    gb, gw = net.backprop(X, Y)
    assert [g.shape for g in gb] == [(4,), (3,), (2,)]
    assert [g.shape for g in gw] == [(4, 5), (3, 4), (2, 3)]
    assert net.feedforward(X).shape == (7, 2)
    assert [d.shape for d in net.deltas(X, Y)] == [(7, 4), (7, 3), (7, 2)]
    assert net.bias_gradient_norms(X, Y).shape == (3,)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernels_agree_with_registry(name):
    act = activations.get(name)
    z = np.concatenate([np.linspace(-40, 40, 401), [-5000.0, -700.0, 700.0, 5000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a, fp = KERNELS[name](z.copy())
    # below the normal range float64 has no relative precision: compare there absolutely
    tiny = 2 * np.finfo(float).tiny
    assert close(a, act.numpy(z), atol=tiny), describe(a, act.numpy(z))
    assert close(fp, act.numpy_prime(z), atol=tiny), describe(fp, act.numpy_prime(z))


def test_sigmoid_kernel_is_relatively_accurate_in_the_tails():
    # sigma'(z) = e^{-|z|}/(1+e^{-|z|})^2: relative accuracy where sigma(1 - sigma) would be 0
    z = np.array([-600.0, -40.0, 40.0, 600.0])
    _, fp = KERNELS["sigmoid"](z)
    exact = [sp.N(sp.exp(-abs(sp.Integer(int(v)))) / (1 + sp.exp(-abs(sp.Integer(int(v))))) ** 2,
                  30) for v in z]
    assert close(fp, np.array(exact, dtype=float)), describe(fp, exact)


@pytest.mark.parametrize("act,cost", [("sigmoid", "cross-entropy"), ("sigmoid", "quadratic"),
                                      ("tanh", "quadratic")])
def test_output_delta_identity_is_exact(act, cost):
    lhs, rhs = output_delta_identity(act, cost)
    assert sp.simplify(lhs - rhs) == 0


def test_saturated_sigmoid_cross_entropy_output_is_stable():
    net = Network.from_params([[[1.0]]], [[0.0]], "sigmoid", "cross-entropy")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        gb, _ = net.backprop([[800.0]], [[0.0]])  # a = 1 exactly in float64, delta = a - y = 1
        cost = net.cost_value([[800.0]], [[0.0]])
    assert close(gb[0], [1.0])
    assert close(cost, 800.0)


def test_init_is_seeded_and_accepts_generators():
    a, b = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5)
    c = Network([3, 4, 2], seed=np.random.default_rng(5))
    for x, y, z in zip(a.weights + a.biases, b.weights + b.biases, c.weights + c.biases):
        assert np.array_equal(x, y) and np.array_equal(x, z)
    assert not np.array_equal(a.weights[0], Network([3, 4, 2], seed=6).weights[0])


@pytest.mark.parametrize("init", INITS)
def test_init_variances(init):
    # sample variance of 200x400 weights within 5 standard errors of the exact variance
    n_in, n_out = 400, 200
    ws, bs = init_params([n_in, n_out], init, np.random.default_rng(0))
    var = float(weight_variance(init, n_in, n_out))
    se = var * np.sqrt(2.0 / ws[0].size)
    assert abs(ws[0].var() - var) <= 5 * se
    if init in ("book", "standard"):
        assert abs(bs[0].var() - 1.0) <= 5 * np.sqrt(2.0 / n_out)
    else:
        assert not np.any(bs[0])


def test_exact_weight_variances():
    assert weight_variance("book", 1000, 30) == sp.Rational(1, 1000)
    assert weight_variance("glorot", 784, 30) == sp.Rational(2, 814)
    assert weight_variance("he", 50, 10) == sp.Rational(1, 25)


@pytest.mark.parametrize("bad", ["", "784", "3,x,2", "3,0,2", "3,-1", [3], [3, 2.5]])
def test_bad_sizes(bad):
    with pytest.raises(InputError):
        parse_sizes(bad)


def test_bad_arguments():
    with pytest.raises(InputError):
        Network([2, 2], init="lecun")
    with pytest.raises(InputError):
        Network([2, 2], activation="tanh", cost="cross-entropy")
    with pytest.raises(InputError):
        Network([2, 2], cost="generic")
    net = Network([3, 2])
    with pytest.raises(InputError):
        net.backprop(np.zeros((4, 2)), np.zeros((4, 2)))
    with pytest.raises(InputError):
        net.backprop(np.zeros((4, 3)), np.zeros((3, 2)))
    with pytest.raises(InputError):
        Network.from_params([np.zeros((2, 3))], [np.zeros(3)])


@given(st.integers(min_value=-10, max_value=10))
def test_wrong_gradient_is_caught(shift):
    # the finite-difference check is not vacuous: a perturbed gradient fails it
    net = Network([2, 3, 1], cost="quadratic", seed=1)
    X, Y = random_batch(net.sizes, 3, np.random.default_rng(1), "quadratic")
    gb, _ = net.backprop(X, Y)
    wrong = gb[0][0] * (1 + RTOL * 1e4) + (shift or 1) * 1e-4
    est, err = central_difference(
        lambda v: _set_and_cost(net, X, Y, v), float(net.biases[0][0]))
    assert abs(est - wrong) > 10 * err + FD_RTOL * max(abs(est), 1e-3)


def _set_and_cost(net, X, Y, v):
    old = net.biases[0][0]
    net.biases[0][0] = v
    c = net.cost_value(X, Y)
    net.biases[0][0] = old
    return c
