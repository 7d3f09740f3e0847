r"""Claim init.variance (CLAIMS.md E, book ch. 3 "Weight initialization"): the spread of
``z = sum_j w_j x_j + b`` for 1000 inputs of which 500 are 1, under N(0,1) and N(0, 1/n_in)
weights, and the Glorot and He weight variances.

Decimal claims such as ``22.383`` mean "rounds to": the value lies within half a unit of the
last digit (``rounding_box``).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy import stats

from derive import intervals, latex
from derive.errors import InputError
from derive.network import init_params, weight_variance
from derive.proof import (
    Proof,
    Step,
    apply_rule,
    certify_all,
    certify_enclosure,
    certify_identity,
    certify_solve,
    timed,
)
from derive.proofs import claim


def rounding_box(decimal: str) -> tuple[sp.Rational, sp.Rational]:
    """``"22.383"`` -> ``[22.3825, 22.3835]``: the numbers that round to it."""
    value = sp.Rational(decimal)
    digits = len(decimal.split(".")[1]) if "." in decimal else 0
    half = sp.Rational(1, 2 * 10**digits)
    return value - half, value + half


def certify_decimal(exact: sp.Expr, decimal: str, claim_tex: str) -> Step:
    """``exact`` rounds to ``decimal``, by a rigorous interval enclosure of ``exact``."""
    lo, hi = rounding_box(decimal)
    with intervals.precision(120):
        enc = intervals.enclose(exact)
    return certify_enclosure(enc, lo, hi, claim_tex, f"enclosure of {latex.math(exact)}")


def _variance_lemma() -> Step:
    r"""``Var(\sum_{j \le m} w_j + b) = m \sigma_w^2 + \sigma_b^2`` for independent
    ``w_j ~ N(0, \sigma_w^2)``, ``b ~ N(0, \sigma_b^2)``: by induction on m, the base
    ``Var b = \sigma_b^2`` and the step ``Var(S + w) = Var S + \sigma_w^2`` for independent
    ``S`` (variance ``v``) and ``w``, both computed by sympy.stats; inputs ``x_j = 0`` drop out
    of the sum."""
    sw, sb, v = sp.symbols("sigma_w sigma_b v", positive=True)
    m = sp.Symbol("m", integer=True, nonnegative=True)
    b = stats.Normal("b", 0, sb)
    S = stats.Normal("S", 0, sp.sqrt(v))
    w = stats.Normal("w", 0, sw)
    steps = [
        certify_identity(stats.E(b**2) - stats.E(b) ** 2, sb**2,
                         r"\operatorname{Var} b = \sigma_b^2"),
        # Var X = E[X^2] - E[X]^2 (sympy.stats integrates the joint density; faster than
        # its own variance() on a sum)
        certify_identity(stats.E((S + w) ** 2) - stats.E(S + w) ** 2, v + sw**2,
                         r"\operatorname{Var}(S + w) = \operatorname{Var} S + \sigma_w^2"),
        certify_identity((m * sw**2 + sb**2) + sw**2, (m + 1) * sw**2 + sb**2,
                         r"m\sigma_w^2 + \sigma_b^2 + \sigma_w^2 = (m+1)\sigma_w^2 + \sigma_b^2"),
    ]
    return apply_rule("induction", steps,
                      r"\operatorname{Var}(\sum_{j=1}^m w_j + b) = m\sigma_w^2 + \sigma_b^2",
                      "induction on m: base and step by sympy.stats, exact")


def _glorot_he(n_in: sp.Symbol, n_out: sp.Symbol, glorot: sp.Expr, he: sp.Expr) -> list[Step]:
    r"""Glorot: forward ``n_in Var W = 1`` and backward ``n_out Var W = 1`` cannot both hold;
    the compromise ``((n_in + n_out)/2) Var W = 1``. He: for ``z ~ N(0, s^2)``,
    ``E[relu(z)^2] = s^2/2`` (exact integral), so preserving ``E z^2`` needs
    ``n_in Var W / 2 = 1``. Each solved exactly for ``Var W``; then derive.network's
    ``weight_variance`` is compared with the claimed value at concrete sizes."""
    V = sp.Symbol("V", positive=True)
    z, s = sp.Symbol("z", real=True), sp.Symbol("s", positive=True)
    pdf = sp.exp(-z**2 / (2 * s**2)) / (s * sp.sqrt(2 * sp.pi))
    relu2 = sp.integrate(z**2 * pdf, (z, 0, sp.oo))
    steps = [
        certify_solve((n_in + n_out) / 2 * V - 1, V, sp.Interval.open(0, sp.oo), [glorot],
                      r"\tfrac{n_{in} + n_{out}}{2} \operatorname{Var} W = 1"),
        certify_identity(relu2, s**2 / 2,
                         r"E[\operatorname{relu}(z)^2] = s^2/2,\ z \sim N(0, s^2)"),
        certify_solve(n_in * V * relu2 / s**2 - 1, V, sp.Interval.open(0, sp.oo), [he],
                      r"n_{in} \operatorname{Var} W \, E[\operatorname{relu}(z)^2]/s^2 = 1"),
    ]
    for a, c in ((784, 30), (30, 10), (100, 100)):
        for name, claimed in (("glorot", glorot), ("he", he)):
            steps.append(certify_identity(weight_variance(name, a, c),
                                          claimed.subs({n_in: a, n_out: c}),
                                          rf"\text{{derive.network {name} init}}, {a} \to {c}"))
    return steps


def _monte_carlo(n_in: int, n_ones: int, samples: int, seed: int) -> list[str]:
    """Sample ``z`` under both inits; sample variances of Glorot/He weights. Evidence."""
    rng = np.random.default_rng(seed)
    notes = []
    for name, sd_w, exact in (("N(0,1)", 1.0, np.sqrt(n_ones + 1.0)),
                              ("N(0,1/n_in)", 1 / np.sqrt(n_in), np.sqrt(n_ones / n_in + 1.0))):
        zs = []
        for _ in range(samples // 1000):
            w = rng.standard_normal((1000, n_ones)) * sd_w  # only the inputs equal to 1 matter
            zs.append(w.sum(axis=1) + rng.standard_normal(1000))
        z = np.concatenate(zs)
        sd = z.std(ddof=1)
        half = 2.576 * sd / np.sqrt(2 * (len(z) - 1))  # 99% normal-approximation interval
        inside = "inside" if abs(sd - exact) <= half else "OUTSIDE"
        notes.append(f"Monte Carlo ({len(z)} samples, seed {seed}), {name} weights: sample "
                     f"sd(z) = {sd:.4f}, 99% interval ±{half:.4f}; exact {exact:.4f} {inside}")
    for init, (a, c) in (("glorot", (784, 30)), ("he", (784, 30))):
        ws, _ = init_params([a, c], init, rng)
        var = ws[0].var(ddof=1)
        exact = float(weight_variance(init, a, c))
        se = exact * np.sqrt(2 / (ws[0].size - 1))
        notes.append(f"Monte Carlo ({ws[0].size} weights of a {a}->{c} {init} layer): sample "
                     f"Var W = {var:.6f}, exact {exact:.6f}, {abs(var - exact) / se:.2f} "
                     "standard errors apart")
    return notes


@claim("init.variance",
       "sd(z) = sqrt(501) = 22.383 with N(0,1), sqrt(3/2) with N(0,1/n_in); Glorot, He")
def variance(n_in: int = 1000, n_ones: int = 500,
             exact_standard: sp.Expr | None = None, decimal_standard: str = "22.383",
             exact_book: sp.Expr | None = None, decimal_book: str = "1.2247",
             glorot: sp.Expr | None = None, he: sp.Expr | None = None,
             samples: int = 5000, seed: int = 0) -> Proof:
    """``exact_*`` default to ``sqrt(501)`` and ``sqrt(3/2)``; ``glorot``/``he`` are
    expressions in the symbols ``n_in``, ``n_out`` (positive), defaults ``2/(n_in + n_out)``
    and ``2/n_in``."""
    if not 0 <= n_ones <= n_in:
        raise InputError(f"need 0 <= n_ones <= n_in, got n_ones = {n_ones}, n_in = {n_in}")
    exact_standard = sp.sqrt(501) if exact_standard is None else exact_standard
    exact_book = sp.sqrt(sp.Rational(3, 2)) if exact_book is None else exact_book
    nin, nout = sp.symbols("n_in n_out", positive=True)
    glorot = 2 / (nin + nout) if glorot is None else glorot
    he = 2 / nin if he is None else he
    proof = Proof("init.variance",
                  rf"z = \sum_{{j=1}}^{{{n_in}}} w_j x_j + b,\ {n_ones} \text{{ inputs }} x_j = 1"
                  rf" \text{{ (the rest 0)}}:\ \operatorname{{sd}} z = {sp.latex(exact_standard)}"
                  rf" \approx {decimal_standard} \ (w, b \sim N(0,1)),\ "
                  rf"{sp.latex(exact_book)} \approx {decimal_book} \ (w \sim N(0, 1/n_{{in}}),"
                  rf" b \sim N(0, 1));\ \operatorname{{Var}} W = {sp.latex(glorot)} "
                  rf"\text{{ (Glorot)}},\ {sp.latex(he)} \text{{ (He)}}")
    with timed(proof):
        proof.add(_variance_lemma())
        sd_std = sp.sqrt(n_ones * 1 + 1)
        sd_book = sp.sqrt(n_ones * sp.Rational(1, n_in) + 1)
        proof.add(certify_identity(sd_std, exact_standard,
                                   rf"\sqrt{{{n_ones} \cdot 1 + 1}} = {sp.latex(exact_standard)}"))
        proof.add(certify_identity(sd_book, exact_book,
                                   rf"\sqrt{{{n_ones}/{n_in} + 1}} = {sp.latex(exact_book)}"))
        proof.add(certify_decimal(sd_std, decimal_standard,
                                  rf"{sp.latex(sd_std)} \approx {decimal_standard}"))
        proof.add(certify_decimal(sd_book, decimal_book,
                                  rf"{sp.latex(sd_book)} \approx {decimal_book}"))
        proof.add(certify_all(r"\text{Glorot and He variances}", "solve",
                              _glorot_he(nin, nout, glorot, he),
                              "exact solves; derive.network's inits agree"))
        proof.evidence.extend(_monte_carlo(n_in, n_ones, samples, seed))
    return proof
