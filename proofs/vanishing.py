r"""Claims of CLAIMS.md section C: vanishing gradients in a sigmoid chain.

``erf_enclosure`` is the rigorous error function the Gaussian claim needs (mpmath's ``iv.erf``
raises ``NoConvergence`` on these arguments). Method: for ``x >= 0``

    erf(x) = (2/\sqrt{\pi}) e^{-x^2} \sum_{n >= 0} t_n,
    t_n = 2^n x^{2n+1} / (1 \cdot 3 \cdots (2n+1)),

a series of positive terms with ``t_{n+1}/t_n = 2x^2/(2n+3)``. Summing ``t_0..t_N`` in interval
arithmetic and bounding the tail by ``t_{N+1}/(1 - r)`` with ``r = 2x^2/(2N+5) < 1`` (the ratio
only decreases after that) encloses ``erf(x)``; ``erfc = 1 - erf`` at 200 bits keeps the
cancellation at ``x = 2\sqrt{2}`` (``erfc ~ 6e-5``) far below the claimed digits.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp
from mpmath import iv

from derive import chain, intervals
from derive.activations import ACTIVATIONS
from derive.proof import (
    Proof, apply_rule, exact, certify_all, certify_enclosure, certify_identity, certify_nonnegative,
    timed,
)
from derive.proofs import claim
from derive.proofs._claimed import Number, decimal_box, sigma_prime
from derive.proofs.chain import product_induction

z = sp.Symbol("z", real=True)
w = sp.Symbol("w", real=True)
B = sp.Symbol("B", positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
e, f = sp.Symbol("e", positive=True), sp.Symbol("f", nonnegative=True)
POINTS = [{z: sp.Rational(v), w: sp.Rational(u), e: sp.Rational(1, 100)}
          for v, u in (("0", "1"), ("1/3", "-2"), ("-3/2", "1/2"), ("5", "3"))]


def erf_enclosure(x: intervals.Interval, terms: int | None = None) -> intervals.Interval:
    """A rigorous interval containing ``erf(t)`` for every ``t`` in ``x`` (``x >= 0``)."""
    if x.a < 0:
        raise intervals.NotEnclosable("erf_enclosure needs x >= 0")
    top = float(x.b)
    N = terms if terms is not None else int(40 + 4 * top * top)
    x2 = x * x
    term, total = x, x
    for n in range(N):
        term = term * 2 * x2 / (2 * n + 3)
        total = total + term
    nxt = term * 2 * x2 / (2 * N + 3)  # t_{N+1}
    r = 2 * iv.mpf(x.b) ** 2 / (2 * N + 5)
    if not r.b < 1:
        raise intervals.NotEnclosable("too few terms for the tail bound")
    tail = nxt / (1 - r)
    total = total + iv.mpf([0, tail.b])
    return 2 / iv.sqrt(iv.pi) * iv.exp(-x2) * total


# ----------------------------------------------------------------------------- bound

@claim("vanishing.bound",
       "|dC/db_1| <= 4^-L prod_{j>=2} |w_j| |dC/da_L| (sigmoid); |w_j| < 1 gives factors < 1/4")
def bound(base: int = 4) -> Proof:
    r"""``|\partial C/\partial b_1| \le B^L \prod_{j \ge 2} |w_j| \, |\partial C/\partial a_L|``
    with ``B = 1/base``, for every L: each ``0 < \sigma'(z_j) \le B`` (certificate), a product
    of ``k`` numbers in ``(0, B]`` is ``\le B^k`` (induction, certificate), and the product
    form (chain.product_form, every depth) splits into those factors. Each factor
    ``|w_j \sigma'(z_j)| < B`` when ``|w_j| = 1 - e < 1`` (strict certificate)."""
    Bv = 1 / exact(base)
    proof = Proof("vanishing.bound",
                  r"\left|\frac{\partial C}{\partial b_1}\right| \le " + rf"{base}^{{-L}}"
                  r" \prod_{j=2}^{L} |w_j| \left|\frac{\partial C}{\partial a_L}\right|;"
                  rf" \quad |w_j| < 1 \Rightarrow |w_j \sigma'(z_j)| < \tfrac{{1}}{{{base}}}")
    with timed(proof):
        gap = Bv - sigma_prime(z)
        proof.add(certify_all(
            rf"0 < \sigma'(z) \le \tfrac{{1}}{{{base}}}", "certificate",
            [certify_nonnegative(sigma_prime(z), sigma_prime(z), "positive", strict=True),
             certify_nonnegative(gap, sp.factor(sp.together(gap)), "bound", points=POINTS)],
            "e^{-z}/(1+e^{-z})^2 > 0 and the square certificate of sigmoid.max"))
        # a product of k numbers in (0, B] is <= B^k: p = B^k/(1+f), q = B/(1+e), e, f >= 0
        ee = sp.Symbol("e", nonnegative=True)
        prod = B ** k / (1 + f) * B / (1 + ee)
        proof.add(certify_all(
            r"0 < p \le B^k,\ 0 < q \le B \Rightarrow pq \le B^{k+1}", "certificate",
            [certify_nonnegative(B ** (k + 1) - prod,
                                 B ** (k + 1) * (ee + f + ee * f) / ((1 + ee) * (1 + f)), "step"),
             certify_identity(B ** 1, B, "base k = 1")],
            "induction on k: B^{k+1} - pq = B^{k+1}(e + f + ef)/((1+e)(1+f)) >= 0"))
        # every depth L: |dC/db_1| = |prod_{k<L} sigma'(z_k) w_{k+1} sigma'(z_L) c| splits
        # into prod sigma'(z_k) prod |w_k| |c| by induction (|p q| = |p| |q|, sigma' > 0)
        zL, wL, c, p = (sp.Symbol(n, real=True) for n in ("z_L", "w_L", "c", "p"))
        P, Q, R = sp.symbols("P Q R", nonnegative=True)  # |w|-product, |c|, and the bound's slack
        split = [
            certify_identity(sp.Abs(sigma_prime(zL) * c), sigma_prime(zL) * sp.Abs(c),
                             r"L = 1: |\sigma'(z_1) c| = \sigma'(z_1) |c|"),
            certify_identity(sp.Abs(p * w * sigma_prime(z)), sp.Abs(p) * sp.Abs(w) * sigma_prime(z),
                             r"|p\, w_{k+1} \sigma'(z_{k+1})| = |p|\, |w_{k+1}| \sigma'(z_{k+1})"),
            certify_nonnegative((B ** k + R) * P * Q - B ** k * P * Q, R * P * Q,
                                r"\prod_j \sigma'(z_j) = B^L - R \le B^L \Rightarrow "
                                r"\text{the bound, times } \prod |w_j| |c| \ge 0"),
        ]
        proof.add(apply_rule("induction", [*proof.steps, *product_induction("sigmoid"), *split],
                             rf"\text{{every depth }} L: \left|\frac{{\partial C}}{{\partial b_1}}"
                             rf"\right| \le {base}^{{-L}} \prod_{{j=2}}^{{L}} |w_j| "
                             r"\left|\frac{\partial C}{\partial a_L}\right|",
                             "product form for every L (induction), its absolute value split "
                             "factor by factor (induction), each sigma' <= B"))
        small = Bv - (1 - e) * sigma_prime(z)  # |w| = 1 - e
        proof.add(certify_nonnegative(
            small, sp.factor(sp.together(gap)) + e * sigma_prime(z),
            rf"|w_j| = 1 - e < 1: |w_j \sigma'(z_j)| < \tfrac{{1}}{{{base}}}", strict=True,
            points=POINTS))
        proof.evidence.append(_bound_sweep(base))
    return proof


