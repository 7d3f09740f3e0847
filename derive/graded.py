r"""A slack of one variable that touches 0 at an end of its finite domain: Taylor models
near that end, the rest by the whole engine (rule *case split*).

The faces of a homogeneous slack of two means meet the diagonal ``x = y`` at an end: on the
face ``y = 1`` the identric mean against ``M_{2/3}`` is ``e^{-x \ln x/(1 - x) - 1} -
((x^{2/3} + 1)/2)^{3/2}`` on ``0 < x < 1``, of order ``(1 - x)^4`` at ``x = 1`` (the sides
of the classical mean inequalities agree to order 2 to 6 on the diagonal). Plain intervals
lose the margin ``c (1 - x)^4`` to cancellation, and one search of the whole face spends its
time elsewhere first (sampling ``x = 1 - 10^{-300}``, where SymPy's exact value of
``x^{-x/(1 - x)}`` takes seconds). So the half ``[m, b)`` next to the touching end ``b`` is
covered by a tree of Taylor models (``derive.taylor``; the kernel's ``tm`` leaves, about
``b`` on the piece next to it, where the coefficients are exact and the valuation shows the
order of touching, about the middle of each other piece), cut in two
where a model does not show the sign, the whole tree checked by the kernel
(``certify_on_boxes``); the other half ``[a, m]`` is decided by the whole engine.

Which end touches is read from floats (the slack at ``2^-6`` and ``2^-12`` of the width from
the end falls by ``2^3`` or more); floats only choose where to look, never decide. A piece not
proved gives None, never a refutation.
"""

from __future__ import annotations

import sympy as sp

from derive import clock, intervals, taylor
from derive.latex import math as tex_math
from derive.proof import (
    PROVED,
    BoxNode,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_on_boxes,
    time_limit,
)

MAX_DEPTH = 14  # halvings of the Taylor models' half
MAX_LEAVES = 400
DIGITS = 30  # precision of the float reading of the slack near an end
TM_BITS = 128  # (the kernel's own precision for a ``tm`` leaf)
TREE_SHARE = 0.4  # of the time, at most, for the tree (the kernel's check included)


def _value(f: sp.Expr, x: sp.Symbol, point: sp.Rational) -> float | None:
    """``f(point)`` as a float read at ``DIGITS`` digits, or None (undefined, not real)."""
    try:
        v = sp.N(f, DIGITS, subs={x: point})
        return float(v) if v.is_real and v.is_finite else None
    except (TypeError, ValueError, ArithmeticError):
        return None


def touches(f: sp.Expr, x: sp.Symbol, end: sp.Rational, inward: sp.Rational) -> bool:
    """Whether ``f`` seems to fall to 0 at ``end`` (``inward``: the domain's width, signed
    towards its inside): ``0 < f(end + inward/2^12) <= f(end + inward/2^6) / 8``. A float
    reading: it only chooses where to look."""
    near = _value(f, x, end + inward / 2 ** 12)
    far = _value(f, x, end + inward / 2 ** 6)
    return near is not None and far is not None and 0 < near <= far / 8


def _shows(f: sp.Expr, x: sp.Symbol, c: sp.Rational, a: sp.Rational, b: sp.Rational,
           strict: bool) -> bool:
    """Whether the Taylor model of ``f`` about ``c`` on ``[a, b]`` has the claimed sign on
    both sides of ``c`` (what the kernel's ``tm`` leaf re-checks; here only a guide)."""
    try:
        with intervals.precision(TM_BITS):
            m = taylor.model(f, x, c, a - c, b - c)
            sides = [m.side(1), m.side(-1)]
    except (intervals.NotEnclosable, ArithmeticError, ValueError, TypeError):
        return False
    for got in sides:
        if got is not None:
            u, s = got
            if not ((u.lo > 0 if s > 0 else u.hi < 0) if strict else (
                    u.lo >= 0 if s > 0 else u.hi <= 0)):
                return False
    return True


