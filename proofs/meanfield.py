r"""Claim meanfield.chi1 (CLAIMS.md E): the mean-field gradient factor of deep random networks
(Poole et al. 2016, Schoenholz et al. 2017) with ``w^l_{jk} ~ N(0, sigma_w^2/n_{l-1})``,
``b^l_j ~ N(0, sigma_b^2)`` (the book's init is ``sigma_w^2 = sigma_b^2 = 1``):

    q* = sigma_w^2 E[phi(sqrt(q*) z)^2] + sigma_b^2,      z ~ N(0, 1)
    chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2],   per-layer gradient factor sqrt(chi_1)

Rigorous quadrature (``gaussian_expectation``): for ``0 <= g <= M``,
``E[g(z)] = int_{-T}^{T} g(z) varphi(z) dz + tail`` with ``0 <= tail <= M erfc(T/sqrt 2)
<= M e^{-T^2/2} / ((T/sqrt 2) sqrt(pi))`` (Mills-ratio bound); the core integral is composite
Simpson on cells of width ``h`` with the exact remainder ``-(h^5/2880) f^{(4)}(xi)``, where
``f^{(4)}`` (exact SymPy derivative) is enclosed over each whole cell and the three nodes are
enclosed at points -- all in mpmath interval arithmetic (``derive.intervals.enclose``, exact
rationals, outward rounding), with ``q`` itself an interval. The fixed point is bracketed by
the sign of ``G(q) = F(q) - q`` at rational endpoints, and it is unique because
``F'(q) = sigma_w^2 E[(phi'^2 + phi phi'')(sqrt q z)]`` (Stein's lemma) and
``|phi'^2 + phi phi''| = |s^2 (1-s)(2-3s)| <= 1/2`` for the sigmoid (``s = phi``), so ``G`` is
strictly decreasing when ``sigma_w^2 < 2``.
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import sympy as sp
from mpmath import iv

from derive import intervals
from derive.meanfield import mean_field_chi1
from derive.network import Network, random_batch
from derive.proof import (
    Proof,
    Step,
    certify_all,
    certify_enclosure,
    certify_identity,
    certify_solve,
    timed,
)
from derive.proofs import claim
from derive.proofs.init import rounding_box

Z = sp.Symbol("z", real=True)
Q = sp.Symbol("q", positive=True)
S = sp.Symbol("s", real=True)
TRUNCATION = 9  # T: the tail beyond |z| = 9 is below 1.2e-19 M
CELLS = 180  # Simpson cells on [-T, T] (h = 0.1): remainder <= 2 T h^4 max|f''''| / 2880


def _sigmoid(u: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-u))


def _integrands() -> dict[str, tuple[sp.Expr, sp.Rational]]:
    """``g(z; q)`` and its bound ``M``: ``phi(sqrt q z)^2 <= 1``, ``phi'(sqrt q z)^2 <= 1/16``."""
    s = _sigmoid(sp.sqrt(Q) * Z)
    return {"phi2": (s**2, sp.Integer(1)), "dphi2": ((s * (1 - s)) ** 2, sp.Rational(1, 16))}


@cache
def _compiled(name: str) -> tuple[sp.Expr, sp.Expr, sp.Rational]:
    g, M = _integrands()[name]
    f = g * sp.exp(-Z**2 / 2) / sp.sqrt(2 * sp.pi)
    return f, sp.diff(f, Z, 4), M


@cache
def gaussian_expectation(name: str, q_lo: sp.Rational, q_hi: sp.Rational,
                         T: int = TRUNCATION, cells: int = CELLS) -> intervals.Interval:
    """A rigorous enclosure of ``E[g(z; q)]``, ``z ~ N(0,1)``, for all ``q in [q_lo, q_hi]``
    (see the module docstring). ``name``: ``phi2`` or ``dphi2`` (sigmoid)."""
    f, f4, M = _compiled(name)
    with intervals.precision(80):
        qv = intervals.interval(q_lo, q_hi)
        h = sp.Rational(2 * T, cells)
        nodes = [-T + k * h for k in range(cells + 1)]
        at = {}

        def point(x: sp.Rational):
            if x not in at:
                at[x] = intervals.enclose(f, {Z: intervals.interval(x), Q: qv})
            return at[x]

        total = iv.mpf(0)
        hv = intervals.interval(h)
        for a, b in itertools.pairwise(nodes):
            mid = (a + b) / 2
            simpson = hv / 6 * (point(a) + 4 * point(mid) + point(b))
            rem = intervals.enclose(f4, {Z: intervals.interval(a, b), Q: qv})
            total += simpson - hv**5 / 2880 * rem
        x = iv.mpf(T) / iv.sqrt(2)
        tail = intervals.interval(M) * iv.exp(-x * x) / (x * iv.sqrt(iv.pi))
        return total + iv.mpf([0, tail.b])


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
                             "rigorous Simpson quadrature with interval remainder")


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
    return certify_all(r"G'(q) = F'(q) - 1 < 0 \text{ (the fixed point is unique)}", "interval",
                       [bound, small], "Stein's lemma: F'(q) = sigma_w^2 E[(phi'^2 + phi "
                       "phi'')(sqrt q z)], |.| <= sigma_w^2/2 < 1")


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
    sw2, sb2 = sp.nsimplify(sigma_w2), sp.nsimplify(sigma_b2)
    proof = Proof("meanfield.chi1",
                  r"q^* = \sigma_w^2 E[\sigma(\sqrt{q^*} z)^2] + \sigma_b^2 \approx " + q_star
                  + r",\ \chi_1 = \sigma_w^2 E[\sigma'(\sqrt{q^*} z)^2] \approx " + chi_1
                  + r",\ \sqrt{\chi_1} \approx " + sqrt_chi_1
                  + r"\ (\sigma_w^2 = \sigma_b^2 = 1);\ \tanh: \chi_1 = 1 \text{ at } "
                  r"(\sigma_w^2, \sigma_b^2) = (1, 0);\ \operatorname{relu}: \chi_1 = 1 "
                  r"\text{ at } \sigma_w^2 = 2")
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
        tw, tb = (sp.nsimplify(t) for t in tanh_critical)
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
                              rf"{sp.latex(sp.nsimplify(relu_critical))}", "solve", [
                                  certify_identity(half, sp.Rational(1, 2), r"P(z > 0) = 1/2"),
                                  certify_solve(v * half - 1, v, sp.Interval.open(0, sp.oo),
                                                [sp.nsimplify(relu_critical)],
                                                r"\sigma_w^2 E[\operatorname{relu}'(\sqrt q z)^2] = 1"),
                              ], "exact"))
        proof.evidence.append(f"quadrature: T = {TRUNCATION}, {CELLS} Simpson cells, enclosure "
                              f"of chi_1 = [{float(chi.a):.10f}, {float(chi.b):.10f}]")
        if measure:
            proof.evidence.append(_measured_ratios(seed))
    return proof