@lru_cache(maxsize=None)
def _bound_sweep(base: int, nets: int = 500, seed: int = 0) -> str:
    """Random chains (N(0,1) weights and biases, depths 1..30): numeric backprop in log10
    never exceeds the bound. Evidence only."""
    rng = np.random.default_rng(seed)
    worst = -np.inf
    for _ in range(nets):
        params = chain.random_params(int(rng.integers(1, 31)), rng)
        lg = chain.backprop(params)
        if lg.sign_b[0] == 0:
            continue
        _, a = chain.forward(params)
        cgrad = abs(a[-1] - params.y)
        rhs = (-params.depth * np.log10(base) + np.sum(np.log10(np.abs(params.w[1:])))
               + np.log10(cgrad))
        worst = max(worst, lg.log10_b[0] - rhs)
    return (f"{nets} random chains (seed {seed}, depths 1..30, quadratic cost): max of "
            f"log10|dC/db_1| - log10(bound) = {worst:.4f} (floats; <= 0 expected)")


# ----------------------------------------------------------------------------- gaussian

def _normal_pdf(x: sp.Expr) -> sp.Expr:
    r"""``\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}``."""
    return sp.exp(-x ** 2 / 2) / sp.sqrt(2 * sp.pi)


@claim("vanishing.gaussian",
       "w ~ N(0,1): E|w s'(z)| <= E|w|/4 = 1/(2 sqrt(2 pi)); P(|w|<1) = erf(1/sqrt 2); "
       "P(|w s'| >= 1) <= 6.334e-5")
