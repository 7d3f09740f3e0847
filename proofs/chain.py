"""Claims of CLAIMS.md section A: the chain and its gradient."""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from derive import activations, chain
from derive.latex import product_tex
from derive.numerics import FD_RTOL, central_difference, close
from derive.proof import (
    Proof, Step, apply_rule, exact, certify_all, certify_identity, certify_nonnegative, certify_same,
    timed,
)
from derive.proofs import claim
from derive.proofs._claimed import sigma_prime, sigma_square_certificate


@cache
def product_induction(activation: str = "sigmoid") -> tuple[Step, ...]:
    """``chain.prove_induction``'s steps (the product form for every depth), computed once
    per process for the claims that build on it (chain.ratio, vanishing.bound)."""
    return tuple(chain.prove_induction(activation))


@claim("chain.product_form",
       "dC/db_1 = s'(z_1) w_2 s'(z_2) ... w_L s'(z_L) dC/da_L for every depth L (eq. 122)")
def product_form(depth: int = 4, wrt: str = "b1", activation: str = "sigmoid",
                 factors: tuple | None = None) -> Proof:
    """The product form by induction for every L, and at ``depth`` by differentiating the
    composed network. ``factors`` replaces the claimed product (to show a wrong one fails)."""
    grad = chain.gradient(depth, wrt, activation)
    if factors is not None:
        grad = chain.Gradient(grad.depth, grad.param, grad.layer, grad.activation, grad.cost,
                              tuple(factors))
    proof = chain.prove(grad)
    with timed(proof):
        # chain.prove adds the induction's steps, then the concrete depth, then dC/da_L
        induction = proof.steps[:len(proof.steps) - (1 if grad.cost == "generic" else 2)]
        proof.add(apply_rule("induction", induction,
                             r"\text{every depth } L: \delta_j = " + activations.get(activation).tex
                             + r"'(z_j) \prod_{k=j+1}^{L} w_k "
                             + activations.get(activation).tex + r"'(z_k) \cdot "
                             r"\frac{\partial C}{\partial a_L}",
                             "base and step checked by differentiation; the product satisfies "
                             "the same recurrence"))
        F = activations.get(activation).tex
        proof.statement = (rf"\frac{{\partial C}}{{\partial b_j}} = {F}'(z_j) \prod_{{k=j+1}}^{{L}} "
                           rf"w_k {F}'(z_k) \cdot \frac{{\partial C}}{{\partial a_L}}"
                           r" \text{ for all } 1 \le j \le L; \quad " + grad.latex())
        proof.evidence.append(_numeric_agreement(grad))
    return proof


def _numeric_agreement(grad: chain.Gradient, nets: int = 20, seed: int = 0) -> str:
    """The claimed product (lambdified) vs NumPy backprop vs central differences of the cost,
    on random N(0,1) networks (floats: evidence only)."""
    if grad.param != "b" or grad.cost == "generic":
        return "no numeric comparison for this gradient"
    rng = np.random.default_rng(seed)
    fn = chain.lambdified(grad)
    agree = fd_agree = 0
    for _ in range(nets):
        params = chain.random_params(grad.depth, rng)
        value = fn(params)
        lg = chain.backprop(params, grad.activation, grad.cost)
        i = grad.layer - 1
        agree += close(value, lg.sign_b[i] * 10.0 ** lg.log10_b[i])

        def cost_of(bj: float, params=params) -> float:
            b = params.b.copy()
            b[grad.layer - 1] = bj
            return chain.cost_value(chain.Params(params.x, params.y, params.w, b),
                                    grad.activation, grad.cost)

        fd, err = central_difference(cost_of, float(params.b[grad.layer - 1]))
        fd_agree += abs(fd - value) <= err + FD_RTOL * abs(value)
    return (f"{nets} random N(0,1) networks (seed {seed}): claimed product = backprop in "
            f"{agree}/{nets}, = central differences (within their error estimate) in "
            f"{fd_agree}/{nets} (floats)")


def _ratio_symbols():
    z1, z2 = chain.sym("z", 1), chain.sym("z", 2)
    w2, w3 = chain.sym("w", 2), chain.sym("w", 3)
    return z1, z2, w2, w3


RATIO_POINTS = [
    {chain.sym("z", 1): sp.Integer(0), chain.sym("z", 2): sp.Integer(0),
     chain.sym("w", 2): sp.Integer(1), chain.sym("w", 3): sp.Integer(1),
     sp.Symbol("e", positive=True): sp.Rational(1, 100)},
    {chain.sym("z", 1): sp.Rational(1, 3), chain.sym("z", 2): sp.Rational(-1, 2),
     chain.sym("w", 2): sp.Integer(2), chain.sym("w", 3): sp.Rational(-3, 2),
     sp.Symbol("e", positive=True): sp.Rational(1, 2)},
]


