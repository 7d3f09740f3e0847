r"""Claim meanfield.chi1 (CLAIMS.md E): the mean-field gradient factor of deep random networks
(Poole et al. 2016, Schoenholz et al. 2017) with ``w^l_{jk} ~ N(0, sigma_w^2/n_{l-1})``,
``b^l_j ~ N(0, sigma_b^2)`` (the book's init is ``sigma_w^2 = sigma_b^2 = 1``):

    q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2,      z ~ N(0, 1)
    chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2],   per-layer gradient factor sqrt(chi_1)

Rigorous quadrature (``gaussian_expectation``): for ``0 <= g <= M``,
``E[g(z)] = int_{-T}^{T} g(z) varphi(z) dz + tail`` with ``0 <= tail <= M erfc(T/sqrt 2)
<= M e^{-T^2/2} / ((T/sqrt 2) sqrt(pi))`` (Mills-ratio bound); the core integral by Arb's
rigorous integration (python-flint ``acb.integral``: Gauss-Legendre on complex boxes with
error bounds from the integrand's analyticity, a pole of the sigmoid inside a box giving an
indeterminate value that forces subdivision), with ``q`` itself a ball containing the
rational interval asked for. The fixed point is bracketed by
the sign of ``G(q) = F(q) - q`` at rational endpoints, and it is unique because
``F'(q) = sigma_w^2 E[(phi'^2 + phi phi'')(sqrt q z)]`` (Stein's lemma) and
``|phi'^2 + phi phi''| = |s^2 (1-s)(2-3s)| <= 1/2`` for the sigmoid (``s = phi``), so ``G`` is
strictly decreasing when ``sigma_w^2 < 2``.
"""

from __future__ import annotations

from functools import cache

import flint
import mpmath
import numpy as np
import sympy as sp
from flint import acb, arb
from mpmath import iv

from derive import intervals
from derive.meanfield import mean_field_chi1
from derive.network import Network, random_batch
from derive.proof import (
    Proof,
    Step,
    apply_rule,
    certify_all,
    certify_enclosure,
    certify_identity,
    certify_solve,
    exact,
    timed,
)
from derive.proofs import claim
from derive.proofs.init import rounding_box

Z = sp.Symbol("z", real=True)
S = sp.Symbol("s", real=True)
TRUNCATION = 9  # T: the tail beyond |z| = 9 is below 1.2e-19 M


INTEGRANDS = {"phi2": 1, "dphi2": sp.Rational(1, 16)}  # name -> M: 0 <= g <= M


def _arb(x: sp.Rational) -> arb:
    """A ball containing the exact rational ``x``."""
    x = sp.Rational(x)
    return arb(int(x.p)) / arb(int(x.q))


def _to_interval(ball: arb) -> intervals.Interval:
    """The ball as an mpmath interval, endpoints rounded outward."""
    lo, hi = (mpmath.mpf(mpmath.libmp.from_man_exp(*map(int, e.mid().man_exp())))
              for e in (ball.lower(), ball.upper()))
    return iv.mpf([lo, hi])


@cache
def gaussian_expectation(name: str, q_lo: sp.Rational, q_hi: sp.Rational,
                         T: int = TRUNCATION, bits: int = 80) -> intervals.Interval:
    """A rigorous enclosure of ``E[g(z; q)]``, ``z ~ N(0,1)``, for all ``q in [q_lo, q_hi]``
    (see the module docstring). ``name``: ``phi2`` (``sigma(sqrt q z)^2``) or ``dphi2``
    (``sigma'(sqrt q z)^2``)."""
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        q = _arb(q_lo).union(_arb(q_hi))
        root = acb(q.sqrt())
        norm = (2 * acb.pi()).sqrt()

        def f(z: acb, analytic: bool) -> acb:
            s = 1 / (1 + (-root * z).exp())
            g = s * s if name == "phi2" else (s * (1 - s)) ** 2
            return g * (-z * z / 2).exp() / norm

        core = acb.integral(f, -T, T).real
        x = arb(T) / arb(2).sqrt()
        tail = _arb(INTEGRANDS[name]) * (-x * x).exp() / (x * arb.pi().sqrt())
        return _to_interval(core) + iv.mpf([0, _to_interval(tail).b])
    finally:
        flint.ctx.prec = old


def _G(q: sp.Rational, sw2: sp.Rational, sb2: sp.Rational) -> intervals.Interval:
    """Enclosure of ``G(q) = sigma_w^2 E[phi(sqrt q z)^2] + sigma_b^2 - q``."""
    with intervals.precision(80):
        return (intervals.interval(sw2) * gaussian_expectation("phi2", q, q)
                + intervals.interval(sb2) - intervals.interval(q))


