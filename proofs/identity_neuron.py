r"""Claim identity_neuron (CLAIMS.md D, ch. 5 Problem 2): a sigmoid neuron as an identity.

With ``b = -w_1/2``, ``w_2 = 4/w_1`` and ``y = x - 1/2``, ``v = w_1 y``:

    w_2 \sigma(w_1 x + b) = 2/w_1 + y + R,   R = (4/w_1) E(v),   E(v) = \sigma(v) - 1/2 - v/4,

and ``E(v) = (\tanh(v/2) - v/2)/2`` is odd with ``0 \le -E(v) \le v^3/48`` for ``v \ge 0``
(two monotonicity lemmas: ``q - \tanh q`` and ``q^3/3 - q + \tanh q`` vanish at 0 and have
nonnegative derivatives ``\tanh^2 q`` and ``(q - \tanh q)(q + \tanh q)``). Hence
``|R| \le w_1^2 |y|^3/12 \le w_1^2/96`` on ``x \in [0, 1]``; the constant ``2/w_1`` is absorbed
by the next layer's bias. The constant ``1/96`` is sharp: ``R/w_1^2 \to 1/96`` at ``x = 0``
as ``w_1 \to 0``, so a smaller claimed constant is refuted.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from derive.activations import ACTIVATIONS
from derive.proof import (
    Proof, apply_rule, certify_all, certify_identity, certify_nonnegative, exact, timed,
)
from derive.proofs import claim
from derive.proofs._claimed import sigma

w1 = sp.Symbol("w_1", real=True, nonzero=True)
x = sp.Symbol("x", real=True)
v = sp.Symbol("v", real=True)
q = sp.Symbol("q", nonnegative=True)
d = sp.Symbol("d", nonnegative=True)  # |y| = 1/2 - d
G = sp.Symbol("G", nonnegative=True)  # stands for q - tanh q, shown >= 0 by lemma A
POINTS = [{w1: sp.Rational(a), x: sp.Rational(b)}
          for a, b in (("1", "0"), ("1/2", "1"), ("-3", "1/3"), ("2", "3/4"))]


def E(u: sp.Expr) -> sp.Expr:
    r"""``E(v) = \sigma(v) - 1/2 - v/4``, the remainder of the linearisation at 0."""
    return sigma(u) - sp.Rational(1, 2) - u / 4


@claim("identity_neuron",
       "b = -w_1/2, w_2 = 4/w_1: w_2 sigma(w_1 x + b) = 2/w_1 + (x - 1/2) + R, |R| <= w_1^2/96 "
       "on [0, 1]")
def identity_neuron(bias: Callable[[sp.Expr], sp.Expr] = lambda w: -w / 2,
                    weight: Callable[[sp.Expr], sp.Expr] = lambda w: 4 / w,
                    constant: Callable[[sp.Expr], sp.Expr] = lambda w: 2 / w,
                    coefficient: sp.Expr = sp.Rational(1, 96)) -> Proof:
    r"""``weight(w_1) \sigma(w_1 x + bias(w_1)) = constant(w_1) + (x - 1/2) + R`` with
    ``|R| \le coefficient \cdot w_1^2`` for ``x \in [0, 1]``, every ``w_1 \ne 0``."""
    c = exact(coefficient)  # a float is refused (InexactNumber): 1/96 as a float is below 1/96
    proof = Proof("identity_neuron",
                  rf"b = {sp.latex(bias(w1))},\ w_2 = {sp.latex(weight(w1))}:\ "
                  rf"w_2 \sigma(w_1 x + b) = {sp.latex(constant(w1))} + \left(x - \tfrac12\right)"
                  rf" + R, \ |R| \le {sp.latex(c * w1 ** 2)} \text{{ on }} [0, 1]")
    with timed(proof):
        y = x - sp.Rational(1, 2)
        R = 4 / w1 * E(w1 * y)
        proof.add(certify_identity(weight(w1) * sigma(w1 * x + bias(w1)),
                                   constant(w1) + y + R,
                                   r"w_2 \sigma(w_1 x + b) = \tfrac{2}{w_1} + y + "
                                   r"\tfrac{4}{w_1} E(w_1 y), \ y = x - \tfrac12, \ "
                                   r"E(v) = \sigma(v) - \tfrac12 - \tfrac v4", POINTS))
        proof.add(certify_all(
            r"E(v) = \tfrac12 (\tanh \tfrac v2 - \tfrac v2), \ E(-v) = -E(v)", "identity",
            [certify_identity(E(v), ((sp.tanh(v / 2) - v / 2) / 2).rewrite(sp.exp), "tanh form"),
             certify_identity(E(-v) + E(v), 0, "odd")],
            "exact identities"))
        lemma_a = apply_rule(
            "mean value theorem",
            [certify_identity((q - sp.tanh(q)).subs(q, 0), 0, "vanishes at 0"),
             certify_identity(sp.diff(q - sp.tanh(q), q), sp.tanh(q) ** 2, "derivative"),
             certify_nonnegative(sp.tanh(q) ** 2, sp.tanh(q) ** 2, "derivative >= 0")],
            r"q \ge 0: q - \tanh q \ge 0", "zero at 0 and nondecreasing (mean value theorem)")
        proof.add(lemma_a)
        f = q ** 3 / 3 - q + sp.tanh(q)
        proof.add(apply_rule(
            "mean value theorem",
            [certify_identity(f.subs(q, 0), 0, "vanishes at 0"),
             certify_identity(sp.diff(f, q), (q - sp.tanh(q)) * (q + sp.tanh(q)), "derivative"),
             lemma_a,
             certify_nonnegative(G * (q + sp.tanh(q)), G * (q + sp.tanh(q)),
                                 "(q - tanh q)(q + tanh q) >= 0")],
            r"q \ge 0: q - \tanh q \le \tfrac{q^3}{3}",
            "zero at 0 and nondecreasing (mean value theorem)"))
        proof.add(certify_identity((q ** 3 / 3) / 2, (2 * q) ** 3 / 48,
                                   r"v = 2q \ge 0: 0 \le -E(v) = \tfrac12 (q - \tanh q) \le "
                                   r"\tfrac{q^3}{6} = \tfrac{v^3}{48}; \text{ all } v: "
                                   r"|E(v)| \le \tfrac{|v|^3}{48} \text{ (odd)}"))
        proof.add(certify_identity(4 / sp.Abs(w1) * sp.Abs(w1 * y) ** 3 / 48,
                                   w1 ** 2 * sp.Abs(y) ** 3 / 12,
                                   r"\tfrac{4}{|w_1|} \tfrac{|w_1 y|^3}{48} = "
                                   r"\tfrac{w_1^2 |y|^3}{12}", POINTS))
        gap = w1 ** 2 / 96 - w1 ** 2 * (sp.Rational(1, 2) - d) ** 3 / 12
        proof.add(certify_nonnegative(
            gap, w1 ** 2 / 12 * d * ((d - sp.Rational(3, 4)) ** 2 + sp.Rational(3, 16)),
            r"x \in [0, 1]: |y| = \tfrac12 - d \le \tfrac12: \tfrac{w_1^2 |y|^3}{12} \le "
            r"\tfrac{w_1^2}{96}"))
        R0 = R.subs(x, 0) / w1 ** 2
        proof.add(certify_identity(sp.limit(R0, w1, 0), sp.Rational(1, 96),
                                   r"\text{sharp: } \lim_{w_1 \to 0} R(x{=}0)/w_1^2 = "
                                   r"\tfrac{1}{96}"))
        proof.add(certify_nonnegative(c - sp.Rational(1, 96), c - sp.Rational(1, 96),
                                      rf"\text{{claimed constant }} {sp.latex(c)} "
                                      r"\ge \tfrac{1}{96}"
                                      r"\text{ (below it the sharp limit refutes the bound)}",
                                      points=[{}]))
        proof.evidence.append(_grid(bias, weight, constant, c))
    return proof


def _grid(bias, weight, constant, c: sp.Expr) -> str:
    """Float grid over x in [0, 1] and w_1 in +-[0.05, 3]: max of |R| / (c w_1^2)."""
    sig = ACTIVATIONS["sigmoid"].numpy
    xs = np.linspace(0.0, 1.0, 401)
    worst = 0.0
    v = sp.Symbol("v")
    numeric = [sp.lambdify(v, fn(v), "numpy") for fn in (bias, weight, constant)]
    for w in np.concatenate([np.linspace(0.05, 3, 60), -np.linspace(0.05, 3, 60)]):
        b, w2, k = (float(fn(w)) for fn in numeric)
        r = w2 * sig(w * xs + b) - k - (xs - 0.5)
        worst = max(worst, float(np.max(np.abs(r)) / (float(c) * w * w)))
    return (f"float grid (401 x-values in [0, 1], 120 values of w_1 in +-[0.05, 3]): "
            f"max |R| / ({c} w_1^2) = {worst:.6f} (<= 1 expected)")