def _ratio_every_depth(claimed: tuple, points: list) -> Step:
    r"""``\frac{\partial C/\partial b_1}{\partial C/\partial b_3} = g_1 g_2`` for every depth
    ``L \ge 3``, ``g_k = \sigma'(z_k) w_{k+1}``: the product form for every depth
    (``chain.prove_induction``, by induction) gives ``\partial C/\partial b_j =
    \prod_{k=j}^{L-1} g_k \cdot \sigma'(z_L) C'(a_L)``; SymPy's ``product_simplify`` joins
    ``[1, 2]`` and ``[3, L-1]``; ``\prod_{k=1}^{2} g_k`` is the claimed product; the common
    factor ``\prod_{k=3}^{L-1} g_k \sigma'(z_L) C'(a_L)`` (nonzero where the ratio is defined)
    cancels."""
    sig = activations.get("sigmoid")
    k = sp.Symbol("k", integer=True)
    L = sp.Symbol("L", integer=True, positive=True)
    Z, W = sp.IndexedBase("z"), sp.IndexedBase("w")
    g = sig.prime(Z[k]) * W[k + 1]
    rest, tail = sp.Symbol("P", nonzero=True), sp.Symbol("c", nonzero=True)
    first = sp.Product(g, (k, 1, 2))
    named = {Z[1]: chain.sym("z", 1), Z[2]: chain.sym("z", 2), W[2]: chain.sym("w", 2),
             W[3]: chain.sym("w", 3)}
    premises = [
        *product_induction("sigmoid"),
        certify_same(sp.simplify(first * sp.Product(g, (k, 3, L - 1))),
                     sp.Product(g, (k, 1, L - 1)),
                     r"\prod_{k=1}^{L-1} g_k = g_1 g_2 \prod_{k=3}^{L-1} g_k",
                     "SymPy's product_simplify of [1, 2] and [3, L-1]"),
        certify_identity(first.doit().xreplace(named) * rest * tail / (rest * tail),
                         sp.Mul(*claimed),
                         r"\frac{g_1 g_2 P c}{P c} = " + product_tex(claimed), points),
    ]
    return apply_rule("induction", premises,
                      r"\frac{\partial C/\partial b_1}{\partial C/\partial b_3} = "
                      + product_tex(claimed) + r" \text{ for every depth } L \ge 3",
                      "the product form for every depth, split after k = 2")


@claim("chain.ratio",
       "(dC/db_1)/(dC/db_3) = s'(z_1) w_2 s'(z_2) w_3, so |ratio| <= |w_2 w_3|/16")
def ratio(factors: tuple | None = None, constant: int = 16,
          depths: tuple[int, ...] = (3, 5)) -> Proof:
    r"""``\frac{\partial C/\partial b_1}{\partial C/\partial b_3} = \sigma'(z_1) w_2
    \sigma'(z_2) w_3`` (``factors``) at each depth in ``depths``; with
    ``\sigma' = e^{-z}/(1+e^{-z})^2`` (sigmoid.derivative) the certificate
    ``|w_2 w_3|/16 - |ratio| = |w_2 w_3| ((\sigma_1 - 1/2)^2/4 + \sigma'_1 (\sigma_2 - 1/2)^2)``,
    and for ``|w_2 w_3| = 1 - e < 1`` a strict one (``+ e \sigma'_1 \sigma'_2``)."""
    z1, z2, w2, w3 = _ratio_symbols()
    sig = activations.get("sigmoid")
    claimed = tuple(factors) if factors is not None else (sig.prime(z1), w2, sig.prime(z2), w3)
    c = exact(constant)
    proof = Proof("chain.ratio",
                  r"\frac{\partial C/\partial b_1}{\partial C/\partial b_3} = "
                  + product_tex(claimed) + r" \text{ for every depth } L \ge 3"
                  + rf", \quad \left|\cdot\right| \le "
                  rf"\frac{{|w_2 w_3|}}{{{constant}}} < \frac{{1}}{{{constant}}} \text{{ if }} "
                  r"|w_2 w_3| < 1")
    with timed(proof):
        proof.add(_ratio_every_depth(claimed, RATIO_POINTS))
        proof.add(certify_all(
            rf"\frac{{\partial C/\partial b_1}}{{\partial C/\partial b_3}} = {product_tex(claimed)}"
            rf" \text{{ at }} L \in \{{{', '.join(map(str, depths))}\}}", "identity",
            [certify_identity(chain.gradient(L, "b1").expr / chain.gradient(L, "b3").expr,
                              sp.Mul(*claimed), f"L = {L}", RATIO_POINTS) for L in depths],
            "quotient of the product forms (chain.product_form), exactly"))
        sp1, sp2 = sigma_prime(z1), sigma_prime(z2)
        size = sp.Abs(sp.Mul(*claimed).xreplace({sig.prime(z1): sp1, sig.prime(z2): sp2}))
        square = (sigma_square_certificate(z1) / 4 + sp1 * sigma_square_certificate(z2))
        gap = 1 / c - sp.Rational(1, 16)
        proof.add(certify_nonnegative(
            sp.Abs(w2 * w3) / c - size, sp.Abs(w2 * w3) * (gap + square),
            rf"\left|\tfrac{{\partial C/\partial b_1}}{{\partial C/\partial b_3}}\right| \le "
            rf"\frac{{|w_2 w_3|}}{{{constant}}}", points=RATIO_POINTS))
        e = sp.Symbol("e", positive=True)  # |w_2 w_3| = 1 - e
        size_e = (1 - e) * sp1 * sp2
        proof.add(certify_nonnegative(
            1 / c - size_e, gap + square + e * sp1 * sp2,
            rf"|w_2 w_3| = 1 - e < 1: \left|\cdot\right| < \frac{{1}}{{{constant}}}",
            strict=True, points=RATIO_POINTS))
        rng = np.random.default_rng(0)
        zz, ww = rng.normal(0, 3, (2, 100_000)), rng.normal(0, 2, (2, 100_000))
        r = np.abs(sig.numpy_prime(zz[0]) * ww[0] * sig.numpy_prime(zz[1]) * ww[1])
        worst = float(np.max(r / (np.abs(ww[0] * ww[1]) / constant)))
        proof.evidence.append(f"100000 random (z_1, z_2, w_2, w_3) (seed 0): max of |ratio| / "
                              f"(|w_2 w_3|/{constant}) = {worst:.6f} (floats; <= 1 expected)")
    return proof