def _sign_step(q: sp.Rational, sw2, sb2, positive: bool) -> Step:
    enc = _G(q, sw2, sb2)
    lo, hi = (0, 2 * sw2 + sb2) if positive else (-(q + 1), 0)
    rel = ">" if positive else "<"
    return certify_enclosure(enc, lo, hi, rf"G({q}) {rel}= 0",
                             "rigorous quadrature (Arb) with a Gaussian tail bound")


def _uniqueness(sw2: sp.Rational) -> Step:
    r"""``|s^2(1-s)(2-3s)| <= 1/2`` on ``s in [0, 1]`` by interval enclosures on 200 pieces;
    with Stein's lemma ``|F'(q)| <= sigma_w^2/2``, so ``G' < 0`` if ``sigma_w^2 < 2``."""
    poly = S**2 * (1 - S) * (2 - 3 * S)
    n = 200
    encs = [intervals.enclose(poly, {S: intervals.interval(sp.Rational(k, n),
                                                        sp.Rational(k + 1, n))})
            for k in range(n)]
    hull = iv.mpf([min(e.a for e in encs), max(e.b for e in encs)])
    bound = certify_enclosure(hull, sp.Rational(-1, 2), sp.Rational(1, 2),
                              r"\phi'^2 + \phi\phi'' = s^2(1-s)(2-3s) \in [-\tfrac12, \tfrac12]",
                              "interval enclosures on 200 subintervals of [0, 1]")
    small = certify_enclosure(intervals.interval(sw2 / 2), 0, sp.Rational(999, 1000),
                              r"\sigma_w^2 / 2 < 1", "exact")
    return apply_rule("Stein's lemma", [bound, small],
                      r"G'(q) = F'(q) - 1 < 0 \text{ (the fixed point is unique)}",
                      r"$F'(q) = \sigma_w^2 \mathrm{E}[(\phi'^2 + \phi\phi'')"
                      r"(\sqrt{q}\, z)]$, whose absolute value is at most $\sigma_w^2/2 < 1$")


def _bracket(sw2: float, sb2: float, width: float = 1e-5) -> tuple[sp.Rational, sp.Rational]:
    """A rational bracket ``q* +- width`` around the float fixed point of
    ``derive.meanfield`` (only a guess: the proof checks the sign of G at both ends)."""
    q = mean_field_chi1("sigmoid", sw2, sb2).q_star
    n = round(1 / width)
    return sp.Rational(round(q * n) - 1, n), sp.Rational(round(q * n) + 1, n)


def _measured_ratios(seed: int, width: int = 400, depth: int = 14, batch: int = 200) -> str:
    """Evidence: ``sqrt(E||delta^l||^2 / E||delta^{l+1}||^2)`` in a wide sigmoid network with
    the book's init (``sigma_w^2 = sigma_b^2 = 1``), middle layers (q has converged)."""
    rng = np.random.default_rng(seed)
    net = Network([width] * (depth + 1), "sigmoid", "quadratic", init="book", seed=rng)
    X, Y = random_batch(net.sizes, batch, rng, "quadratic")
    ds = net.deltas(X, Y)
    ms = [float(np.mean(np.sum(d * d, axis=1))) for d in ds]
    ratios = [np.sqrt(ms[l] / ms[l + 1]) for l in range(3, depth - 3)]
    return (f"evidence: measured per-layer gradient ratios sqrt(E||delta^l||^2/E||delta^(l+1)||^2)"
            f" in a [{width}]*{depth + 1} sigmoid network, book init, batch {batch}, seed "
            f"{seed}, layers 4..{depth - 3}: mean {np.mean(ratios):.4f}, range "
            f"{min(ratios):.4f}-{max(ratios):.4f} (mean-field prediction sqrt(chi_1) = 0.2048)")


@claim("meanfield.chi1",
       "sigmoid, sigma_w^2 = sigma_b^2 = 1: q* = 1.302, chi_1 = 0.04196, sqrt = 0.2048; "
       "tanh critical at (1, 0), ReLU at 2")
