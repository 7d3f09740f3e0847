r"""Claims of CLAIMS.md section F: depth and parity.

parity.dnf: every implicant (a conjunction of literals that implies the function) of n-bit
parity fixes all n variables, so each covers one true point and a minimal DNF needs one term
per true point: ``2^{n-1}`` terms. Exhaustively over all ``3^n`` cubes for ``n \le`` n_max; for
every n: flipping a free variable changes parity, ``(-1)^{S + 1 - 2x_i} = -(-1)^S``, and the
number of odd-weight vectors is ``\sum_k \binom{n}{k} (1 - (-1)^k)/2 = 2^{n-1}``.

parity.xor_tree: the balanced tree of 2-input XOR gates (inputs split into halves of sizes
``\lceil n/2 \rceil`` and ``\lfloor n/2 \rfloor``) has ``n - 1`` gates and depth
``\lceil \log_2 n \rceil``: built and counted for ``n \le`` n_max, truth tables checked for
``n \le`` table_max, and for every n by induction on the recurrences.

Integer facts computed by enumeration enter the proof as exact identities between integers
(``certify_identity``), so a wrong claimed count is refuted by the first n where it differs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from derive.proof import (
    Proof, Step, apply_rule, certify_all, certify_identity, certify_nonnegative, certify_same,
    timed,
)
from derive.proofs import claim

n_sym = sp.Symbol("n", integer=True, positive=True)
k_sym = sp.Symbol("k", integer=True, nonnegative=True)


# ----------------------------------------------------------------------------- DNF

def implicant_census(n: int) -> tuple[int, int, int]:
    """``(implicants, implicants leaving a variable free, true points)`` of n-bit parity,
    by enumerating all ``3^n`` cubes (0, 1 or free per variable)."""
    points = np.array(list(itertools.product((0, 1), repeat=n)), dtype=np.int64).reshape(-1, n)
    odd = points.sum(axis=1) % 2 == 1
    implicants = free = 0
    for cube in itertools.product((0, 1, None), repeat=n):
        inside = np.ones(len(points), dtype=bool)
        for i, c in enumerate(cube):
            if c is not None:
                inside &= points[:, i] == c
        if np.all(odd[inside]):
            implicants += 1
            free += any(c is None for c in cube)
    return implicants, free, int(odd.sum())


@claim("parity.dnf",
       "every implicant of n-bit parity fixes all n variables: a minimal DNF has 2^(n-1) terms")
def dnf(terms: Callable[[sp.Expr], sp.Expr] = lambda n: 2 ** (n - 1), n_max: int = 6) -> Proof:
    r"""Minimal DNF size ``terms(n)``: exhaustive for ``1 \le n \le n_max``, and for all n."""
    proof = Proof("parity.dnf",
                  r"\text{every implicant of } x_1 \oplus \dots \oplus x_n \text{ fixes all } n "
                  rf"\text{{ variables; a minimal DNF has }} {sp.latex(terms(n_sym))}"
                  r" \text{ terms}")
    with timed(proof):
        for n in range(1, n_max + 1):
            imp, free, true = implicant_census(n)
            proof.add(certify_all(
                rf"n = {n}: \text{{ all {imp} implicants are minterms; }} "
                rf"{true} = {sp.latex(terms(sp.Integer(n)))}", "identity",
                [certify_identity(sp.Integer(free), 0, "implicants with a free variable"),
                 certify_identity(sp.Integer(imp), sp.Integer(true), "implicants = true points"),
                 certify_identity(sp.Integer(true), terms(sp.Integer(n)), "terms")],
                f"exhaustive over all {3 ** n} cubes"))
        S, xi = sp.Symbol("S", integer=True), sp.Symbol("x_i", integer=True)
        proof.add(certify_identity(
            (-1) ** (S + 1 - 2 * xi), -(-1) ** S,
            r"\text{all } n: \text{ flipping } x_i \text{ maps } S = \textstyle\sum_j x_j "
            r"\text{ to }"
            r" S + 1 - 2x_i,\ (-1)^{S + 1 - 2x_i} = -(-1)^S: \text{ a cube with a free variable "
            r"holds an even point}"))
        # sum_k C(n,k) (1 - (-1)^k)/2, the two sums done separately (SymPy is faster so)
        odd = (sp.Sum(sp.binomial(n_sym, k_sym), (k_sym, 0, n_sym)).doit()
               - sp.Sum(sp.binomial(n_sym, k_sym) * (-1) ** k_sym, (k_sym, 0, n_sym)).doit()) / 2
        proof.add(certify_identity(
            odd, terms(n_sym),
            r"\#\{x : \textstyle\sum x_j \text{ odd}\} = \sum_k \binom{n}{k} \tfrac{1 - (-1)^k}{2}"
            rf" = {sp.latex(terms(n_sym))} \text{{ minterms, one term each}}",
            points=[{n_sym: sp.Integer(v)} for v in (1, 2, 3, 7)]))
        proof.evidence.append(_sop_evidence(min(n_max, 5)))
    return proof


def _sop_evidence(n_max: int) -> str:
    """SymPy's Quine-McCluskey ``SOPform`` (a heuristic cover, evidence only)."""
    from sympy.logic import SOPform

    sizes = []
    for n in range(1, n_max + 1):
        xs = sp.symbols(f"x1:{n + 1}")
        minterms = [list(p) for p in itertools.product((0, 1), repeat=n) if sum(p) % 2]
        form = SOPform(xs, minterms)
        sizes.append(len(form.args) if isinstance(form, sp.Or) else 1)
    return f"SymPy SOPform term counts for n = 1..{n_max}: {sizes}"


