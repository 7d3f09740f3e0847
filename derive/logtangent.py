r"""Logarithms replaced by their tangent bounds (bounds tight on a curve: ``KL \le \chi^2``).

``tangent_logs(problem, claim, seconds)`` (one hook among ``realprove._decide``'s methods):
a slack in two or more variables linear in its logarithms, ``f = \sum_i c_i \ln A_i + r``
(``c_i``, ``r`` free of them), is bounded below term by term with

    ``\ln z \le k (z^{1/k} - 1)`` where ``c_i <= 0``,  ``\ln z \ge k (1 - z^{-1/k})`` where
    ``c_i >= 0``  (``z > 0``, ``k`` = 1 or 2),

so ``f = R + \sum_i c_i (\ln A_i - B_i(A_i)) \ge R`` with ``R`` the slack with each ``\ln
A_i`` replaced by its bound ``B_i(A_i)``. The premises, each checked: the bound on ``z > 0``
(one variable, the whole engine, once per form); ``z = A_i``, positive wherever ``\ln A_i`` is
defined (rule *substitution instance*); the sign of ``c_i`` on the domain (the whole engine);
each term ``c_i (\ln A_i - B_i) \ge 0`` (rule *product of signs*); ``R \ge 0`` (``> 0``) on
the domain (the whole engine; often exactly 0: ``\chi^2 - x (x/y - 1) - (1 - x)((1 - x)/(1 - y)
- 1) = 0``); the sum (rule *sum of inequalities*) and the identity ``f = R + \sum_i \dots``
(rule *equal functions*; ``B_i(A_i)`` is defined wherever ``\ln A_i`` is). The claims that
are tight along a curve inside the domain (``x = y`` for the Kullback-Leibler divergence of
two Bernoulli laws against ``\chi^2``, ``2 H^2``), where the box search never shows ``> 0``,
become a one-variable lemma touching at the rational ``z = 1`` and a remainder with a margin
or identically 0. The floats only choose ``k`` and the signs to try.
"""

from __future__ import annotations

import itertools

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_nonnegative,
    time_limit,
)

MAX_LOGS = 3
MAX_OPS = 150  # larger slacks are left to the other methods
KS = (1, 2)
LEAST = 0.5  # seconds: with less left, the method does not start
_ACTIVE = Nesting()  # a premise under way: no nested use of this method
_LEMMAS: dict[tuple[int, int], Step] = {}  # (k, side) -> the proved bound on z > 0
_REL = CONSTRAINT_RELATIONS


def bound(z: sp.Expr, k: int, side: int) -> sp.Expr:
    """``k (z^{1/k} - 1)`` (``side = 1``: above ``\\ln z``), ``k (1 - z^{-1/k})`` (``-1``:
    below it)."""
    return k * (z ** sp.Rational(1, k) - 1) if side > 0 else k * (1 - z ** sp.Rational(-1, k))


def _lemma(k: int, side: int, seconds: float) -> Step | None:
    """``side (B(z) - \\ln z) >= 0`` for every ``z > 0``, by the whole engine (cached)."""
    from derive import realprove  # (it imports this module)

    if (k, side) in _LEMMAS:
        return _LEMMAS[(k, side)]
    z = sp.Symbol("z", real=True)
    e = side * (bound(z, k, side) - sp.log(z))
    got = realprove.decide(e, False, [z > 0], f"{tex(e)} \\ge 0", seconds=max(0.2, seconds))
    if got.verdict != PROVED:
        return None
    _LEMMAS[(k, side)] = got
    return got


def _linear(f: sp.Expr, logs: list) -> tuple[list, sp.Expr] | None:
    """``([c_i], r)`` with ``f = sum c_i logs_i + r`` exactly (expanded), or None."""
    ws = [sp.Dummy(f"l{i}") for i in range(len(logs))]
    e = sp.expand(f.xreplace(dict(zip(logs, ws))), deep=False, log=False)
    try:
        poly = sp.Poly(e, *ws)
    except sp.PolynomialError:
        return None
    if poly.total_degree() != 1:
        return None
    cs = [poly.coeff_monomial(w) for w in ws]
    r = poly.coeff_monomial(1)
    if any(c.has(*ws) or c == 0 for c in cs) or r.has(*ws):
        return None
    return cs, r