def chi1(q_star: str = "1.302", chi_1: str = "0.04196", sqrt_chi_1: str = "0.2048",
         sigma_w2: int | sp.Rational = 1, sigma_b2: int | sp.Rational = 1,
         tanh_critical: tuple = (1, 0), relu_critical: int | sp.Rational = 2,
         seed: int = 0, measure: bool = True) -> Proof:
    """Claimed decimals mean "rounds to" (``proofs.init.rounding_box``)."""
    sw2, sb2 = exact(sigma_w2), exact(sigma_b2)  # floats refused (InexactNumber)
    tw, tb = (exact(t) for t in tanh_critical)
    relu_c = exact(relu_critical)
    proof = Proof("meanfield.chi1",
                  rf"\sigma_w^2 = {sp.latex(sw2)},\ \sigma_b^2 = {sp.latex(sb2)},\ \sigma "
                  r"\text{ (sigmoid)}:\ q^* = \sigma_w^2 E[\sigma(\sqrt{q^*} z)^2] + \sigma_b^2 "
                  rf"\approx {q_star},\ \chi_1 = \sigma_w^2 E[\sigma'(\sqrt{{q^*}} z)^2] \approx "
                  rf"{chi_1},\ \sqrt{{\chi_1}} \approx {sqrt_chi_1};\ \tanh: \chi_1 = 1 "
                  rf"\text{{ at }} (\sigma_w^2, \sigma_b^2) = ({sp.latex(tw)}, {sp.latex(tb)});\ "
                  rf"\operatorname{{relu}}: \chi_1 = 1 \text{{ at }} \sigma_w^2 = {sp.latex(relu_c)}")
    with timed(proof):
        # q*: unique root of G, inside the claimed rounding box
        proof.add(_uniqueness(sw2))
        lo, hi = rounding_box(q_star)
        proof.add(certify_all(rf"q^* \in [{sp.latex(lo)}, {sp.latex(hi)}]", "interval",
                              [_sign_step(lo, sw2, sb2, True), _sign_step(hi, sw2, sb2, False)],
                              "G(lo) >= 0 >= G(hi) and G decreasing"))
        # chi_1 on a narrow certified bracket of q*
        qa, qb = _bracket(float(sw2), float(sb2))
        bracket = certify_all(rf"q^* \in [{sp.latex(qa)}, {sp.latex(qb)}]", "interval",
                              [_sign_step(qa, sw2, sb2, True), _sign_step(qb, sw2, sb2, False)],
                              "G changes sign on the bracket")
        proof.add(bracket)
        with intervals.precision(80):
            chi = intervals.interval(sw2) * gaussian_expectation("dphi2", qa, qb)
            root = iv.sqrt(chi)
        proof.add(certify_enclosure(chi, *rounding_box(chi_1), rf"\chi_1 \approx {chi_1}",
                                    "rigorous quadrature over the q* bracket"))
        proof.add(certify_enclosure(root, *rounding_box(sqrt_chi_1),
                                    rf"\sqrt{{\chi_1}} \approx {sqrt_chi_1}", "sqrt of the enclosure"))
        # tanh: q* = 0 is a fixed point when sigma_b = 0; chi_1 = sigma_w^2 tanh'(0)^2
        v = sp.Symbol("sigma_w2", positive=True)
        proof.add(certify_all(r"\tanh \text{ critical at } (\sigma_w^2, \sigma_b^2) = "
                              rf"({tw}, {tb})", "solve", [
                                  certify_identity(tw * sp.tanh(0) ** 2 + tb, 0,
                                                   r"q^* = 0 \text{ is a fixed point}"),
                                  certify_solve(v * (1 - sp.tanh(0) ** 2) ** 2 - 1, v,
                                                sp.Interval.open(0, sp.oo), [tw],
                                                r"\chi_1 = \sigma_w^2 \tanh'(0)^2 = 1"),
                              ], "exact"))
        # relu: chi_1 = sigma_w^2 P(z > 0) = sigma_w^2 / 2 for every q > 0
        half = sp.integrate(sp.exp(-Z**2 / 2) / sp.sqrt(2 * sp.pi), (Z, 0, sp.oo))
        proof.add(certify_all(rf"\operatorname{{relu}} \text{{ critical at }} \sigma_w^2 = "
                              rf"{sp.latex(relu_c)}", "solve", [
                                  certify_identity(half, sp.Rational(1, 2), r"P(z > 0) = 1/2"),
                                  certify_solve(v * half - 1, v, sp.Interval.open(0, sp.oo),
                                                [relu_c],
                                                r"\sigma_w^2 E[\operatorname{relu}'(\sqrt q z)^2] = 1"),
                              ], "exact"))
        proof.evidence.append(f"quadrature: T = {TRUNCATION}, Arb's acb.integral, enclosure "
                              f"of chi_1 = [{float(chi.a):.10f}, {float(chi.b):.10f}]")
        if measure:
            proof.evidence.append(_measured_ratios(seed))
    return proof
