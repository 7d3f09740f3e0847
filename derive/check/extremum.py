r"""``\max_z f(z) = c`` (``f \le c`` for all ``z`` and ``f(z_0) = c`` at a stationary point
or a point found numerically), ``\max_z f \le c``, ``\max_z f \approx 0.25`` and constants
``expr \approx 0.45`` or ``\approx 9.5 \times 10^{-7}`` (a rigorous enclosure within half a
unit of the last digit written)."""

from __future__ import annotations

import re
from typing import NamedTuple

import sympy as sp

from derive import clock, intervals
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
    certify_sign,
    time_limit,
)


def decide_relation_max(ext: Extremum, op: str, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f \le c`` (``\min_v f \ge c``): the bound for every ``v``."""
    f, v, kind, _, defined = _parts(ext)
    if (kind == 1 and op == "<") or (kind == -1 and op == ">"):
        return _strict(ext, c, claim)
    if (kind == 1 and op != "<=") or (kind == -1 and op != ">="):
        return _unknown(claim, r"\max f \le c or < c, \min f \ge c or > c, or = c only")
    f = _explicit(f)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    bound = _bound((c - f) if kind == 1 else (f - c), claim, defined)
    if bound.verdict != PROVED or not defined.written:
        return bound
    # a bound on an empty domain is vacuous, and its maximum does not exist
    inside = _a_point(v, defined.where)
    if inside is None:
        return Step(claim, "certificate", UNKNOWN, f"{bound.reason}; but no point of the "
                    "domain where the function is defined was found (is it empty?)")
    return certify_all(claim, bound.method, [bound, *inside], bound.reason)


def _strict(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f < c`` (``\min_v f > c``): ``f \le m`` for every ``v`` with ``m < c``, where
    ``m = f(v_0)`` at a stationary point (the maximum) or, found numerically, a decimal
    between the largest value seen and ``c``. Refuted at a point where ``f \ge c`` (the
    maximum, and any supremum, is at least that), or when the maximum ``m \ge c`` is
    proved."""
    _on_time()
    f, v, kind, _, defined = _parts(ext)
    f, c = _explicit(f), _explicit(c)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign, what = (1, "max") if kind == 1 else (-1, "min")
    reach = _bound(sign * (c - f), claim, defined, strict=True)
    if reach.verdict == REFUTED:
        return reach
    tried = []
    for v0 in _stationary(f, v, kind, defined.where):
        if (inside := _inside(v, v0, defined.where)) is not None:
            tried.append((f.subs(v, v0), inside, f"${_tex(v)} = {_tex(v0)}$"))
    point = _numeric_extremum(f, v, kind, defined.where, rational=True)
    if point is not None and (inside := _inside(v, point, defined.where)) is not None:
        seen = sp.Rational(str(sp.N(f.subs(v, point), 30)))
        if sign * (c - seen) > 0:  # a short decimal between the value seen and c
            tried.append((next((q for k in range(1, 30) if sign * (c - (q := (
                sp.ceiling if kind == 1 else sp.floor)(seen * 10 ** k) / sp.Integer(10) ** k))
                > 0), (seen + c) / 2), inside, None))
    for m, inside, at in tried:
        bound = _bound(sign * (m - f), "bound", defined)
        if bound.verdict != PROVED:
            continue
        below = certify_sign(sign * (c - m), f"{_tex(m)} vs {_tex(c)}", strict=True)
        if below.verdict == REFUTED and at is not None:
            return Step(claim, "certificate+interval", REFUTED, f"the {what} is {tex_math(m)} "
                        f"(attained at {at}; {bound.reason}), not "
                        f"{'below' if kind == 1 else 'above'} {tex_math(c)}")
        if below.verdict == PROVED:
            return certify_all(claim, "certificate+interval", [bound, below, *inside],
                               f"{'below' if kind == 1 else 'above'} ${_tex(m)}$ everywhere "
                               f"({bound.reason}), and ${_tex(m)}$ is "
                               f"{'below' if kind == 1 else 'above'} ${_tex(c)}$")
    return Step(claim, "certificate", UNKNOWN, f"the {what} is not shown "
                f"{'below' if kind == 1 else 'above'} {tex_math(c)} ({reach.reason})")


def decide_extremum(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) = c``: ``c - f >= 0`` for all ``v`` and ``f(v_0) = c`` at a
    stationary point (``\min``: ``f - c >= 0``). If the bound fails at a point, refuted; if
    the true extremum ``m = f(v_0)`` is proved (bound and attainment) and ``m \ne c``,
    refuted."""
    _on_time()
    f, v, kind, over, defined = _parts(ext)
    f, c = _explicit(f), _explicit(c)  # (c may be f at a point: \max_z \sigma'(z) = \sigma'(0))
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    bound = _bound(sign * (c - f), claim, defined)
    if bound.verdict == REFUTED:
        return bound
    candidates = [(v0, inside) for v0 in _stationary(f, v, kind, defined.where)
                  if (inside := _inside(v, v0, defined.where)) is not None]
    for v0, inside in candidates:
        at = certify_identity(f.subs(v, v0), c, f"f({_tex(v0)}) = {_tex(c)}", points=[{}])
        if bound.verdict == PROVED and at.verdict == PROVED:
            return certify_all(claim, "certificate+identity", [bound, at, *inside],
                               f"{bound.reason}; attained at ${_tex(v)} = {_tex(v0)}$")
    for v0, inside in candidates:
        m = f.subs(v, v0)  # exact: f(v_0) = m by construction
        true_bound = prove_nonnegative(sign * (m - f), "bound", strict=False, domain=over)
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
    f, v, kind, _, defined = _parts(ext)
    what = "maximum" if kind == 1 else "minimum"
    whole = decide_extremum(ext, c, f"the {what} {tex_math(c)}")
    if whole.verdict != PROVED:
        return Step(claim, "certificate+identity", UNKNOWN, f"the {what} before it is not "
                    f"proved, so neither is where it is attained ({whole.reason})")
    value = f.subs(v, v0)
    inside = _inside(v, v0, defined.where)
    if inside is None:
        return Step(claim, "certificate+identity", UNKNOWN, f"${_tex(v)} = {_tex(v0)}$ is not "
                    "shown to lie in the domain written under the " + what)
    at = certify_identity(_explicit(value), c, f"{_tex(value)} = {_tex(c)}", points=[{}])
    if at.verdict == REFUTED:
        return Step(claim, "certificate+identity", REFUTED,
                    f"the {what} is {tex_math(c)} ({whole.reason}) but {tex_math(value)} "
                    f"$\\ne {_tex(c)}$: {at.reason}")
    return certify_all(claim, "certificate+identity", [whole, at, *inside],
                       f"the {what} {tex_math(c)} is attained at ${_tex(v)} = {_tex(v0)}$: "
                       f"${_tex(f)} = {_tex(c)}$ there ({whole.reason})")


def decide_extremum_approx(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) \approx 0.25``: the extremum is ``m = f(v_0)`` at a stationary point
    ``v_0`` when ``f \le m`` (``\ge`` for min) is proved for every ``v``; then ``m`` is
    checked to the precision written, as for a constant."""
    _on_time()
    f, v, kind, _, defined = _parts(ext)
    f = _explicit(f)
    if f.free_symbols - {v}:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    for v0 in _stationary(f, v, kind, defined.where):
        if (inside := _inside(v, v0, defined.where)) is None:
            continue
        m = f.subs(v, v0)
        bound = _bound(sign * (m - f), "bound", defined)
        if bound.verdict == PROVED:
            near = decide_approx(m, c, claim)
            return certify_all(claim, "certificate+interval", [bound, near, *inside],
                               f"the {'max' if kind == 1 else 'min'} is {tex_math(m)} at "
                               f"${_tex(v)} = {_tex(v0)}$ ({bound.reason}); {near.reason}")
    return _between(f, v, kind, defined, c, claim)


def _between(f, v, kind, defined, c, claim) -> Step:
    r"""``\max_v f \approx c`` without the extremum known exactly: ``f \le c + h`` on the
    domain (``h`` half a unit of the last digit written) and ``f(v_1) \ge c - h`` at a point
    ``v_1`` of it put the maximum (the supremum) in ``[c - h, c + h]`` (``\min`` mirrored).
    Refuted when ``f(v_1) > c + h``, or ``f \le m`` is proved for an ``m < c - h``."""
    written = _half_unit(claim, c)
    point = _numeric_extremum(f, v, kind, defined.where, rational=True)
    if written is None or point is None or (
            inside := _inside(v, point, defined.where)) is None:
        return Step(claim, "certificate", UNKNOWN, "not understood: no stationary point with a "
                    "proved bound (the extremum is not known exactly), and no point found "
                    "near it")
    places, half, _, below, above = written
    sign, what = (1, "max") if kind == 1 else (-1, "min")
    over, under = (above, below) if kind == 1 else (below, above)
    value = f.subs(v, point)
    far = certify_sign(sign * (value - c) - over, "outside", strict=True)
    if far.verdict == PROVED:  # f(v_1) beyond c + h (below c - h for a min)
        return Step(claim, "interval", REFUTED, f"at ${_tex(v)} = {_tex(point)}$ (in the "
                    f"domain) ${_tex(f)}$ is beyond ${_tex(c)} \\pm {_tex(half)}$: {far.reason}")
    bound = _bound(sign * (c - f) + over, "bound", defined)
    near = certify_sign(sign * (value - c) + under, "attained", strict=False)
    if near.verdict == REFUTED:  # f(v_1) short of c - h: perhaps f stays short everywhere
        target, mv = c - sign * under, sp.Rational(str(sp.N(value, 30)))
        r = next((q for k in range(places + 1, places + 9) if sign * (
            (q := (sp.ceiling if kind == 1 else sp.floor)(mv * 10 ** k) / sp.Integer(10) ** k)
            - target) < 0), (mv + target) / 2)  # a short decimal between f(v_1) and c -+ h
        short = _bound(sign * (r - f), "bound", defined)
        if short.verdict == PROVED:
            return Step(claim, "certificate", REFUTED, f"the {what} is at "
                        f"{'most' if kind == 1 else 'least'} ${_tex(r)}$, beyond ${_tex(c)} "
                        f"\\pm {_tex(half)}$ ({short.reason})")
    if bound.verdict == PROVED and near.verdict == PROVED:
        return certify_all(claim, "certificate+interval", [bound, near, *inside],
                           f"the {what} lies within ${_tex(half)}$ of ${_tex(c)}$: "
                           f"{'below' if kind == 1 else 'above'} ${_tex(c + sign * half)}$ "
                           f"everywhere ({bound.reason}), and at ${_tex(v)} = {_tex(point)}$ "
                           f"{near.reason}")
    return Step(claim, "certificate", UNKNOWN, f"the {what} is not placed within "
                f"${_tex(half)}$ of ${_tex(c)}$ (the bound: {bound.reason})")


class Defined(NamedTuple):
    r"""The conditions under which ``f`` is defined (``conds``), to be shown on the domain
    written under the extremum (``written``); ``where`` is both: SymPy may have simplified
    ``f`` past its conditions (``(\sqrt{x})^2`` is ``x``), so a point that refutes a
    bound, or where an extremum is attained, is taken only where ``f`` is defined."""

    conds: list
    written: list

    @property
    def where(self) -> list:
        return self.written + [c for c in self.conds if c not in self.written]


def _parts(ext: Extremum):
    """``f, v, kind``, the domain's conditions written under it (empty: every real ``v``)
    and ``Defined``: where ``f`` is defined (to be shown on the domain)."""
    f, v, kind = ext.args[:3]
    if len(ext.args) == 3:
        return f, v, int(kind), [], Defined([], [])
    over = list(sp.And.make_args(ext.args[3]))
    return f, v, int(kind), over, Defined(
        [c for c in sp.And.make_args(ext.args[4]) if c is not sp.true], over)


def _bound(d: sp.Expr, claim: str, defined: Defined, strict: bool = False) -> Step:
    """``d >= 0`` on the domain written, with ``f`` shown defined on it (``_on_domain``); a
    refutation only at a point where ``f`` is defined."""
    step = prove_nonnegative(d, claim, strict=strict, domain=defined.written)
    if step.verdict == REFUTED and defined.where != defined.written:
        step = prove_nonnegative(d, claim, strict=strict, domain=defined.where)
        if step.verdict == PROVED:  # (on the part where f is defined: not the domain)
            return Step(claim, "certificate", UNKNOWN, "the function is not defined at every "
                        "point of the domain")
    return _on_domain(step, defined, claim)


def _on_domain(step: Step, defined: Defined, claim: str) -> Step:
    """``step`` (a bound on the domain written) with ``f`` shown defined at every point of
    it."""
    over = defined.written
    if not over or step.verdict != PROVED:
        return step
    shown = []
    for cond in defined.conds:
        d, strict = _slack(cond)
        if d is None:
            return Step(claim, "certificate", UNKNOWN, f"not understood: the condition "
                        f"${_tex(cond)}$ of where the function is defined")
        got = prove_nonnegative(d, f"defined: {_tex(cond)}", strict=strict, domain=over)
        if got.verdict != PROVED:
            return Step(claim, "certificate", UNKNOWN, "the function is not shown defined at "
                        f"every point of the domain (${_tex(cond)}$: {got.reason})")
        shown.append(got)
    return certify_all(claim, step.method, [step, *shown], step.reason + (
        " (the function is defined on the whole domain)" if shown else ""))


def _slack(cond) -> tuple[sp.Expr | None, bool]:
    """``a >= b`` -> ``(a - b, False)``, ``a > b`` -> strict, ``a != b`` -> ``|a - b| > 0``."""
    if isinstance(cond, (sp.Ge, sp.Gt)):
        return cond.lhs - cond.rhs, isinstance(cond, sp.Gt)
    if isinstance(cond, (sp.Le, sp.Lt)):
        return cond.rhs - cond.lhs, isinstance(cond, sp.Lt)
    if isinstance(cond, sp.Ne):
        return sp.Abs(cond.lhs - cond.rhs), True
    return None, False


def _inside(v: sp.Symbol, v0: sp.Expr, over: list) -> list[Step] | None:
    """Steps proving that ``v0`` satisfies every condition of the domain, or None."""
    steps = []
    for cond in over:
        d, strict = _slack(cond)
        if d is None:
            return None
        got = certify_sign(d.subs(v, v0), f"{_tex(v)} = {_tex(v0)} in the domain", strict)
        if got.verdict != PROVED:
            return None
        steps.append(got)
    return steps


def _a_point(v: sp.Symbol, over: list) -> list[Step] | None:
    """Steps proving that some point satisfies every condition of ``over`` (an end of a
    condition, or a point near one or between two), or None."""
    ends: list[sp.Expr] = []
    try:
        with time_limit(max(0.5, min(2.0, _deadline[0] - clock.now() - 0.5))):
            for cond in over:
                found = sp.solveset(cond.lhs - cond.rhs, v, sp.S.Reals)
                if isinstance(found, sp.FiniteSet):
                    ends += [e for e in list(found)[:4] if e.is_real and e not in ends]
    except (StepTimeout, RecursionError, Exception):  # noqa: BLE001, S110 -- SymPy's many types
        pass
    half = sp.Rational(1, 2)
    near = [e + d for e in ends for d in (0, half, -half, 1, -1)]
    between = [(a + b) / 2 for i, a in enumerate(ends) for b in ends[i + 1:]]
    for p in [sp.Integer(0), sp.Integer(1), sp.Integer(-1), *near, *between]:
        inside = _inside(v, p, over)
        if inside is not None:
            return inside
    return None


def _stationary(f: sp.Expr, v: sp.Symbol, kind: int, over: list = ()) -> list[sp.Expr]:
    """Candidates for where ``f`` is extreme (a search: each is checked exactly by the
    caller): real roots of ``f'(v)`` from ``solveset`` (for a periodic family, its members
    n = 0, 1, -1), the ends of the domain ``over``, then the best point of a numeric scan,
    named by ``nsimplify``."""
    _on_time()
    budget = max(0.5, min(EQUATION_SECONDS / 2, _deadline[0] - clock.now() - 0.5))
    found: list[sp.Expr] = []
    try:
        with time_limit(budget):
            sols = sp.solveset(sp.diff(f, v), v, sp.S.Reals)
            families = sols.args if isinstance(sols, sp.Union) else (sols,)
            for fam in families:
                if isinstance(fam, sp.FiniteSet):
                    found += list(fam)[:5]
                elif isinstance(fam, sp.ImageSet) and fam.base_sets == (sp.S.Integers,):
                    found += [fam.lamda(n) for n in (0, 1, -1)]
        with time_limit(budget):
            for cond in over:  # the ends of the domain (the extremum may sit on one)
                ends = sp.solveset(cond.lhs - cond.rhs, v, sp.S.Reals)
                if isinstance(ends, sp.FiniteSet):
                    found += [e for e in list(ends)[:4] if e not in found]
    except (StepTimeout, RecursionError, Exception):  # noqa: BLE001, S110 -- SymPy raises many types
        pass
    named = _numeric_extremum(f, v, kind, over)
    return found + [named] if named is not None and named not in found else found


def _numeric_extremum(f: sp.Expr, v: sp.Symbol, kind: int, over: list = (),
                      rational: bool = False) -> sp.Expr | None:
    """Where ``kind * f`` is largest on a grid of [-50, 50] (the points of the domain
    ``over``) refined by golden sections, named exactly (a rational of denominator at most
    1000, or ``nsimplify`` with pi, e and square roots; with ``rational``, the nearest
    rational of denominator at most 10^6), or None. Floats only find the candidate; nothing
    is decided here."""
    import mpmath

    from derive.touch import golden

    try:
        g = sp.lambdify(v, kind * f, modules="mpmath")
        conds = [sp.lambdify(v, d, modules="mpmath") for d, _ in map(_slack, over)]

        def val(t):
            try:
                with mpmath.workdps(50):  # (cancellation in 15 digits makes false flat maxima)
                    y = g(mpmath.mpf(t)) if all(c(mpmath.mpf(t)) >= 0 for c in conds) else None
            except (ArithmeticError, ValueError, TypeError):  # a pole, outside the domain
                y = None
            return y if isinstance(y, mpmath.mpf) else mpmath.mpf("-inf")

        grid = [i / 20 for i in range(-1000, 1001)]
        vals = [val(t) for t in grid]
        k = max(range(len(grid)), key=vals.__getitem__)
        if k in (0, len(grid) - 1):
            return None  # best at the end of the scan: no maximum found inside it
        best = golden(lambda t: -val(t), grid[k - 1], grid[k + 1])  # (the least of -f)
        if best is None:
            return None
        x = float(best)
        if rational:
            return sp.Rational(x).limit_denominator(10 ** 6)
        if not all(mpmath.isfinite(val(x + d)) for d in (-1e-6, 0, 1e-6)):
            return None  # an isolated point where f is real (z^z at z = -1)
        for name in (sp.Rational(x).limit_denominator(1000), sp.nsimplify(x, tolerance=1e-9),
                     sp.nsimplify(x, [sp.pi, sp.E], tolerance=1e-9)):
            simple = (name.q <= 1000 if isinstance(name, sp.Rational) else
                      sp.count_ops(name) <= 6
                      and all(abs(r.p) <= 100 and r.q <= 100 for r in name.atoms(sp.Rational)))
            if simple and abs(float(name) - x) < 1e-7:
                return name
    except (ArithmeticError, TypeError, ValueError, RecursionError):
        return None
    return None


# ---------------------------------------------------------------------------- approx

# a decimal, a decimal times a power of ten, or a power of ten alone (``10^{-3}``: one
# significant digit, ``1 \times 10^{-3}``)
_APPROX_NUMBER = re.compile(r"\\approx\s*(-?)\s*(?:(\d+(?:\.\d+)?|\.\d+)"
                            r"(?:\s*(?:\\times|\\cdot)\s*10\s*\^\s*\{?\s*(-?\d+)\s*\}?)?"
                            r"|10\s*\^\s*(?:\{\s*(-?\d+)\s*\}|(\d)))"
                            r"\s*[.,;]?\s*$")


def _half_unit(claim: str, value: sp.Expr):
    r"""``(places, h, said, below, above)`` for the number written after ``\approx`` at the end
    of ``claim`` (``h`` half a unit of its last digit, ``9.5 \times 10^{-7}`` scaled; a power
    of ten alone, ``10^{-3}``, is ``1 \times 10^{-3}``; ``below``, ``above``: the band's
    widths on either side, ``h`` but for a mantissa 1), when it is ``value``; else None."""
    m = _APPROX_NUMBER.search(claim)
    if not m:
        return None
    power = m[3] or m[4] or m[5]
    digits, scale = m[2] or "1", sp.Integer(10) ** int(power or 0)
    if value != (-1 if m[1] else 1) * parse_number(digits) * scale:
        return None
    places = len(digits.split(".")[1]) if "." in digits else 0
    said = (f"to the {places} decimal place(s) written"
            + (f" of $10^{{{power}}}$" if power else "") if m[2] else
            f"to one significant digit ($10^{{{power}}}$ read as $1 \\times 10^{{{power}}}$)")
    half = sp.Rational(1, 2 * 10 ** places) * scale
    # significant digits of a mantissa 1: below it the digits are of the decade below
    # (960 is 9.6 x 10^2, not 1.0 x 10^3): the band below is a tenth of the band above
    low = half / 10 if power and parse_number(digits) == 1 else half
    return places, half, said, *((half, low) if m[1] else (low, half))


def decide_approx(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``expr \approx 0.45``: the enclosure of the constant ``expr`` lies in
    ``[0.445, 0.455]`` (half a unit of the last digit written)."""
    if not _APPROX_NUMBER.search(claim):
        return _unknown(claim, r"\approx needs a decimal number on its right, at the end")
    if lhs.free_symbols or lhs.atoms(Extremum):
        return _unknown(claim, r"\approx of an expression with variables")
    written = _half_unit(claim, rhs)
    if written is None:
        return _unknown(claim, r"\approx needs a decimal number on its right")
    _, half, said, below, above = written
    value = rhs
    try:
        with intervals.precision(200):
            enc = intervals.enclose(_explicit(lhs), {}, finite=True)
    except intervals.NotEnclosable as err:
        return Step(claim, "interval", UNKNOWN, f"no enclosure: {err}")
    return certify_enclosure(enc, value - below, value + above, claim, said)