def _points(problem: BoxProblem) -> list[dict]:
    """A few rational points of the domain (floats choose the signs and ``k``: never
    decide)."""
    out = []
    fracs = (sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(3, 4), sp.Rational(1, 10),
             sp.Rational(9, 10))
    for combo in itertools.product(fracs, repeat=len(problem.variables)):
        pt = {}
        for v, q, (lo, hi) in zip(problem.variables, combo, problem.bounds):
            lo_ = lo if lo is not None else (hi - 4 if hi is not None else -2)
            hi_ = hi if hi is not None else lo_ + 4
            pt[v] = lo_ + q * (hi_ - lo_)
        if all(_num(g.xreplace(pt), kind) for g, kind in problem.constraints):
            out.append(pt)
        if len(out) >= 12:
            break
    return out


def _num(e: sp.Expr, kind: str) -> bool:
    try:
        v = complex(sp.N(e, 20))
    except (TypeError, ValueError):
        return False
    if abs(v.imag) > 1e-12:
        return False
    return v.real != 0 if kind == "ne" else (v.real > 0 if kind == "gt" else v.real >= 0)


def _value(e: sp.Expr, pt: dict) -> float | None:
    try:
        v = complex(sp.N(e.xreplace(pt), 20))
    except (TypeError, ValueError):
        return None
    return v.real if abs(v.imag) < 1e-12 else None


def _atoms_step(rest: sp.Expr, problem: BoxProblem, rel: str, seconds: float
                ) -> Step | None:
    """``rest >= 0`` (``> 0``) from its form in positive atoms: each condition ``g > 0`` of
    the domain (``x``, ``1 - x``) a positive symbol ``p_j`` (``rest = H(g_1, ..., g_m)``
    exactly); ``H = S`` with ``S`` SymPy's simpler form, an identity for all positive
    ``p_j`` (the kernel, with those signs), so ``rest - S(g) \\ge 0`` on the domain (rule
    *substitution instance*, each ``g_j > 0`` there by the domain); ``S(g) >= 0`` (``> 0``)
    by the whole engine (``x (x/y)^{-1/2} + (1 - x)((1 - x)/(1 - y))^{-1/2}`` is ``\\sqrt{x
    y} + \\sqrt{(1 - x)(1 - y)}``); the sum (*sum of inequalities*). None when a step fails."""
    from derive import realprove  # (it imports this module)

    deadline = clock.now() + seconds
    gs = [g for g, kind in problem.constraints if kind == "gt"]
    names = {g: sp.Dummy(f"p_{j + 1}", real=True) for j, g in enumerate(gs)}
    shape = rest.xreplace(names)  # (real symbols: SymPy keeps the form as it is)
    if shape.free_symbols & set(problem.variables) or shape.xreplace(
            {a: g for g, a in names.items()}) != rest:
        return None  # rest is not H(g_1, ..., g_m) exactly
    atoms = {g: sp.Symbol(f"p_{j + 1}", positive=True) for j, g in enumerate(gs)}
    h = shape.xreplace({names[g]: atoms[g] for g in gs})  # H at positive arguments
    back = {a: g for g, a in atoms.items()}
    try:
        with time_limit(max(0.1, 0.3 * seconds)):
            small = sp.simplify(h)
    except StepTimeout:
        return None
    if sp.count_ops(small) >= sp.count_ops(h):
        return None
    lemma = certify_nonnegative(h - small, sp.Integer(0), f"{tex(h)} = {tex(small)}",
                                points=[])
    if lemma.verdict != PROVED:
        return None
    rels = [_REL[kind](g, 0) for g, kind in problem.constraints]
    at = small.xreplace(back)
    inst = apply_rule("substitution instance", [lemma], f"{tex(rest)} - ({tex(at)}) \\ge 0",
                      "each $p_j$ one of the domain's conditions $g_j > 0$: "
                      + ", ".join(f"$p_{{{j + 1}}} = {tex(g)}$" for j, g in enumerate(gs)))
    got = realprove.decide(at, problem.strict, rels, f"{tex(at)} {rel} 0",
                           seconds=max(0.2, deadline - clock.now()))
    if got.verdict != PROVED:
        return None
    return apply_rule("sum of inequalities", [inst, got], f"{tex(rest)} {rel} 0")


