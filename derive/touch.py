r"""Touching points and periodic slacks in one variable (issue #11): two reductions of
``derive.realprove._decide`` the box search cannot make by itself.

* **periodic** (rule *periodicity*): the variable ``x`` enters the slack, and every condition
  of the domain, only through ``sin``, ``cos``, ``tan``, ``cot``, ``sec``, ``csc`` of ``q x +
  b`` (``q`` rational, ``b`` constant), e.g. ``\sqrt 2 - \sin x - \cos x`` on every real
  ``x``. Each such function returns to its value (and its definedness) after ``x -> x + T``
  with ``T = \pi t`` and ``t`` the least common multiple of ``2/|q|`` (``1/|q|`` for ``tan``,
  ``cot``); the shift is checked by the kernel as an identity (``f(x + T) = f(x)``), and the
  slack is decided on one window ``[a, b]`` with rational ends, ``b - a >= T`` (checked
  exactly), by the whole engine. ``\sin x + \cos(\sqrt 2 x)`` has no such ``T``: not this rule.
* **touching** (rule *case split*): the slack touches 0 at points ``c`` inside the domain that
  are not rational (``\sqrt 2 - \sin x - \cos x`` at ``\pi/4``, ``x - e \ln x`` at ``e``, ``5
  - 3 \sin x - 4 \cos x`` at ``\arctan(3/4)``). They are located numerically (floats only
  choose where to look), named exactly by SymPy (the derivative's roots by ``solve``;
  ``nsimplify`` of ``c``, of each trigonometric argument at ``c`` against ``\pi`` and of its
  ``\tan``, ``\cos``, of ``\ln c``, ``e^c``), and a name is kept only when the kernel shows
  the slack's value there exactly 0 and, where the slack is differentiable, its first
  derivative exactly 0 (``certify_identity``); a wrong name is dropped. The domain is cut
  at rationals on both sides of each such ``c``; the piece around ``c`` is moved to ``x = c
  + u`` (*change of variable*), so that the touching point is ``u = 0``, a rational where
  the box search checks value, slope and curvature exactly; the pieces between keep the
  domain's own ends; each is decided by the whole engine.

Both give up (None) when a premise is not proved. Only *periodic* refutes: at the point
where its window's claim is refuted (a point of the window is one of the domain).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from derive import clock, intervals
from derive.guard import Nesting
from derive.latex import math as tex_math
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_sign,
    time_limit,
)

MAX_NEST = 2  # reductions of this module inside the pieces of this module
MAX_OPS = 150  # larger slacks are left to the other methods
MAX_POINTS = 8  # touching points in one domain
GRID = 1200  # sample points of the numeric scan (floats choose where to look, never decide)
REACH = 64  # an unbounded domain is scanned on [-REACH, REACH] and out to 2^20 geometrically
DIGITS = 50
_TRIG = {sp.sin: 2, sp.cos: 2, sp.sec: 2, sp.csc: 2, sp.tan: 1, sp.cot: 1}  # period / pi
_KINKS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling)
_REL = CONSTRAINT_RELATIONS
_ACTIVE = Nesting()


def _rels(problem: BoxProblem) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints]


def _decide(slack: sp.Expr, strict: bool, domain: list, claim: str, seconds: float) -> Step:
    from derive import realprove  # (realprove imports this module)

    return realprove.decide(slack, strict, domain, claim, seconds=max(0.2, seconds))


# ------------------------------------------------------------------------ periodic

def _lcm(a: sp.Rational, b: sp.Rational) -> sp.Rational:
    """The least common multiple of two positive rationals."""
    a, b = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
    num = a.numerator * b.numerator // math.gcd(a.numerator, b.numerator)
    return sp.Rational(num, math.gcd(a.denominator, b.denominator))


def period(expr: sp.Expr, x: sp.Symbol) -> sp.Rational | None:
    """``t`` (rational, > 0) such that ``expr`` at ``x + \\pi t`` is ``expr`` at ``x`` in value
    and definedness, because ``x`` occurs only in ``sin``, ``cos``, ``tan``, ``cot``, ``sec``,
    ``csc`` of ``q x + b`` (``q`` rational, ``b`` free of ``x``) whose periods divide ``\\pi
    t``; 0 when ``x`` does not occur; None otherwise."""
    if x not in expr.free_symbols:
        return sp.Integer(0)
    if expr.func in _TRIG:
        arg = sp.expand(expr.args[0])
        q = arg.coeff(x)
        if q.is_Rational and q != 0 and x not in (arg - q * x).free_symbols:
            return sp.Integer(_TRIG[expr.func]) / abs(q)
    if expr == x or not expr.args:
        return None
    t = sp.Integer(0)
    for arg in expr.args:
        s = period(arg, x)
        if s is None:
            return None
        if s != 0:
            t = s if t == 0 else _lcm(t, s)
    return t


def periodic(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """The slack decided on one period (rule *periodicity*, see the module docstring), or
    None when the rule does not apply or a premise is not proved."""
    if len(problem.variables) != 1 or len(_ACTIVE) >= MAX_NEST:
        return None
    (x,) = problem.variables
    if problem.bounds[0] != (None, None):
        return None
    t = period(problem.slack, x)
    for g, _ in problem.constraints:
        s = period(g, x) if t is not None else None
        t = None if s is None else (t if s == 0 else s if t == 0 else _lcm(t, s))
    if not t:
        return None
    deadline = clock.now() + seconds
    T = sp.pi * t
    with _ACTIVE.enter():
        try:
            with time_limit(min(2.0, seconds / 4)):
                shift = certify_identity(problem.slack.xreplace({x: x + T}), problem.slack,
                                         f"{tex_math(x)} \\mapsto {tex_math(x + T)} leaves "
                                         "the slack unchanged")
        except StepTimeout:
            return None  # (its own limit)
        if shift.verdict != PROVED:
            return None
        a = _window_start(problem.slack, x, float(T))
        b = a + _above(T)
        width = certify_sign(b - a - T, f"{tex_math(b)} - ({tex_math(a)}) \\ge {tex_math(T)}")
        if width.verdict != PROVED:
            return None
        window = _decide(problem.slack, problem.strict, _rels(problem) + [x >= a, x <= b],
                         f"{claim} on {tex_math(a)} \\le {tex_math(x)} \\le {tex_math(b)}",
                         deadline - clock.now())
        if window.verdict == REFUTED:  # a point of the window is a point of the domain
            return Step(claim, "counterexample", REFUTED, window.reason)
        if window.verdict != PROVED:
            return None
        return apply_rule("periodicity", [shift, width, window], claim,
                          f"the slack has period {tex_math(T)} (each $x$ inside "
                          "trigonometric functions of rational multiples of $x$), and on "
                          f"the window {tex_math(sp.Interval(a, b))} of length $\\ge$ "
                          f"{tex_math(T)}: {window.reason}")


def _above(T: sp.Expr) -> sp.Rational:
    """A simple rational in ``[T, T + T/64]`` (``T > 0`` a constant)."""
    lo = sp.Rational(str(sp.N(T, 30))) + sp.Rational(1, 10 ** 20)
    return intervals.simplest_rational(lo, lo + lo / 64)




def _window_start(slack: sp.Expr, x: sp.Symbol, T: float) -> sp.Rational:
    """A simple rational near the largest value of the slack on ``[0, T]`` (numerically:
    only where the window starts, so that its ends are far from touching points)."""
    f = _numeric(slack, x)
    best, where = None, 0.0
    for k in range(64):
        v = f(T * k / 64)
        if v is not None and (best is None or v > best):
            best, where = v, T * k / 64
    step = Fraction(T / 256)
    lo = Fraction(where) - step
    q = intervals.simplest_fraction(lo, lo + 2 * step)
    return sp.Rational(q.numerator, q.denominator)


# ------------------------------------------------------------------------ numerics

def _numeric(expr: sp.Expr, x: sp.Symbol):
    """``expr`` as a function of a real number (mpmath at ``DIGITS``), None where it is not
    finite and real. For locating points only."""
    fn = sp.lambdify(x, expr, modules="mpmath")

    def f(v, digits=DIGITS):
        with mpmath.workdps(digits):
            try:
                y = fn(mpmath.mpf(v))
            except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                return None
            if isinstance(y, mpmath.mpc):
                if abs(y.imag) > mpmath.mpf(10) ** (-DIGITS // 2):
                    return None
                y = y.real
            return y if mpmath.isfinite(y) else None
    return f


def _grid(lo, hi) -> list[float]:
    lo = None if lo is None else float(lo)
    hi = None if hi is None else float(hi)
    a = -REACH if lo is None else lo
    b = REACH if hi is None else hi
    if lo is None and hi is not None:
        a = min(a, b - REACH)
    if hi is None and lo is not None:
        b = max(b, a + REACH)
    pts = [a + (b - a) * k / GRID for k in range(GRID + 1)]
    far = [2.0 ** (k / 8) for k in range(48, 161)]  # 2^6 .. 2^20
    if hi is None:
        pts += [b + d for d in far]
    if lo is None:
        pts = [a - d for d in reversed(far)] + pts
    return pts


def _floats(expr: sp.Expr, x: sp.Symbol, pts: np.ndarray) -> np.ndarray:
    """``expr`` at the points ``pts`` in floats (nan where not real and finite; mpmath
    point by point where NumPy has no such function). For locating points only."""
    try:
        fn = sp.lambdify(x, expr, modules="numpy")
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ys = np.broadcast_to(np.asarray(fn(pts), dtype=float), pts.shape)
        return np.where(np.isfinite(ys), ys, np.nan)
    except Exception:  # noqa: BLE001 -- no NumPy form: mpmath at 20 digits
        f = _numeric(expr, x)
        out = [f(float(v), 20) for v in pts]
        return np.array([np.nan if y is None else float(y) for y in out])


def _allowed(problem: BoxProblem, cons, v) -> bool:
    """Whether ``v`` is inside the domain with a margin (numerically)."""
    lo, hi = problem.bounds[0]
    if (lo is not None and v <= lo) or (hi is not None and v >= hi):
        return False
    tiny = mpmath.mpf(10) ** -12
    for g, kind in cons:
        y = g(v)
        if y is None or (kind == "ne" and abs(y) < tiny) or (kind != "ne" and y < tiny):
            return False
    return True


def golden(f, a, b, iters: int = 160):
    """The least value of ``f`` on ``[a, b]`` by golden-section search (its point)."""
    with mpmath.workdps(DIGITS):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        r = (mpmath.sqrt(5) - 1) / 2
        c, d = b - r * (b - a), a + r * (b - a)
        fc, fd = f(c), f(d)
        for _ in range(iters):
            if fc is None or fd is None:
                return None
            if fc < fd:
                b, d, fd = d, c, fc
                c = b - r * (b - a)
                fc = f(c)
            else:
                a, c, fc = c, d, fd
                d = a + r * (b - a)
                fd = f(d)
        return (a + b) / 2


def _newton(slope, c):
    """The zero of ``slope`` near ``c`` by Newton's method (secants) at ``DIGITS``, or ``c``
    when it does not converge close by (the golden section's point, good to half the
    digits)."""
    with mpmath.workdps(DIGITS):
        try:
            root = mpmath.findroot(lambda v: slope(v) if slope(v) is not None else mpmath.nan,
                                   c, tol=mpmath.mpf(10) ** (-DIGITS + 5))
        except (ValueError, ZeroDivisionError, TypeError):
            return c
        return root if abs(root - c) < mpmath.mpf(10) ** -12 else c


def _near_zero_minima(problem: BoxProblem, deadline: float) -> list:
    """Points (mpmath numbers) inside the domain, away from its ends, where the slack has a
    local minimum of value about 0."""
    (x,) = problem.variables
    f = _numeric(problem.slack, x)
    cons = [(_numeric(g, x), kind) for g, kind in problem.constraints]
    slope = None if problem.slack.has(*_KINKS) else _numeric(sp.diff(problem.slack, x), x)
    pts = np.array(_grid(*problem.bounds[0]))
    keep = np.ones(len(pts), dtype=bool)
    for g, kind in problem.constraints:
        y = _floats(g, x, pts)
        keep &= (np.abs(y) > 1e-12) if kind == "ne" else (y > 1e-12)
    lo, hi = problem.bounds[0]
    keep &= (pts > float(lo) if lo is not None else True) & (pts < float(hi) if hi is not None
                                                             else True)
    pts = pts[keep]
    vals = _floats(problem.slack, x, pts)
    if clock.now() > deadline:
        return []
    found: list = []
    for i in range(1, len(pts) - 1):
        y, left, right = vals[i], vals[i - 1], vals[i + 1]
        if not (np.isfinite(y) and np.isfinite(left) and np.isfinite(right)
                and y <= left and y <= right):
            continue
        scale = max(abs(left), abs(right), 1.0)
        if y > scale * 1e-2 or y < -scale * 1e-2:
            continue  # far from 0: no touching point here
        c = golden(f, float(pts[i - 1]), float(pts[i + 1]))
        if c is not None and slope is not None:
            c = _newton(slope, c)
        if c is None or not _allowed(problem, cons, c):
            continue
        y = f(c)
        if y is None or abs(y) > mpmath.mpf(10) ** (-DIGITS // 2):
            continue
        if not any(abs(c - d) < 1e-9 for d in found):
            found.append(c)
        if len(found) > MAX_POINTS or clock.now() > deadline:
            return []
    return found


# ------------------------------------------------------------------------ names

def _names(problem: BoxProblem, c, deadline: float) -> Iterator[sp.Expr]:
    """Exact candidates for the number ``c`` (mpmath), each numerically equal to it, the
    cheap ones first (lazily: the caller stops at the first the kernel accepts)."""
    (x,) = problem.variables
    slack = problem.slack
    seen: list[sp.Expr] = []
    s = mpmath.nstr(c, DIGITS - 10)
    tol = sp.Rational(1, 10 ** 25)

    def ns(value, constants=()):  # a short name for a number, or None
        try:
            with time_limit(max(0.05, min(0.5, deadline - clock.now()))):
                name = sp.nsimplify(value, list(constants), tolerance=tol)
        except (StepTimeout, ValueError, TypeError):
            return None
        return name if _simple(name) else None

    def guesses():
        with mpmath.workdps(DIGITS):
            # each trigonometric argument q x + b named at c (x = (angle - b)/q)
            angles = [(q, b, q * c + mpmath.mpf(str(sp.N(b, DIGITS))))
                      for q, b in _angles(slack, x)]
            for q, b, a in angles:
                yield _pi_multiple(a, ns), q, b
            yield ns(s), 1, 0
            yield ns(s, [sp.E]), 1, 0
            if c > 0:
                lg = ns(mpmath.nstr(mpmath.log(c), DIGITS - 10))
                yield (sp.exp(lg) if lg is not None else None), 1, 0
            if abs(c) < 100:
                ex = ns(mpmath.nstr(mpmath.exp(c), DIGITS - 10))
                yield (sp.log(ex) if ex is not None and ex.is_positive else None), 1, 0
            for q, b, a in angles:
                for g in _angle_names(a, ns):
                    yield g, q, b
        slope = sp.diff(slack, x)
        if not slack.has(*_KINKS) and sp.count_ops(slope) <= 60:
            try:
                with time_limit(max(0.05, min(0.5, deadline - clock.now()))):
                    roots = list(sp.solve(slope, x))
            except Exception:  # noqa: BLE001 -- SymPy failing or too slow: no such names
                roots = []
            for r in roots:  # (exact as they are, even with long numbers)
                yield r, 1, 0

    for g, q, b in guesses():
        if g is None or clock.now() > deadline:
            continue
        g = (g - b) / q
        if g.free_symbols or g in seen:
            continue
        try:
            v = sp.N(g, DIGITS - 10)
            if not v.is_real or abs(v - sp.Float(s, DIGITS - 10)) > sp.Float("1e-25"):
                continue
        except (TypeError, ValueError):
            continue
        seen.append(g)
        yield g


def _angles(slack: sp.Expr, x: sp.Symbol) -> list[tuple[sp.Rational, sp.Expr]]:
    """``(q, b)`` for each trigonometric argument ``q x + b`` of the slack (``q`` rational),
    ``(1, 0)`` first."""
    out = [(sp.Integer(1), sp.Integer(0))]
    for f in slack.atoms(*_TRIG):
        arg = sp.expand(f.args[0])
        q = arg.coeff(x)
        b = arg - q * x
        if q.is_Rational and q != 0 and x not in b.free_symbols and (q, b) not in out:
            out.append((q, b))
    return out


def _pi_multiple(a, ns) -> sp.Expr | None:
    """The angle ``a`` (mpmath) as a rational multiple of ``pi``, or None."""
    return ns(mpmath.nstr(a, DIGITS - 10), [sp.pi])


def _angle_names(a, ns) -> list[sp.Expr]:
    """Exact candidates for the angle ``a`` (mpmath): an ``atan`` or ``acos`` of an algebraic
    number, shifted by the right multiple of ``pi``."""
    names = []
    k = int(mpmath.floor(a / mpmath.pi + mpmath.mpf(1) / 2))  # a - k pi in [-pi/2, pi/2)
    t = ns(mpmath.nstr(mpmath.tan(a), DIGITS - 10))
    if t is not None:
        names.append(sp.atan(t) + k * sp.pi)
    m = int(mpmath.floor(a / (2 * mpmath.pi)))  # a - 2 m pi in [0, 2 pi)
    co = ns(mpmath.nstr(mpmath.cos(a), DIGITS - 10))
    if co is not None and abs(co) <= 1:
        names += [sp.acos(co) + 2 * m * sp.pi, 2 * (m + 1) * sp.pi - sp.acos(co)]
    return [n for n in names if n is not None]


def _rational_near(c) -> sp.Rational | None:
    """A rational of denominator below 10^6 within 10^-25 of ``c`` (mpmath), or None."""
    q = Fraction(mpmath.nstr(c, DIGITS - 10)).limit_denominator(10 ** 6)
    with mpmath.workdps(DIGITS):
        near = abs(mpmath.mpf(q.numerator) / q.denominator - c) < mpmath.mpf(10) ** -25
    return sp.Rational(q.numerator, q.denominator) if near else None


def _simple(e: sp.Expr) -> bool:
    """Whether every number in ``e`` is an integer or a fraction of modest size (the names
    worth trying: ``pi/4``, ``atan(3/4)``, not a 40-digit rational)."""
    return not e.has(sp.Float) and all(abs(r.p) < 10 ** 6 and r.q < 10 ** 6
                                       for r in e.atoms(sp.Rational))


def touching_point(problem: BoxProblem, c: sp.Expr, claim: str) -> list[Step] | None:
    """The kernel's steps that the slack's value at the exact point ``c`` is 0, and its first
    derivative too where the slack is differentiable (no ``|.|``, max, steps); None when one
    is not proved (a wrongly named point)."""
    (x,) = problem.variables
    value = certify_identity(problem.slack.xreplace({x: c}), sp.Integer(0),
                             f"the slack is 0 at {tex_math(sp.Eq(x, c, evaluate=False))}")
    if value.verdict != PROVED:
        return None
    if problem.slack.has(*_KINKS):
        return [value]
    slope = certify_identity(sp.diff(problem.slack, x).xreplace({x: c}), sp.Integer(0),
                             "its derivative is 0 there")
    return [value, slope] if slope.verdict == PROVED else None


# ------------------------------------------------------------------------ touching

def _irrational_ends(problem: BoxProblem) -> list[tuple[sp.Expr, bool]]:
    """``(c, upper)`` for each condition ``x <= c`` (``x >= c``) with ``c`` not rational."""
    (x,) = problem.variables
    out = []
    for g, kind in problem.constraints:
        if kind == "ne" or not g.is_polynomial(x) or sp.degree(g, x) != 1:
            continue
        a, b = sp.Poly(g, x).all_coeffs()
        c = -b / a
        if a.is_Rational and not c.free_symbols and not c.is_Rational and c.is_real:
            out.append((c, bool(a < 0)))
    return out


def touching(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """The domain cut at the slack's irrational touching points (see the module docstring),
    every piece proved by the whole engine (rule *case split*), or None."""
    if (len(problem.variables) != 1 or problem.strict or len(_ACTIVE) >= MAX_NEST
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        found = _near_zero_minima(problem, min(deadline, clock.now() + 0.25 * seconds))
        if not found:
            return None
        simple = [_rational_near(c0) for c0 in found]
        if all(r is not None for r in simple):
            return None  # rational touching points: the box search cuts there itself
        points, checks = [], []
        for c0 in found:
            for c in _names(problem, c0, deadline):
                try:
                    with time_limit(max(0.1, min(2.0, deadline - clock.now()))):
                        steps = touching_point(problem, c, claim)
                except StepTimeout:
                    return None  # (its own limit)
                if steps is not None:
                    points.append(c)
                    checks += steps
                    break
            else:
                return None  # a touching point without an exact name: the pieces would fail
        if all(c.is_Rational for c in points):
            return None  # rational touching points: the box search cuts there itself
        return _pieces(problem, claim, points, checks, deadline)


def _num(c: sp.Expr) -> float:
    return float(sp.N(c, 30))


def _pieces(problem: BoxProblem, claim: str, points: list, checks: list[Step],
            deadline: float) -> Step | None:
    """The domain cut at rationals on both sides of each irrational touching point ``c``
    (within half the way to its neighbours: the other touching points, the domain's ends);
    the piece around ``c`` moved to ``x = c + u`` (``u`` named ``x``, *change of variable*),
    so that the point is ``u = 0``, a rational the box search cuts at; the pieces between
    kept as they are; each decided by the whole engine (*case split*)."""
    (x,) = problem.variables
    points = sorted(points, key=_num)
    ends = _irrational_ends(problem)
    lo, hi = problem.bounds[0]
    low = max([_num(c) for c, up in ends if not up] + ([float(lo)] if lo is not None else []),
              default=None)
    high = min([_num(c) for c, up in ends if up] + ([float(hi)] if hi is not None else []),
               default=None)
    where = [_num(c) for c in points]
    pieces = []  # (lo, hi, point moved to 0 or None)
    start = None
    for k, c in enumerate(points):
        if c.is_Rational:
            continue  # (the box search cuts there itself)
        left = (where[k - 1] + where[k]) / 2 if k > 0 else (
            low if low is not None else where[k] - 1)
        right = (where[k] + where[k + 1]) / 2 if k + 1 < len(points) else (
            high if high is not None else where[k] + 1)
        a = _between(sp.Float(left, 30), c)
        b = _between(c, sp.Float(right, 30))
        pieces += [(start, a, None), (a, b, c)]
        start = b
    pieces.append((start, None, None))
    steps = []
    for k, (lo, hi, c) in enumerate(pieces):
        left = deadline - clock.now()
        if left < 0.2:
            return None
        share = left / (len(pieces) - k)
        cond = ([x >= lo] if lo is not None else []) + ([x <= hi] if hi is not None else [])
        # the domain's ends beyond the piece's cuts left out (a larger domain: a stronger
        # claim; the engine would move an irrational end the piece does not reach to 0)
        rels = [_REL[kind](g, 0) for g, kind in problem.constraints
                if not _beyond(g, kind, x, lo, hi)] + cond
        what = f"{claim} where {', '.join(tex_math(r) for r in cond)}"
        if c is None:
            step = _decide(problem.slack, False, rels, what, share)
        else:
            moved = [r.xreplace({x: c + x}) for r in rels]
            if any(r is sp.false for r in moved):
                continue  # (an empty piece)
            step = _decide(problem.slack.xreplace({x: c + x}), False,
                           [r for r in moved if r is not sp.true],
                           f"{what}, at {tex_math(x)} = {tex_math(c)} + {tex_math(x)}", share)
            step = apply_rule("change of variable", [step], what,
                              f"$x = {sp.latex(c)} + u$ ($u$ named $x$) maps the moved piece "
                              f"onto the piece: {step.reason}")
        if step.verdict != PROVED:
            return None
        steps.append(step)
    named = ", ".join(tex_math(sp.Eq(x, c, evaluate=False)) for c in points)
    cut = ", ".join(tex_math(p[1]) for p in pieces[:-1])
    what = "value" if problem.slack.has(*_KINKS) else "value and slope"
    return apply_rule("case split", checks + steps, claim,
                      f"the slack touches 0 at {named} ({what} exactly 0); the domain cut at "
                      f"{cut}, each part proved (around a touching point: moved to it)")


def _beyond(g: sp.Expr, kind: str, x: sp.Symbol, lo, hi) -> bool:
    """Whether the condition ``g >= 0`` (``> 0``) is an end ``x >= c`` below ``lo`` or ``x <=
    c`` above ``hi`` (numerically; leaving it out only makes the claim stronger)."""
    if kind == "ne" or not g.is_polynomial(x) or sp.degree(g, x) != 1:
        return False
    a, b = sp.Poly(g, x).all_coeffs()
    if not a.is_number or not b.is_number:
        return False
    c = float(sp.N(-b / a, 30))
    if a > 0:
        return lo is not None and c < float(sp.N(lo, 30)) - 1e-9
    return hi is not None and c > float(sp.N(hi, 30)) + 1e-9


def _between(a: sp.Expr, b: sp.Expr) -> sp.Rational:
    """A simple rational strictly between the constants ``a < b`` (the middle half)."""
    lo = sp.Rational(str(sp.N(a, 30)))
    hi = sp.Rational(str(sp.N(b, 30)))
    w = hi - lo
    return intervals.simplest_rational(lo + w / 4, hi - w / 4)