def gaussian(mean_abs: sp.Expr = sp.sqrt(2 / sp.pi),
             mean_bound: sp.Expr = 1 / (2 * sp.sqrt(2 * sp.pi)),
             mean_decimal: Number = "0.19947114...",
             p_small: sp.Expr = sp.erf(1 / sp.sqrt(2)),
             p_small_decimal: Number = "0.682689...",
             threshold: int = 4,
             p_big_decimal: Number = "6.334e-5") -> Proof:
    r"""For ``w \sim N(0,1)`` and any ``z`` (any joint law): pointwise
    ``|w \sigma'(z)| \le |w|/4`` (certificate), so ``E|w\sigma'(z)| \le E|w|/4`` and
    ``\{|w\sigma'(z)| \ge 1\} \subseteq \{|w| \ge 4\}``; the Gaussian integrals exactly
    (antiderivatives checked by differentiation), and their decimals by rigorous interval
    enclosures (``erf_enclosure``)."""
    T = exact(threshold)
    mean_abs, mean_bound, p_small = exact(mean_abs), exact(mean_bound), exact(p_small)
    tail_tex = rf"\operatorname{{erfc}}\left({sp.latex(T / sp.sqrt(2))}\right)"
    proof = Proof("vanishing.gaussian",
                  r"w \sim N(0,1),\ \text{any } z:\ E|w \sigma'(z)| \le \tfrac{E|w|}{4},\ "
                  rf"E|w| = {sp.latex(sp.sympify(mean_abs))},\ \tfrac{{E|w|}}{{4}} = "
                  rf"{sp.latex(sp.sympify(mean_bound))} \approx {_shown(mean_decimal)};\ "
                  rf"P(|w| < 1) = {sp.latex(sp.sympify(p_small))} \approx "
                  rf"{_shown(p_small_decimal)};\ P(|w \sigma'(z)| \ge 1) \le "
                  rf"P(|w| \ge {threshold}) = {tail_tex} \approx {_shown(p_big_decimal)}")
    with timed(proof):
        pointwise = sp.Abs(w) / 4 - sp.Abs(w * sigma_prime(z))
        proof.add(certify_nonnegative(pointwise, sp.Abs(w) * sp.factor(sp.together(
            sp.Rational(1, 4) - sigma_prime(z))), r"|w \sigma'(z)| \le |w|/4 \text{ pointwise}",
            points=POINTS))
        # Gaussian integrals by the fundamental theorem of calculus: antiderivatives whose
        # derivatives are checked exactly, evaluated exactly (limits at infinity by SymPy)
        A, F = -_normal_pdf(w), sp.erf(w / sp.sqrt(2)) / 2
        anti = proof.add(certify_all(
            r"\tfrac{d}{dw}(-\varphi(w)) = w \varphi(w), \ "
            r"\tfrac{d}{dw} \tfrac12 \operatorname{erf}(w/\sqrt2) = \varphi(w)", "identity",
            [certify_identity(sp.diff(A, w), w * _normal_pdf(w), "A'"),
             certify_identity(sp.diff(F, w), _normal_pdf(w), "F'")],
            "antiderivatives of the integrands, checked by differentiation"))
        ex = 2 * (sp.limit(A, w, sp.oo) - A.subs(w, 0))
        proof.add(apply_rule("fundamental theorem of calculus", [anti, certify_identity(
            ex, mean_abs, r"2 (\lim_{w \to \infty} A(w) - A(0)) = "
            rf"{sp.latex(sp.sympify(mean_abs))}")],
            rf"E|w| = 2 \int_0^\infty w \varphi(w)\,dw = {sp.latex(sp.sympify(mean_abs))}"))
        proof.add(certify_identity(ex / 4, mean_bound,
                                   rf"E|w \sigma'(z)| \le \tfrac{{E|w|}}{{4}} = "
                                   rf"{sp.latex(sp.sympify(mean_bound))}"
                                   r" \text{ (monotonicity of } E)"))
        proof.add(_decimal_step(ex / 4, mean_decimal, r"\tfrac{E|w|}{4}", "interval arithmetic"))
        p1 = F.subs(w, 1) - F.subs(w, -1)
        proof.add(apply_rule("fundamental theorem of calculus", [anti, certify_identity(
            p1, p_small, rf"F(1) - F(-1) = {sp.latex(sp.sympify(p_small))}")],
            rf"P(|w| < 1) = {sp.latex(sp.sympify(p_small))}"))
        with intervals.precision(200):
            erf1 = erf_enclosure(1 / iv.sqrt(iv.mpf(2)))
            x4 = intervals.interval(T) / iv.sqrt(iv.mpf(2))
            tail = 1 - erf_enclosure(x4)
        proof.add(_enclosure_step(erf1, p_small_decimal, r"\operatorname{erf}(1/\sqrt{2})"))
        proof.add(certify_all(
            rf"|w \sigma'(z)| \ge 1 \Rightarrow |w| \ge {threshold}", "certificate",
            [certify_nonnegative(pointwise, sp.Abs(w) * sp.factor(sp.together(
                sp.Rational(1, 4) - sigma_prime(z))), "pointwise", points=POINTS),
             certify_nonnegative(1 / T - sp.Rational(1, 4), 1 / T - sp.Rational(1, 4),
                                 rf"{threshold} \le 4", points=[{}])],
            rf"$1 \le |w\sigma'| \le |w|/4$ gives $|w| \ge 4 \ge {threshold}$; a threshold"
            r" above 4 fails at $z = 0$, $4 < |w| < T$, where $|w\sigma'(0)| = |w|/4 > 1$"))
        pt = 2 * (sp.limit(F, w, sp.oo) - F.subs(w, T))
        proof.add(apply_rule("fundamental theorem of calculus", [anti, certify_identity(
            pt, 1 - sp.erf(T / sp.sqrt(2)), r"2 (\lim_{w \to \infty} F(w) - F(T)) = "
            rf"1 - \operatorname{{erf}}({sp.latex(T / sp.sqrt(2))})")],
            rf"P(|w| \ge {threshold}) = \operatorname{{erfc}}({sp.latex(T / sp.sqrt(2))})"))
        proof.add(_enclosure_step(tail, p_big_decimal,
                                  rf"\operatorname{{erfc}}({sp.latex(T / sp.sqrt(2))})"))
        with intervals.precision(200):
            big = 1 - erf1
        proof.add(certify_enclosure(big, sp.Rational(3, 10), 1,
                                    r"P(|w \sigma'(0)| > \tfrac14) = P(|w| > 1) > 0.3"
                                    r" \text{: ``every factor below 1/4'' fails}",
                                    "1 - erf(1/sqrt 2) by erf_enclosure"))
        proof.evidence.append(_gaussian_mc(threshold))
    return proof