def _tree(problem: BoxProblem, end: sp.Rational, deadline: float) -> BoxNode | None:
    """A certificate of ``problem`` (one variable, a finite box with ``end`` at one side)
    from Taylor models alone: about ``end`` on the piece next to it, about the middle of
    every other piece; a piece whose model does not show the sign is cut in two there
    (``MAX_DEPTH``, ``MAX_LEAVES``); None when that does not close."""
    (x,) = problem.variables
    ((lo, hi),) = problem.bounds
    leaves = [0]

    def grow(a: sp.Rational, b: sp.Rational, depth: int) -> BoxNode | None:
        if clock.now() > deadline or leaves[0] >= MAX_LEAVES:
            return None
        opens = frozenset(o for o in problem.opens if (o[1] == "lo" and a == lo)
                          or (o[1] == "hi" and b == hi))
        mid = (a + b) / 2
        c = end if end in (a, b) else mid
        if _shows(problem.slack, x, c, a, b, problem.strict):
            leaves[0] += 1
            return BoxNode("tm", (), ((a, b),), 1, problem.strict, opens, cut=c)
        if depth >= MAX_DEPTH:
            return None
        kids = [grow(a, mid, depth + 1), None]
        if kids[0] is None:
            return None
        kids[1] = grow(mid, b, depth + 1)
        if kids[1] is None:
            return None
        return BoxNode("split", (), ((a, b),), 1, problem.strict, opens, var=0, cut=mid,
                       children=tuple(kids))

    return grow(lo, hi, 0)


def pieces(f: sp.Expr, strict: bool, rels: list, lo: sp.Rational, hi: sp.Rational,
           claim: str, seconds: float, decide) -> Step | None:
    """``f >= 0`` (``> 0``) on the domain ``rels`` of one variable, whose box is ``[lo, hi]``
    (finite, rational): when ``f`` touches 0 at one end, the half next to it by Taylor models
    (the kernel's check of the tree) and the other half by ``decide`` (the engine: slack,
    strict, domain, claim, seconds -> Step); rule *case split*. None when neither end
    touches or a half is not proved."""
    from derive import realprove  # (realprove imports this module)

    (x,) = f.free_symbols
    deadline = clock.now() + seconds
    width = hi - lo
    if not width > 0:
        return None
    try:
        with time_limit(min(1.0, seconds / 4)):
            ends = [end for end, inward in ((hi, -width), (lo, width))
                    if touches(f, x, end, inward)]
    except StepTimeout:
        return None  # (its own limit; an enclosing one fires again and is re-raised)
    if len(ends) != 1:
        return None  # (touching at both ends: the whole engine)
    (end,) = ends
    m = intervals.simplest_rational(lo + width / 4, hi - width / 4)
    near, far = ([x >= m], [x <= m]) if end == hi else ([x <= m], [x >= m])
    try:
        problem = realprove.build_problem(f, strict, list(rels) + near)
    except realprove.Unsupported:
        return None
    if len(problem.bounds) != 1 or end not in problem.bounds[0] or None in problem.bounds[0]:
        return None
    tree_end = clock.now() + TREE_SHARE * seconds
    root = _tree(problem, end, tree_end)
    if root is None:
        return None
    what = f"{claim} where {tex_math(near[0])}"
    steps = [certify_on_boxes(problem, root, what, seconds=max(tree_end - clock.now(), 0.5))]
    what = f"{claim} where {tex_math(far[0])}"
    steps.append(decide(f, strict, list(rels) + far, what, max(deadline - clock.now(), 0.1)))
    if any(s.verdict != PROVED for s in steps):
        return None
    return apply_rule("case split", steps, claim,
                      f"the domain cut at {tex_math(m)}; where the slack touches 0 "
                      f"({tex_math(sp.Eq(x, end, evaluate=False))}) by Taylor models, "
                      "the rest by the whole engine, each part proved")