def tangent_logs(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the module docstring's bounds, or None."""
    f = problem.slack
    if (len(problem.variables) < 2 or len(_ACTIVE) or seconds < LEAST
            or sp.count_ops(f) > MAX_OPS):
        return None
    logs = sorted({g for g in f.atoms(sp.log) if g.free_symbols}, key=sp.default_sort_key)
    if not logs or len(logs) > MAX_LOGS:
        return None
    got = _linear(f, logs)
    if got is None:
        return None
    cs, _ = got
    pts = _points(problem)
    if not pts:
        return None
    sides = []
    for c in cs:  # c >= 0: ln below its bound's lower form; c <= 0: above
        vals = [_value(c, pt) for pt in pts]
        if any(v is None for v in vals):
            return None
        if all(v >= 0 for v in vals):
            sides.append(-1)
        elif all(v <= 0 for v in vals):
            sides.append(1)
        else:
            return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        for ks in itertools.product(KS, repeat=len(logs)):
            rest = f.xreplace({g: bound(g.args[0], k, s) for g, k, s in zip(logs, ks, sides)})
            vals = [_value(rest, pt) for pt in pts]
            if any(v is None or v < -1e-12 for v in vals):
                continue  # (floats: this bound is too weak somewhere)
            step = _prove(problem, claim, logs, cs, ks, sides, rest, deadline)
            if step is not None or clock.now() > deadline:
                return step
    return None


def _prove(problem, claim, logs, cs, ks, sides, rest, deadline) -> Step | None:
    from derive import realprove  # (it imports this module)

    def left(share):
        return max(0.2, share * (deadline - clock.now()))

    rels = [_REL[kind](g, 0) for g, kind in problem.constraints]
    rel = ">" if problem.strict else r"\ge"
    remainder = realprove.decide(rest, problem.strict, rels, f"{tex(rest)} {rel} 0",
                                 seconds=left(0.3))
    if remainder.verdict != PROVED:
        remainder = _atoms_step(rest, problem, rel, left(0.4))
    if remainder is None or remainder.verdict != PROVED:
        return None
    terms, total = [], sp.Integer(0)
    for g, c, k, s in zip(logs, cs, ks, sides):
        lemma = _lemma(k, s, left(0.3))
        if lemma is None:
            return None
        a = g.args[0]
        gap = s * (bound(a, k, s) - g)  # >= 0 wherever ln a is defined
        inner = apply_rule("substitution instance", [lemma], f"{tex(gap)} \\ge 0",
                           f"$z = {tex(a)}$, positive wherever ${tex(g)}$ is defined")
        sign = realprove.decide(-s * c, False, rels, f"{tex(-s * c)} \\ge 0", seconds=left(0.3))
        if sign.verdict != PROVED:
            return None
        term = c * (g - bound(a, k, s))
        same = certify_identity(term, (-s * c) * gap, f"{tex(term)} = ({tex(-s * c)}) "
                                f"({tex(gap)})", points=[])
        terms.append(apply_rule("product of signs", [same, sign, inner],
                                f"{tex(term)} \\ge 0"))
        total += term
    acc = terms[0]
    for step in terms[1:]:
        acc = apply_rule("sum of inequalities", [acc, step], "the terms' sum \\ge 0")
    acc = apply_rule("sum of inequalities", [acc, remainder], f"the sum {rel} 0")
    same = certify_identity(problem.slack, rest + total, "the slack is the remainder plus the "
                            "terms", points=[])
    if same.verdict != PROVED or acc.verdict != PROVED:
        return None
    le, ge = "\\le", "\\ge"
    named = ", ".join(f"${tex(g)} {le if s > 0 else ge} {tex(bound(g.args[0], k, s))}$"
                      for g, k, s in zip(logs, ks, sides))
    return apply_rule("equal functions", [same, acc], claim,
                      f"each logarithm by its tangent bound ({named}, times a factor of the "
                      f"right sign), and the rest ${tex(rest)} {rel} 0$: {remainder.reason}")