# ----------------------------------------------------------------------------- XOR tree

@dataclass(frozen=True)
class Circuit:
    """2-input XOR gates over wires ``0..n-1`` (inputs); gate g writes wire ``n + g``."""

    n: int
    gates: tuple[tuple[int, int], ...]
    depth: int
    output: int


def xor_tree(n: int) -> Circuit:
    """The balanced XOR tree on ``n >= 1`` inputs (halves ``ceil(n/2)``, ``floor(n/2)``)."""
    gates: list[tuple[int, int]] = []

    def build(lo: int, hi: int) -> tuple[int, int]:  # wire, depth of inputs lo..hi-1
        if hi - lo == 1:
            return lo, 0
        mid = lo + (hi - lo + 1) // 2
        (a, da), (b, db) = build(lo, mid), build(mid, hi)
        gates.append((a, b))
        return n + len(gates) - 1, 1 + max(da, db)

    out, depth = build(0, n)
    return Circuit(n, tuple(gates), depth, out)


def truth_table_mismatches(c: Circuit) -> int:
    """Number of inputs in ``{0,1}^n`` where the circuit differs from parity (exhaustive)."""
    idx = np.arange(2 ** c.n, dtype=np.int64)
    wires = [(idx >> i) & 1 for i in range(c.n)]
    for a, b in c.gates:
        wires.append(wires[a] ^ wires[b])
    parity = np.zeros_like(idx)
    for i in range(c.n):
        parity ^= (idx >> i) & 1
    return int(np.sum(wires[c.output] != parity))


def _tex(e: sp.Expr) -> str:
    r"""LaTeX with ``\log(n)/\log(2)`` shown as ``\log_2 n``."""
    return sp.latex(e).replace(r"\frac{\log{\left(n \right)}}{\log{\left(2 \right)}}", r"\log_2 n")


def _log2_is(m: sp.Expr, k: sp.Expr, hyp: dict, label: str) -> Step:
    r"""``\lceil \log_2 m \rceil = k`` by the rule "binary logarithm" from the two certified
    slacks ``m - 2^{k-1} > 0`` and ``2^k - m \ge 0``. ``hyp`` writes the case's quantities
    through nonnegative parameters (e.g. ``P = 2^{K-1} = 1 + a + b``); certificates are the
    slacks themselves, so a false one has no certificate."""
    P2 = sp.Symbol("P", positive=True)  # stands for 2^{K-1}
    lo = (m - P2 * 2 ** (k - K_SYM)).xreplace(hyp)  # 2^{k-1} = P 2^{k-K}
    hi = (2 * P2 * 2 ** (k - K_SYM) - m).xreplace(hyp)
    lo, hi = sp.expand(lo), sp.expand(hi)
    return apply_rule("binary logarithm", [
        certify_nonnegative(lo, lo, rf"{label}: m - 2^{{k-1}} > 0", strict=True),
        certify_nonnegative(hi, hi, rf"{label}: 2^k - m \ge 0")],
        rf"\lceil \log_2 ({sp.latex(m)}) \rceil = {sp.latex(k)}")


