r"""``\max_z f(z) = c`` (``f \le c`` for all ``z`` and ``f(z_0) = c`` at a stationary point),
``\max_z f \le c``, ``\max_z f \approx 0.25`` and constants ``expr \approx 0.45`` (a rigorous
enclosure within half a unit of the last digit written)."""

from __future__ import annotations

import re
import time

import sympy as sp

from derive import intervals
from derive.check.common import (
    EQUATION_SECONDS,
    _deadline,
    _explicit,
    _on_time,
    _tex,
    _unknown,
    tex_math,
)
from derive.check.inequality import prove_nonnegative
from derive.parse import Extremum
from derive.parse import _number as parse_number
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    certify_enclosure,
    certify_identity,
    time_limit,
)


def decide_relation_max(ext: Extremum, op: str, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f \le c`` (``\min_v f \ge c``): the bound for every ``v``."""
    f, v, kind = ext.args
    if (kind == 1 and op != "<=") or (kind == -1 and op != ">="):
        return _unknown(claim, r"\max f \le c, \min f \ge c or = c only")
    f = _explicit(f)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    return prove_nonnegative((c - f) if kind == 1 else (f - c), claim, strict=False)


def decide_extremum(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) = c``: ``c - f >= 0`` for all ``v`` and ``f(v_0) = c`` at a
    stationary point (``\min``: ``f - c >= 0``). If the bound fails at a point, refuted; if
    the true extremum ``m = f(v_0)`` is proved (bound and attainment) and ``m \ne c``,
    refuted."""
    _on_time()
    f, v, kind = ext.args
    f = _explicit(f)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    bound = prove_nonnegative(sign * (c - f), claim, strict=False)
    if bound.verdict == REFUTED:
        return bound
    candidates = _stationary(f, v)
    for v0 in candidates:
        at = certify_identity(f.subs(v, v0), c, f"f({_tex(v0)}) = {_tex(c)}", points=[{}])
        if bound.verdict == PROVED and at.verdict == PROVED:
            return certify_all(claim, "certificate+identity", [bound, at],
                               f"{bound.reason}; attained at ${_tex(v)} = {_tex(v0)}$")
    for v0 in candidates:
        m = f.subs(v, v0)  # exact: f(v_0) = m by construction
        true_bound = prove_nonnegative(sign * (m - f), "bound", strict=False)
        if true_bound.verdict == PROVED:
            differ = certify_identity(m, c, "claimed value", points=[{}])
            if differ.verdict == REFUTED:
                return Step(claim, "certificate+identity", REFUTED,
                            f"the {'max' if kind == 1 else 'min'} is {tex_math(m)} (attained at "
                            f"${_tex(v)} = {_tex(v0)}$; {true_bound.reason}), not {tex_math(c)}")
    if bound.verdict == PROVED:
        return Step(claim, "certificate", UNKNOWN,
                    f"bound proved ({bound.reason}) but attainment of {tex_math(c)} not shown")
    return bound


def decide_attained(ext: Extremum, c: sp.Expr, v0: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) = c, attained at v = v_0``: the maximum proved (``decide_extremum``)
    and ``f(v_0) = c`` proved; refuted when the maximum is proved and ``f(v_0) \ne c`` (the
    maximum is not attained there); unknown when the maximum itself is not proved (the place
    may be right even if the value written is not)."""
    f, v, kind = ext.args
    what = "maximum" if kind == 1 else "minimum"
    whole = decide_extremum(ext, c, f"the {what} {tex_math(c)}")
    if whole.verdict != PROVED:
        return Step(claim, "certificate+identity", UNKNOWN, f"the {what} before it is not "
                    f"proved, so neither is where it is attained ({whole.reason})")
    value = f.subs(v, v0)
    at = certify_identity(_explicit(value), c, f"{_tex(value)} = {_tex(c)}", points=[{}])
    if at.verdict == REFUTED:
        return Step(claim, "certificate+identity", REFUTED,
                    f"the {what} is {tex_math(c)} ({whole.reason}) but {tex_math(value)} "
                    f"$\\ne {_tex(c)}$: {at.reason}")
    return certify_all(claim, "certificate+identity", [whole, at],
                       f"the {what} {tex_math(c)} is attained at ${_tex(v)} = {_tex(v0)}$: "
                       f"${_tex(f)} = {_tex(c)}$ there ({whole.reason})")


def decide_extremum_approx(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) \approx 0.25``: the extremum is ``m = f(v_0)`` at a stationary point
    ``v_0`` when ``f \le m`` (``\ge`` for min) is proved for every ``v``; then ``m`` is
    checked to the precision written, as for a constant."""
    _on_time()
    f, v, kind = ext.args
    f = _explicit(f)
    if f.free_symbols - {v}:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    for v0 in _stationary(f, v):
        m = f.subs(v, v0)
        bound = prove_nonnegative(sign * (m - f), "bound", strict=False)
        if bound.verdict == PROVED:
            near = decide_approx(m, c, claim)
            return certify_all(claim, "certificate+interval", [bound, near],
                               f"the {'max' if kind == 1 else 'min'} is {tex_math(m)} at "
                               f"${_tex(v)} = {_tex(v0)}$ ({bound.reason}); {near.reason}")
    return Step(claim, "certificate", UNKNOWN, "not understood: no stationary point with a "
                "proved bound (the extremum is not known exactly)")


def _stationary(f: sp.Expr, v: sp.Symbol) -> list[sp.Expr]:
    """Real roots of ``f'(v)`` found by ``solveset`` (a search: each is checked exactly)."""
    _on_time()
    budget = max(0.5, min(EQUATION_SECONDS / 2, _deadline[0] - time.monotonic() - 0.5))
    try:
        with time_limit(budget):
            sols = sp.solveset(sp.diff(f, v), v, sp.S.Reals)
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return []
    return list(sols)[:5] if isinstance(sols, sp.FiniteSet) else []


# ---------------------------------------------------------------------------- approx

_APPROX_NUMBER = re.compile(r"\\approx\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*[.,;]?\s*$")


def decide_approx(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``expr \approx 0.45``: the enclosure of the constant ``expr`` lies in
    ``[0.445, 0.455]`` (half a unit of the last digit written)."""
    m = _APPROX_NUMBER.search(claim)
    if not m:
        return _unknown(claim, r"\approx needs a decimal number on its right, at the end")
    if lhs.free_symbols or lhs.atoms(Extremum):
        return _unknown(claim, r"\approx of an expression with variables")
    digits = m[2]
    if rhs != (-1 if m[1] else 1) * parse_number(digits):
        return _unknown(claim, r"\approx needs a decimal number on its right")
    places = len(digits.split(".")[1]) if "." in digits else 0
    half = sp.Rational(1, 2 * 10 ** places)
    value = rhs
    try:
        with intervals.precision(200):
            enc = intervals.enclose(_explicit(lhs), {}, finite=True)
    except intervals.NotEnclosable as err:
        return Step(claim, "interval", UNKNOWN, f"no enclosure: {err}")
    return certify_enclosure(enc, value - half, value + half, claim,
                             f"to the {places} decimal place(s) written")
