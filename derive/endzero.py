r"""A slack that vanishes at an excluded end like a fractional power of the distance to it.

Topsoe's bound ``-x \ln x - (1 - x)\ln(1 - x) \le 2 \ln 2 \sqrt{x(1 - x)}`` on ``(0, 1)``: the
slack tends to 0 at both ends like ``2 \ln 2 \sqrt{t}`` (``t`` the distance to the end) with
an unbounded slope, so no box next to an end has an enclosure of one sign, and no monotone
piece starts from a face where the slack has no value. Divided by ``t^p`` (``p`` its order
there, read off its values at ``t = 2^{-20}`` and ``2^{-40}``) the slack has a positive limit:
``2 \ln 2 \sqrt{1 - t} + \sqrt t \ln t - \sqrt t \ln(1 - t) + \ln(1 - t)/\sqrt t``, which the
box search settles (``derive.intervals`` encloses ``\ln(1 - t)/\sqrt t`` by the mean value
theorem at ``t = 0``).

``end_zero(problem, claim, seconds)`` (one variable; a method of ``realprove._decide``): for
each open finite end ``a`` where the probe finds such a zero (order ``0 < p <= 1``), the piece
``t = \pm(x - a)`` in ``(0, w]`` next to it: the slack moved there (*change of variable*) is
``t^p G(t)`` (``G`` its terms divided by ``t^p`` for ``t > 0``; an identity), ``t^p > 0``
and ``G >= 0`` (``> 0``) decided by the whole engine (*product of signs*); the rest of the
domain is decided by the whole engine, and the rule *case split* concludes. A part not
proved means the method does not apply (None): it never refutes.
"""

from __future__ import annotations

import math

import sympy as sp

from derive import clock, intervals
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import PROVED, BoxProblem, Step, apply_rule, definedness
from derive.singular import _GiveUp, _Proof, _rels

MAX_OPS = 120  # larger slacks are left to the other methods
PROBE = (20, 40)  # the slack's values at distances 2^-k from the end
SMALL = 2 ** -4  # at 2^-20 the slack is this small at most (it tends to 0)
_ACTIVE = Nesting()


def _order(problem: BoxProblem, end: sp.Rational, side: int) -> sp.Rational | None:
    """The order ``p`` (``0 < p <= 1``, a simple rational) of the slack's zero at ``end``,
    from its values at ``end + side 2^-k`` (both ``> 0`` and small), or None."""
    (x,) = problem.variables
    f = intervals.compile_expr(problem.slack, (x,))
    values = []
    for k in PROBE:
        point = end + side * sp.Rational(1, 2 ** k)
        with intervals.precision(128):
            got = f([intervals.from_interval(intervals.interval(point))])
        if got is None or not got.is_finite() or not got.lo > 0:
            return None
        values.append(float(intervals._to_mpf(got.lo)))
    if values[0] > SMALL:
        return None
    p = math.log2(values[0] / values[1]) / (PROBE[1] - PROBE[0])
    if not 0.05 < p < 1.02:
        return None
    q = sp.Rational(p).limit_denominator(6)
    return q if 0 < q <= 1 else None


def end_zero(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the method of the module docstring, or None."""
    if (len(problem.variables) != 1 or _ACTIVE or seconds < 1.0
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    lo, hi = problem.bounds[0]
    if lo is None or hi is None or not lo < hi:
        return None
    ends = []
    for end, side, name in ((lo, 1, "lo"), (hi, -1, "hi")):
        if (0, name) in problem.opens:
            p = _order(problem, end, side)
            if p is not None:
                ends.append((end, side, p))
    if not ends:
        return None
    with _ACTIVE.enter():
        try:
            return _pieces(problem, claim, ends, clock.now() + seconds)
        except _GiveUp:
            return None


def _pieces(problem: BoxProblem, claim: str, ends, deadline: float) -> Step | None:
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    width = (hi - lo) / (4 if len(ends) == 2 else 2)
    rels = _rels(problem)
    parts, middle = [], list(rels)
    rel = ">" if problem.strict else "\\ge"
    for k, (end, side, p) in enumerate(ends):
        w = intervals.simplest_rational(width / 2, width)
        cut = end + side * w
        middle.append(x >= cut if side == 1 else x <= cut)
        # each piece a share of what is left (the rest of the domain keeps one too)
        share = (deadline - clock.now()) / (len(ends) - k + 1)
        parts.append(_near(problem, end, side, p, w, rel, clock.now() + share))
    from derive import realprove  # the engine decides the rest

    left = deadline - clock.now()
    if left < 0.3:
        return None
    rest = realprove.decide(problem.slack, problem.strict, middle,
                            f"{claim} \\text{{ where }} "
                            + ", ".join(tex(r) for r in middle[len(rels):]), seconds=left)
    if rest.verdict != PROVED:
        return None
    return apply_rule("case split", [*parts, rest], claim,
                      "the domain cut next to each end where the slack vanishes like a "
                      "power of the distance to it; each part proved")


def _near(problem: BoxProblem, end, side: int, p: sp.Rational, w, rel: str,
          deadline: float) -> Step:
    """The claim on the piece ``0 < t <= w``, ``x = end + side t``, as ``t^p G(t)``."""
    (x,) = problem.variables
    t = sp.Symbol(x.name, positive=True)
    moved = problem.slack.xreplace({x: end + side * t})
    g = sp.Add(*[sp.expand_mul(term / t ** p) for term in sp.Add.make_args(sp.expand(moved))])
    if g.has(sp.nan, sp.zoo) or sp.count_ops(g) > 2 * MAX_OPS:
        raise _GiveUp
    u = sp.Symbol(x.name, real=True)  # the engine's variable
    back = {t: u}
    rels = [r.xreplace({x: end + side * u}) for r in _rels(problem)]
    rels = [r for r in rels if r is not sp.true] + [u > 0, u <= w]
    if any(r is sp.false for r in rels):
        raise _GiveUp
    proof = _Proof(deadline)
    power, part, whole = u ** p, g.xreplace(back), moved.xreplace(back)
    proof.holds(power, True, rels, f"{tex(power)} > 0", 0.1)
    proof.identity(whole, power * part, rels, f"{tex(whole)} = {tex(power)} \\cdot "
                   f"({tex(part)})")
    proof.defined([part], rels + definedness(whole), "where the slack is defined")
    proof.holds(part, problem.strict, rels, f"{tex(part)} {rel} 0", 0.9)
    inner = apply_rule("product of signs", proof.premises, f"{tex(whole)} {rel} 0 "
                       f"\\text{{ for }} 0 < {tex(u)} \\le {tex(w)}",
                       f"${tex(power)} > 0$ times ${tex(part)} {rel} 0$ (the zero at the "
                       "end divided out)")
    phi = end + side * u
    return apply_rule("change of variable", [inner], f"the claim for {tex(x)} between "
                      f"{tex(end)} and {tex(end + side * w)}",
                      f"${tex(x)} = {tex(phi)}$ maps $0 < {tex(u)} \\le {tex(w)}$ onto it")