K_SYM = sp.Symbol("K", integer=True, positive=True)


def _depth_every_n(depth: Callable[[sp.Expr], sp.Expr]) -> Step:
    r"""The tree's depth ``T(1) = 0``, ``T(n) = 1 + \max(T(\lceil n/2 \rceil),
    T(\lfloor n/2 \rfloor))`` equals ``D(n) = \lceil \log_2 n \rceil`` for every n, by strong
    induction. Every ``n \ge 3`` lies in one block ``2^K < n \le 2^{K+1}`` (``K \ge 1``), so
    ``n = 2P + 2t`` or ``n = 2P + 2t - 1`` with ``P = 2^{K-1}``, ``1 \le t \le P``
    (``t = 1 + a``, ``P = t + b``, ``a, b \ge 0``). In each case SymPy computes the halves
    (exact ceiling and floor), the rule "binary logarithm" gives ``D(n) = K + 1`` and the
    halves' ``D`` (``K``, or ``K - 1`` for ``\lfloor n/2 \rfloor = P``), and
    ``1 + \max = K + 1``. The base cases are ``n = 1, 2``. The claimed ``depth`` must be
    ``\lceil \log_2 n \rceil`` itself (structurally); anything else is not proved here."""
    n = sp.Symbol("n", integer=True, positive=True)
    a, b, c = sp.symbols("a b c", integer=True, nonnegative=True)
    P, t = sp.Symbol("P", positive=True), sp.Symbol("t", integer=True, positive=True)
    Pi = sp.Symbol("P", integer=True, positive=True)  # P as an integer, for ceiling/floor
    K = K_SYM
    D = lambda m: sp.ceiling(sp.log(m, 2))  # noqa: E731
    hyp = {P: 1 + a + b, t: 1 + a}
    steps = [
        certify_same(depth(n), D(n), rf"D(n) = {_tex(depth(n))} \text{{ is }} \lceil \log_2 n "
                     r"\rceil", "the claimed depth is the function of the rule"),
        certify_identity(depth(sp.Integer(1)), 0, "T(1) = 0 = D(1)"),
        certify_identity(1 + sp.Max(depth(sp.Integer(1)), depth(sp.Integer(1))),
                         depth(sp.Integer(2)), "T(2) = 1 + max(T(1), T(1)) = D(2)"),
    ]
    for case, m in (("even", 2 * P + 2 * t), ("odd", 2 * P + 2 * t - 1)):
        mi = m.xreplace({P: Pi})
        up, down = sp.ceiling(mi / 2), sp.floor(mi / 2)
        steps.append(certify_identity(up, Pi + t, rf"n = {sp.latex(mi)}: \lceil n/2 \rceil = P + t"))
        steps.append(_log2_is(m, K + 1, hyp, rf"n = {sp.latex(m)}"))
        steps.append(_log2_is(P + t, K, hyp, r"\lceil n/2 \rceil = P + t"))
        if case == "even":
            steps.append(certify_identity(down, Pi + t, r"\lfloor n/2 \rfloor = P + t"))
            halves = (K, K)
        else:
            steps.append(certify_identity(down, Pi + t - 1, r"\lfloor n/2 \rfloor = P + t - 1"))
            steps.append(_log2_is(P + t - 1, K, {P: 2 + c + b, t: 2 + c},
                                  r"t \ge 2: \lfloor n/2 \rfloor = P + t - 1"))
            steps.append(_log2_is(P, K - 1, hyp, r"t = 1: \lfloor n/2 \rfloor = P"))
            halves = (K, K - 1)
        steps.append(certify_identity(1 + sp.Max(*halves), K + 1,
                                      rf"{case}: T(n) = 1 + \max = K + 1 = D(n)"))
    return apply_rule("induction", steps,
                      rf"\text{{every }} n \ge 1: \text{{ depth }} T(n) = {_tex(depth(n))}",
                      "strong induction on n: base n = 1, 2; step n >= 3 by the block "
                      "2^K < n <= 2^(K+1) containing n, even and odd n")