def _shown(value: Number) -> str:
    """A claimed value as printed: a decimal string as written, a number in LaTeX."""
    return str(value).strip() if isinstance(value, str) else sp.latex(sp.sympify(value))


def _decimal_step(expr: sp.Expr, claimed: Number, what: str, how: str):
    with intervals.precision(200):
        enc = intervals.enclose(expr)
    return _enclosure_step(enc, claimed, what, how)


def _enclosure_step(enc: intervals.Interval, claimed: Number, what: str,
                    how: str = "erf_enclosure (positive series with a geometric tail bound)"):
    lo, hi, read = decimal_box(claimed)
    return certify_enclosure(enc, lo, hi, rf"{what} \in [{sp.latex(lo)}, {sp.latex(hi)}]",
                             f"{how}; claimed {read}")


@lru_cache(maxsize=None)
def _gaussian_mc(threshold: int, n: int = 1_000_000, seed: int = 0) -> str:
    """Monte Carlo: the sample mean of |w sigma'(z)| with a 3-sigma band for z = 0 (the
    worst case, where the bound is an equality) and z = 3w (dependent on w), P(|w| < 1),
    P(|w| >= threshold). Evidence only."""
    rng = np.random.default_rng(seed)
    ws = rng.standard_normal(n)
    parts = []
    for name, zs in (("z = 0", np.zeros(n)), ("z = 3w", 3 * ws)):
        v = np.abs(ws * ACTIVATIONS["sigmoid"].numpy_prime(zs))
        m, se = float(v.mean()), float(v.std() / np.sqrt(n))
        parts.append(f"{name}: E|w σ′(z)| ≈ {m:.5f} ± {3 * se:.5f}")
    return (f"Monte Carlo, n = {n}, seed {seed}: {'; '.join(parts)} (3 s.e.; bound 0.19947); "
            f"P(|w| < 1) ≈ {np.mean(np.abs(ws) < 1):.5f}; "
            f"P(|w| ≥ {threshold}) ≈ {np.mean(np.abs(ws) >= threshold):.2e}")