@claim("parity.xor_tree", "n-bit parity by n - 1 XOR gates in depth ceil(log2 n)")
def xor_tree_claim(gates: Callable[[sp.Expr], sp.Expr] = lambda n: n - 1,
                   depth: Callable[[sp.Expr], sp.Expr] = lambda n: sp.ceiling(sp.log(n, 2)),
                   n_max: int = 64, table_max: int = 12) -> Proof:
    r"""The balanced tree computes parity (truth tables, ``n \le table_max``) with
    ``gates(n)`` gates in depth ``depth(n)`` (built, ``n \le n_max``; all n by induction)."""
    proof = Proof("parity.xor_tree",
                  r"x_1 \oplus \dots \oplus x_n \text{ by } " + _tex(gates(n_sym))
                  + r" \text{ XOR gates in depth } " + _tex(depth(n_sym))
                  + r" \text{ for every } n \ge 1")
    with timed(proof):
        circuits = [xor_tree(n) for n in range(1, n_max + 1)]
        proof.add(certify_all(
            rf"n \le {table_max}: \text{{ the tree computes parity}}", "identity",
            [certify_identity(sp.Integer(truth_table_mismatches(c)), 0, f"n = {c.n}")
             for c in circuits[:table_max]],
            f"exhaustive truth tables, n = 1..{table_max}"))
        proof.add(certify_all(
            rf"n \le {n_max}: {sp.latex(gates(n_sym))} \text{{ gates}}", "identity",
            [certify_identity(sp.Integer(len(c.gates)), gates(sp.Integer(c.n)), f"n = {c.n}")
             for c in circuits], f"gates counted in the built trees, n = 1..{n_max}"))
        proof.add(certify_all(
            rf"n \le {n_max}: \text{{ depth }} {_tex(depth(n_sym))}", "identity",
            [certify_identity(sp.Integer(c.depth), depth(sp.Integer(c.n)), f"n = {c.n}")
             for c in circuits], f"depth measured in the built trees, n = 1..{n_max}"))
        m = sp.Symbol("m", integer=True, positive=True)
        G = gates
        proof.add(apply_rule("induction", [
            certify_identity(G(m) + G(m) + 1, G(2 * m), "n = 2m"),
            certify_identity(G(m + 1) + G(m) + 1, G(2 * m + 1), "n = 2m + 1"),
            certify_identity(G(sp.Integer(1)), 0, "G(1) = 0")],
            r"\text{every } n \ge 1: G(n) = G(\lceil n/2 \rceil) + G(\lfloor n/2 \rfloor) + 1,"
            rf"\ G(1) = 0 \text{{ is solved by }} {sp.latex(gates(n_sym))}",
            "strong induction on n: the halves of n = 2m and 2m + 1"))
        proof.add(_depth_every_n(depth))
        S1, S2 = sp.symbols("S_1 S_2", integer=True)
        u, v = sp.symbols("u v")
        proof.add(apply_rule("induction", [
            certify_all(r"u \oplus v = \tfrac{1 - (1-2u)(1-2v)}{2} \text{ on bits}", "identity",
                        [certify_identity(((1 - (1 - 2 * u) * (1 - 2 * v)) / 2).xreplace(
                            {u: x, v: y}), (x + y) % 2, f"u = {x}, v = {y}")
                         for x in (0, 1) for y in (0, 1)], "all four bit pairs"),
            certify_identity((-1) ** S1 * (-1) ** S2, (-1) ** (S1 + S2),
                             r"(-1)^{S_1} (-1)^{S_2} = (-1)^{S_1 + S_2}: \text{ the XOR of the "
                             r"halves' parities is the parity of all inputs}"),
            certify_identity(sp.Integer(truth_table_mismatches(xor_tree(1))), 0,
                             "n = 1: the single input")],
            r"\text{every } n \ge 1: \text{ the tree computes } x_1 \oplus \dots \oplus x_n",
            "strong induction on n: each half computes its parity (hypothesis), one gate "
            "XORs them"))
        proof.evidence.append(f"built trees for n = 1..{n_max}; largest: {len(circuits[-1].gates)}"
                              f" gates, depth {circuits[-1].depth}")
    return proof
