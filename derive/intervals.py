r"""Rigorous interval arithmetic on SymPy expressions, on python-flint's ``arb``.

``enclose(expr, env)`` returns an interval guaranteed to contain the value of ``expr`` for
every choice of the free symbols inside the intervals of ``env``. Exact rationals and
decimal literals are converted to enclosing intervals (never through a rounded float).
Anything this evaluator does not know raises ``NotEnclosable``, so callers can say
``unknown`` instead of guessing.

The core (``Iv``, ``compile_expr``) keeps an interval as two exact endpoints ``[lo, hi]``
(``arb`` numbers of radius 0, or +-inf) and rounds every operation outward: the lower end
of a result is ``lower()`` of the ``arb`` ball computed from the endpoints, the upper end its
``upper()``. Elementary functions are arb's rigorous ``exp``, ``log``, ``tanh``, ``erf``,
... Monotone ones are evaluated at the two endpoints (the *endpoint form*), which stays tight
on wide boxes where a ball ``m +- r`` loses: ``exp`` on ``[0, 10]`` as a ball has a negative
lower end, and ``w^2 - 16`` on ``w in [4, 4.1]`` as a ball dips below 0, so its square root
(the exploding-window width at ``|w| = 4``) would be undefined. ``sin`` and ``cos`` use the
ball. The public ``Interval`` stays mpmath's ``iv.mpf`` (its ends ``.a``, ``.b`` are exact
dyadic ``mpf``), converted exactly from the core's endpoints, so callers that mix it with
``mpmath.iv`` keep working.

Two readings of an expression on a box (``Compiled.__call__``):

* ``defined=True``: every subexpression must be real, defined and finite on the whole box
  (else ``NotEnclosable``): at a point this says the expression has a real value there.
* ``defined=False``: the enclosure of the values at the points of the box where every
  subexpression is defined (the textbook reading of a statement), or ``None`` if there is no
  such point. ``log`` on ``[-1, 4]`` is ``[-oo, log 4]``, ``1/x`` on ``[0, 2]`` is
  ``[1/2, +oo]``. SymPy's values count: ``a^t`` with a variable exponent is real at
  ``a < 0`` for integer ``t`` and at ``a = 0`` for ``t >= 0`` (``0^0 = 1``).

Two forms keep a bound where the plain one loses it next to 0: ``a^t`` whose base's
enclosure rounding carried a little below 0 (``_negative_base``: the integers of ``t`` one by
one), and ``R x^{-p}`` with ``R = 0`` at ``x = 0`` on a box starting there
(``_vanishing_quotient``: the mean value theorem, ``\ln(1 - x)/\sqrt{x}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from fractions import Fraction
from functools import lru_cache
import math

import mpmath
import sympy as sp
from flint import arb, ctx, fmpq
from mpmath import iv
from mpmath.libmp import finf, fninf, from_man_exp

from derive.activations import ACTIVATIONS, AbstractActivation, AbstractDerivative

Interval = type(iv.mpf(0))

POS_INF = arb.pos_inf()
NEG_INF = arb.neg_inf()
ZERO = arb(0)


class NotEnclosable(ValueError):
    """The expression uses something the interval evaluator cannot enclose rigorously."""


class _Limits:
    """The public ``enclose`` reading without ``finite``: like the textbook reading (falsy),
    but an open end of a function's domain touched by the argument gives the function's
    limit there (``log`` on ``[0, 0]`` is ``-oo``), as mpmath's intervals did."""

    def __bool__(self) -> bool:
        return False


LIMITS = _Limits()


class _Nowhere(Exception):
    """No point of the box has every subexpression defined (``defined=False`` reading)."""


@contextmanager
def precision(bits: int) -> Iterator[None]:
    """Run the interval arithmetic inside at ``bits`` bits of working precision."""
    old_iv, old_arb = iv.prec, ctx.prec
    iv.prec = ctx.prec = bits
    try:
        yield
    finally:
        iv.prec, ctx.prec = old_iv, old_arb


def working_precisions() -> tuple[int, int, int]:
    """mpmath's (``mp``, ``iv``) and python-flint's working precisions, in bits."""
    return mpmath.mp.prec, iv.prec, ctx.prec


def set_working_precisions(bits: tuple[int, int, int]) -> None:
    """Restore what ``working_precisions`` returned."""
    mpmath.mp.prec, iv.prec, ctx.prec = bits


# ----------------------------------------------------------------------------- endpoints

def _dn(x: arb) -> arb:
    """An exact lower bound of the ball ``x`` (``-oo`` if ``x`` is NaN)."""
    return NEG_INF if x.is_nan() else x.lower()


def _up(x: arb) -> arb:
    """An exact upper bound of the ball ``x`` (``+oo`` if ``x`` is NaN)."""
    return POS_INF if x.is_nan() else x.upper()


def _finite(x: arb) -> bool:
    return x.is_finite()


def _mul_dn(x: arb, y: arb) -> arb:
    return ZERO if x.is_zero() or y.is_zero() else _dn(x * y)


def _mul_up(x: arb, y: arb) -> arb:
    return ZERO if x.is_zero() or y.is_zero() else _up(x * y)


class Iv:
    """The closed interval ``[lo, hi]`` with exact ``arb`` endpoints (possibly +-inf)."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo: arb, hi: arb):
        self.lo = lo
        self.hi = hi

    @staticmethod
    def of(value: arb | int | fmpq) -> Iv:
        """The tightest exact-endpoint interval around ``value`` (a ball or a number)."""
        b = value if isinstance(value, arb) else arb(value)
        if b.is_exact():
            return Iv(b, b)
        return Iv(_dn(b), _up(b))

    def ball(self) -> arb:
        """The ball containing this interval (for functions evaluated on a ball)."""
        return self.lo.union(self.hi)

    def is_finite(self) -> bool:
        return _finite(self.lo) and _finite(self.hi)

    def __add__(self, o: Iv) -> Iv:
        return Iv(_dn(self.lo + o.lo), _up(self.hi + o.hi))

    def __neg__(self) -> Iv:
        return Iv(-self.hi, -self.lo)

    def __sub__(self, o: Iv) -> Iv:
        return Iv(_dn(self.lo - o.hi), _up(self.hi - o.lo))

    def __mul__(self, o: Iv) -> Iv:
        # by the signs of the factors: the two products that are the least and the greatest
        # (both straddling 0: two candidates each); exact endpoints, so arb's comparisons
        # are always decided, and rounding outward is monotone
        a, b, c, d = self.lo, self.hi, o.lo, o.hi
        if a >= 0:
            if c >= 0:
                return Iv(_mul_dn(a, c), _mul_up(b, d))
            if d <= 0:
                return Iv(_mul_dn(b, c), _mul_up(a, d))
            return Iv(_mul_dn(b, c), _mul_up(b, d))
        if b <= 0:
            if c >= 0:
                return Iv(_mul_dn(a, d), _mul_up(b, c))
            if d <= 0:
                return Iv(_mul_dn(b, d), _mul_up(a, c))
            return Iv(_mul_dn(a, d), _mul_up(a, c))
        if c >= 0:
            return Iv(_mul_dn(a, d), _mul_up(b, d))
        if d <= 0:
            return Iv(_mul_dn(b, c), _mul_up(a, c))
        return Iv(min(_mul_dn(a, d), _mul_dn(b, c)), max(_mul_up(a, c), _mul_up(b, d)))

    def recip(self, strict: bool) -> Iv:
        """``1/x`` over the points of ``x`` other than 0."""
        a, b = self.lo, self.hi
        if a > 0 or b < 0:
            return Iv(_dn(1 / b), _up(1 / a))
        if strict:
            raise NotEnclosable("division by an interval containing 0")
        if a.is_zero() and b.is_zero():
            if strict is LIMITS:
                return Iv(NEG_INF, POS_INF)
            raise _Nowhere
        if a.is_zero():
            return Iv(_dn(1 / b), POS_INF)
        if b.is_zero():
            return Iv(NEG_INF, _up(1 / a))
        return Iv(NEG_INF, POS_INF)

    def pow_int(self, n: int, strict: bool) -> Iv:
        """``x**n`` for an integer ``n`` (endpoint form; even powers of a sign-changing
        interval start at 0)."""
        if n < 0:
            return self.pow_int(-n, strict).recip(strict)
        if n == 0:
            return Iv(arb(1), arb(1))
        if n == 1:
            return self
        a, b = self.lo, self.hi
        if n % 2 or a >= 0:
            return Iv(_dn(a ** n), _up(b ** n))
        if b <= 0:
            return Iv(_dn(b ** n), _up(a ** n))
        return Iv(ZERO, max(_up(a ** n), _up(b ** n)))

    def __repr__(self) -> str:
        return f"[{self.lo.str(radius=False)}, {self.hi.str(radius=False)}]"


# -------------------------------------------------------------------------- functions

def _clip(x: Iv, lo: arb, hi: arb, lo_open: bool, hi_open: bool, strict: bool, name: str) -> Iv:
    """Intersect ``x`` with the domain ``[lo, hi]`` of a function (ends open as flagged)."""
    # an infinite end of the domain is never reached by a real value
    inside = (lo == NEG_INF or ((x.lo > lo) if lo_open else (x.lo >= lo))) and (
        hi == POS_INF or ((x.hi < hi) if hi_open else (x.hi <= hi)))
    if inside:
        return x
    if strict:
        raise NotEnclosable(f"{name}: argument {x} leaves its domain")
    if x.hi < lo or x.lo > hi or (strict is not LIMITS and (
            (lo_open and x.hi <= lo) or (hi_open and x.lo >= hi))):
        raise _Nowhere
    # only an open end of the domain is touched: its limit (``log 0 = -oo``), vacuous but
    # what mpmath's intervals gave here
    return Iv(max(x.lo, lo), min(x.hi, hi))


def _at(f: Callable[[arb], arb], x: arb, limits: tuple[arb, arb] | None) -> arb:
    if x == POS_INF and limits is not None:
        return limits[1]
    if x == NEG_INF and limits is not None:
        return limits[0]
    return f(x)


def _monotone(f: Callable[[arb], arb], increasing: bool, limits: tuple[arb, arb] | None,
              domain: tuple | None = None, name: str = "") -> Callable[[Iv, bool], Iv]:
    """A monotone function in endpoint form: ``[f(lo), f(hi)]`` (or swapped), each end
    rounded outward; ``limits`` are its values at -oo and +oo."""

    def apply(x: Iv, strict: bool) -> Iv:
        if domain is not None:
            x = _clip(x, *domain, strict, name)
        lo, hi = (x.lo, x.hi) if increasing else (x.hi, x.lo)
        return Iv(_dn(_at(f, lo, limits)), _up(_at(f, hi, limits)))

    return apply


def _on_ball(f: Callable[[arb], arb], bound: tuple[int, int] | None = None):
    """A function evaluated on the ball around the interval (``sin``, ``cos``)."""

    def apply(x: Iv, strict: bool) -> Iv:
        if not x.is_finite():
            if bound is None:
                return Iv(NEG_INF, POS_INF)
            return Iv(arb(bound[0]), arb(bound[1]))
        y = f(x.ball())
        lo, hi = _dn(y), _up(y)
        if bound is not None:
            lo, hi = max(lo, arb(bound[0])), min(hi, arb(bound[1]))
        return Iv(lo, hi)

    return apply


def _periodic(f: Callable[[arb], arb], shift: Callable[[], arb]):
    """``sin`` / ``cos`` in endpoint form: the values at the two ends, widened to ``+-1`` at
    each turning point ``shift + n pi`` (value ``(-1)^n``) that may lie in the interval
    (wide or infinite intervals: ``[-1, 1]``)."""

    def apply(x: Iv, strict: bool) -> Iv:
        one = arb(1)
        if not x.is_finite() or x.hi - x.lo > 7:
            return Iv(-one, one)
        fa, fb = f(x.lo), f(x.hi)
        lo, hi = min(_dn(fa), _dn(fb)), max(_up(fa), _up(fb))
        pi, c0 = arb.pi(), shift()
        k = ((x.lo - c0) / pi).mid().floor().unique_fmpz()
        if k is None:
            return Iv(-one, one)
        first = int(k) - 1
        for n in range(first, first + 5):
            c = c0 + n * pi
            if _up(c) >= x.lo and _dn(c) <= x.hi:  # the turning point may be inside
                if n % 2:
                    lo = -one
                else:
                    hi = one
        return Iv(max(lo, -one), min(hi, one))

    return apply


def _cosh(x: Iv, strict: bool) -> Iv:
    if x.lo >= 0:
        return Iv(_dn(x.lo.cosh()), _up(x.hi.cosh()))
    if x.hi <= 0:
        return Iv(_dn(x.hi.cosh()), _up(x.lo.cosh()))
    return Iv(arb(1), max(_up(x.lo.cosh()), _up(x.hi.cosh())))


def _abs(x: Iv, strict: bool) -> Iv:
    if x.lo >= 0:
        return x
    if x.hi <= 0:
        return -x
    return Iv(ZERO, max(-x.lo, x.hi))


def _tan(x: Iv, strict: bool) -> Iv:
    c = _on_ball(lambda b: b.cos(), (-1, 1))(x, strict)
    return _on_ball(lambda b: b.sin(), (-1, 1))(x, strict) * c.recip(strict)


def _cot(x: Iv, strict: bool) -> Iv:
    """``cos / sin`` (not ``1 / tan``: tan has a pole at pi/2, where cot is 0)."""
    s = _on_ball(lambda b: b.sin(), (-1, 1))(x, strict)
    return _on_ball(lambda b: b.cos(), (-1, 1))(x, strict) * s.recip(strict)


def _pi() -> arb:
    return arb.pi()


_FUNCS: dict[type, Callable[[Iv, bool], Iv]] = {
    sp.exp: _monotone(arb.exp, True, (ZERO, POS_INF)),
    sp.log: _monotone(arb.log, True, (NEG_INF, POS_INF),
                      (ZERO, POS_INF, True, True), "log"),
    sp.tanh: _monotone(arb.tanh, True, (arb(-1), arb(1))),
    sp.sinh: _monotone(arb.sinh, True, (NEG_INF, POS_INF)),
    sp.asinh: _monotone(arb.asinh, True, (NEG_INF, POS_INF)),
    sp.atan: _monotone(arb.atan, True, None),
    sp.erf: _monotone(arb.erf, True, (arb(-1), arb(1))),
    sp.erfc: _monotone(arb.erfc, False, (arb(2), ZERO)),
    sp.atanh: _monotone(arb.atanh, True, None, (arb(-1), arb(1), True, True), "atanh"),
    sp.asin: _monotone(arb.asin, True, None, (arb(-1), arb(1), False, False), "asin"),
    sp.acos: _monotone(arb.acos, False, None, (arb(-1), arb(1), False, False), "acos"),
    sp.acosh: _monotone(arb.acosh, True, (NEG_INF, POS_INF), (arb(1), POS_INF, False, True),
                        "acosh"),
    sp.cosh: _cosh,
    sp.Abs: _abs,
    sp.sin: _periodic(arb.sin, lambda: arb.pi() / 2),
    sp.cos: _periodic(arb.cos, lambda: arb(0)),
    sp.tan: _tan,
    sp.cot: _cot,
}
_SQRT = _monotone(arb.sqrt, True, (NEG_INF, POS_INF), (ZERO, POS_INF, False, True), "sqrt")
_LOG, _EXP = _FUNCS[sp.log], _FUNCS[sp.exp]


def _rpow(r: fmpq) -> Callable[[Iv, bool], Iv]:
    """``x**r`` for a non-integer rational ``r``: real for ``x >= 0`` (SymPy's principal
    root is not real for ``x < 0``), monotone, ``0**r = 0`` for ``r > 0`` and ``+oo`` (the
    limit at the open end of its domain) for ``r < 0``."""
    ar = arb(r)

    def f(e: arb) -> arb:  # at 0: the value 0 (r > 0), the limit +oo (r < 0)
        if e.is_zero():
            return ZERO if r > 0 else POS_INF
        return e ** ar

    if r > 0:
        return _monotone(f, True, (ZERO, POS_INF), (ZERO, POS_INF, False, True), "power")
    return _monotone(f, False, (POS_INF, ZERO), (ZERO, POS_INF, True, True), "power")


def _power_log_pair(e: sp.Mul) -> tuple[tuple, list] | None:
    """``((u, a, k), rest)`` when the product ``e`` has the factors ``u^a`` (a
    rational ``a > 0``, ``u`` itself for ``a = 1``) and ``(log u)^k`` (an integer ``k >= 1``):
    enclosed as one function of ``u`` (``_power_log``), which stays bounded where ``u -> 0``
    (``x ln x``)."""
    factors = list(e.args)
    for lg in factors:
        base, k = (lg.base, lg.exp) if lg.is_Pow else (lg, sp.Integer(1))
        if not isinstance(base, sp.log) or len(base.args) != 1 or not (k.is_Integer and k >= 1):
            continue
        u = base.args[0]
        for pw in factors:
            if pw is lg:
                continue
            if pw == u:
                a = sp.Integer(1)
            elif pw.is_Pow and pw.base == u and pw.exp.is_Rational and pw.exp > 0:
                a = pw.exp
            else:
                continue
            rest = [f for f in factors if f is not lg and f is not pw]
            return (u, a, int(k)), rest
    return None


def _power_log(a: fmpq, k: int = 1) -> Callable[[Iv, bool], Iv]:
    """``u^a (ln u)^k`` (rational ``a > 0``, integer ``k >= 1``) as one function of ``u``,
    defined for ``u > 0``: 0 in the limit ``u -> 0``, ``+oo`` at ``+oo``; its derivative
    ``u^(a-1) (ln u)^(k-1) (a ln u + k)`` vanishes only at ``c = e^{-k/a}`` (the value
    ``(-k/a)^k e^{-k}``) and, for ``k >= 2``, at ``u = 1`` (the value 0), so it is monotone
    between them: on an interval its values lie between the values at the interval's ends
    and at the critical points the interval may hold."""
    ar = arb(a)
    crit = [((-k / ar).exp(), (-k / ar) ** k * arb(-k).exp())]
    if k >= 2:
        crit.append((arb(1), ZERO))

    def f(x: arb) -> arb:  # at 0 the limit 0, at +oo the limit +oo
        if x.is_zero():
            return ZERO
        if x == POS_INF:
            return POS_INF
        return x ** ar * x.log() ** k

    def apply(x: Iv, strict: bool) -> Iv:
        x = _clip(x, ZERO, POS_INF, True, True, strict, "log")
        lo, hi = x.lo, x.hi
        values = [f(lo), f(hi)] + [v for c, v in crit if not (c < lo) and not (c > hi)]
        return Iv(min(_dn(v) for v in values), max(_up(v) for v in values))

    return apply


_GROWTH = {sp.exp: "exp", sp.sinh: "sinh", sp.cosh: "cosh"}


def _growth_pair(e: sp.Mul) -> tuple[tuple, list] | None:
    """``((u^-k, g(u)^m, k, m, g), rest)`` when the product ``e`` has the factors ``u^-k``
    (a rational ``k > 0``) and ``g(u)^m`` (an integer ``m >= 1``, ``g`` one of ``exp``,
    ``sinh``, ``cosh``): on a tail of ``u`` enclosed as one increasing function of ``u``
    (``_growth``: ``sinh(x)^2 / x^2`` on ``[R, oo)`` is at least its value at ``R``)."""
    factors = list(e.args)
    for pw in factors:
        if not (pw.is_Pow and pw.exp.is_Rational and pw.exp < 0):
            continue
        u = pw.base
        for g in factors:
            base, m = (g.base, g.exp) if g.is_Pow else (g, sp.Integer(1))
            if g is pw or not (m.is_Integer and m >= 1) or base.func not in _GROWTH:
                continue
            c = sp.cancel(base.args[0] / u)  # g(c u), a rational c > 0
            if not (c.is_Rational and c > 0):
                continue
            rest = [f for f in factors if f is not pw and f is not g]
            return (pw, g, -pw.exp, int(m), _GROWTH[base.func], c), rest
    return None


def _growth(k: sp.Rational, m: int, name: str, c: sp.Rational, power: Node, grow: Node):
    """``g(c u)^m / u^k`` (``g`` = ``exp``, ``sinh``, ``cosh``; rationals ``c, k > 0``) on an
    interval of ``u`` from ``L`` on: increasing there when its log-derivative ``m c
    g'(w)/g(w) - k/u`` (``w = c u``) is ``> 0``, that is ``w g'(w)/g(w) > k/m``, which holds
    for ``w >= k/m`` (``exp``: ``w``; ``sinh``: ``w coth w > w``) and for ``w >= max(1,
    2k/m)`` (``cosh``: ``w tanh w >= w tanh 1 > 0.76 w``). Elsewhere the product of the two
    enclosures."""
    q = fmpq(int(k.p), int(k.q)) / m
    fc = fmpq(int(c.p), int(c.q))
    start = {"exp": q, "sinh": q, "cosh": max(fmpq(1), 2 * q)}[name] / fc
    start = max(start, fmpq(1, 2 ** 20))  # (u > 0)
    fn = {"exp": arb.exp, "sinh": arb.sinh, "cosh": arb.cosh}[name]
    ak = arb(k.p) / arb(k.q)
    ac = arb(fc)

    def value(x: arb) -> arb:
        if x == POS_INF:
            return POS_INF
        return fn(ac * x) ** m / x ** ak

    def apply(x: Iv, env, strict) -> Iv:
        if x.lo >= arb(start):
            return Iv(_dn(value(x.lo)), _up(value(x.hi)))
        return power(env, strict) * grow(env, strict)

    return apply


# not smooth where defined: the mean value theorem is not used across them
_KINKS = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling)
_QUOTIENTS: list = []  # the quotients being compiled


def _vanishing_quotient(e: sp.Mul, index: Mapping[sp.Symbol, int]) -> Node | None:
    r"""``R x^{-p}`` (a product with the factor ``x^{-p}``, ``x`` a variable, rational ``0 < p
    < 1``, where the rest ``R`` is exactly 0 at ``x = 0``: ``\ln(1 - x)/\sqrt{x}``) on a box
    whose ``x`` starts at 0: by the mean value theorem ``R(x) = x R_x(\xi)`` with ``\xi`` in
    ``[0, x]``, so ``R x^{-p} = x^{1 - p} R_x(\xi)`` at the points ``x > 0`` (where it is
    defined), when ``R`` and ``R_x`` are defined on the whole box (``R`` differentiable
    there); the plain product's enclosure is kept too (their intersection). Elsewhere, and in
    the strict reading (``x = 0`` is not a point of the product's domain), the product."""
    if _QUOTIENTS:
        return None
    for f in e.args:
        # (not p = 1: sin x / x is met by the engine's other forms, and enclosing it tightly
        # changed the paths of nested decisions: heldout11's sinhc-exp was lost)
        if not (f.is_Pow and f.base.is_Symbol and f.base in index and f.exp.is_Rational
                and -1 < f.exp < 0):
            continue
        v, p = f.base, -f.exp
        rest = sp.Mul(*[g for g in e.args if g is not f])
        if (not rest.has(v) or rest.has(*_KINKS, AbstractActivation, AbstractDerivative)
                or rest.xreplace({v: sp.Integer(0)}) != 0):
            continue
        _QUOTIENTS.append(e)  # (no such quotient inside its own parts: their derivatives
        try:  # would nest without end)
            r, dr = _compile(rest, index), _compile(sp.diff(rest, v), index)
        except NotEnclosable:
            continue
        finally:
            _QUOTIENTS.pop()
        plain = _compile_product(e, index)
        i = index[v]
        root = _rpow(fmpq(int((1 - p).p), int((1 - p).q)))

        def node(env, strict, plain=plain, r=r, dr=dr, i=i, root=root):
            out = plain(env, strict)
            x = env[i]
            if strict or not x.lo.is_zero() or not x.hi > 0 or not x.is_finite():
                return out  # (x > 0 at some point of the box: both hold its values)
            try:
                r(env, True)
                slope = dr(env, True)
            except (NotEnclosable, _Nowhere, ZeroDivisionError, ValueError, ArithmeticError):
                return out
            near = root(x, True) * slope
            return Iv(max(out.lo, near.lo), min(out.hi, near.hi))

        return node
    return None


def _compile_product(e: sp.Mul, index: Mapping[sp.Symbol, int]) -> Node:
    """The product of the factors' enclosures."""
    return _product([_compile(a, index) for a in e.args])


def _product(args: list[Node]) -> Node:
    first, rest = args[0], args[1:]

    def mul(env, strict):
        out = first(env, strict)
        for a in rest:
            out = out * a(env, strict)
        return out
    return mul


def _max(*xs: Iv) -> Iv:
    return Iv(max((x.lo for x in xs)), max((x.hi for x in xs)))


def _min(*xs: Iv) -> Iv:
    return Iv(min((x.lo for x in xs)), min((x.hi for x in xs)))


def _heaviside0(x: Iv) -> Iv:
    if x.lo > 0:
        return Iv(arb(1), arb(1))
    if x.hi <= 0:
        return Iv(ZERO, ZERO)
    return Iv(ZERO, arb(1))


def _sign(x: Iv) -> Iv:
    lo = arb(-1) if x.lo < 0 else (ZERO if x.lo.is_zero() else arb(1))
    hi = arb(1) if x.hi > 0 else (ZERO if x.hi.is_zero() else arb(-1))
    return Iv(lo, hi)


# --------------------------------------------------------------------------- compiler

Node = Callable[[Sequence[Iv], bool], Iv]


def _const(value: arb) -> Node:
    cache: dict[int, Iv] = {}

    def node(env, strict):
        # constants are re-rounded at the current precision, cached per precision
        got = cache.get(ctx.prec)
        if got is None:
            got = cache[ctx.prec] = Iv.of(value() if callable(value) else value)
        return got

    return node


def _number(e: sp.Expr) -> Node:
    if e.is_Integer:
        v = arb(int(e))
        return lambda env, strict: Iv(v, v)
    if e.is_Rational:
        q = fmpq(int(e.p), int(e.q))
        return _const(lambda: arb(q))
    if e.is_Float:
        text = str(e)  # SymPy's decimal: read exactly as that decimal string (enclosed)
        return _const(lambda: arb(text))
    raise NotEnclosable(f"not a finite real number: {e}")


def _compile(e: sp.Basic, index: Mapping[sp.Symbol, int]) -> Node:
    """Translate ``e`` into a closure ``node(env, strict) -> Iv``."""
    if e.is_Symbol:
        if e not in index:
            raise NotEnclosable(f"no interval given for {e}")
        i = index[e]
        return lambda env, strict: env[i]
    if e.is_Number:
        return _number(e)
    if e is sp.pi:
        return _const(_pi)
    if e is sp.E:
        return _const(lambda: arb(1).exp())
    if isinstance(e, (AbstractActivation, AbstractDerivative)):
        return _compile(ACTIVATIONS[e.activation].to_explicit(e), index)
    if isinstance(e, sp.Heaviside):
        if len(e.args) > 1 and e.args[1] != 0:
            raise NotEnclosable("only Heaviside(x, 0) is supported")
        arg = _compile(e.args[0], index)
        return lambda env, strict: _heaviside0(arg(env, strict))
    if e.is_Pow:
        return _compile_pow(e, index)
    if e.is_Mul:
        quotient = _vanishing_quotient(e, index)
        if quotient is not None:
            return quotient
        pair = _power_log_pair(e)
        if pair is not None:
            (base, a, k), rest = pair
            u = _compile(base, index)
            f = _power_log(fmpq(int(a.p), int(a.q)), k)
            node = lambda env, strict: f(u(env, strict), strict)
            if not rest:
                return node
            other = _compile(sp.Mul(*rest), index)
            return lambda env, strict: node(env, strict) * other(env, strict)
        pair = _growth_pair(e)
        if pair is not None:
            (power, grow, k, m, name, c), rest = pair
            u = _compile(power.base, index)
            f = _growth(k, m, name, c, _compile(power, index), _compile(grow, index))
            node = lambda env, strict: f(u(env, strict), env, strict)
            if not rest:
                return node
            other = _compile(sp.Mul(*rest), index)
            return lambda env, strict: node(env, strict) * other(env, strict)
    args = [_compile(a, index) for a in e.args]
    if e.is_Add:
        first, rest = args[0], args[1:]

        def add(env, strict):
            out = first(env, strict)
            for a in rest:
                out = out + a(env, strict)
            return out
        return add
    if e.is_Mul:
        return _product(args)
    if isinstance(e, (sp.Max, sp.Min)):
        comb = _max if isinstance(e, sp.Max) else _min
        return lambda env, strict: comb(*(a(env, strict) for a in args))
    if isinstance(e, sp.sign):
        return lambda env, strict: _sign(args[0](env, strict))
    if e.func in (sp.sech, sp.csch, sp.sec, sp.csc, sp.coth):
        base = {sp.sech: sp.cosh, sp.csch: sp.sinh, sp.sec: sp.cos, sp.csc: sp.sin,
                sp.coth: sp.tanh}[e.func]
        inner = _FUNCS[base]
        return lambda env, strict: inner(args[0](env, strict), strict).recip(strict)
    fn = _FUNCS.get(e.func)
    if fn is None or len(args) != 1:
        raise NotEnclosable(f"cannot enclose {e.func.__name__}")
    (arg,) = args
    return lambda env, strict: fn(arg(env, strict), strict)


def _compile_pow(e: sp.Pow, index) -> Node:
    base, ex = e.args
    b = _compile(base, index)
    if ex.is_Integer and ex < 0 and isinstance(base, (sp.tan, sp.cot)):
        # 1/tan u is cot u where both are defined, and finite where tan has its pole: the
        # points where it is defined (strict: all of the box) read as written
        other, arg, n = _FUNCS[sp.cot if isinstance(base, sp.tan) else sp.tan], _compile(
            base.args[0], index), -int(ex)
        return lambda env, strict: (b(env, strict).pow_int(int(ex), strict) if strict
                                    else other(arg(env, strict), strict).pow_int(n, strict))
    if ex.is_Integer:
        n = int(ex)
        return lambda env, strict: b(env, strict).pow_int(n, strict)
    if ex == sp.Rational(1, 2):
        return lambda env, strict: _SQRT(b(env, strict), strict)
    if ex.is_Rational:
        f = _rpow(fmpq(int(ex.p), int(ex.q)))
        return lambda env, strict: f(b(env, strict), strict)
    x = _compile(ex, index)

    def power(env, strict):
        a, t = b(env, strict), x(env, strict)
        if not strict and a.lo < 0:
            # a**t is also real for a < 0 at an integer t ((-2)**2 = 4)
            return _negative_base(a, t)
        # only a = 0 is in the domain (a > 0 has 0 as a limit): 0**t = 0 (t > 0), 1 (t = 0)
        if not strict and a.hi.is_zero():
            if t.hi < 0:
                raise _Nowhere
            return Iv(ZERO if t.hi > 0 else arb(1), arb(1) if t.lo <= 0 else ZERO)
        if strict and a.lo.is_zero() and t.lo > 0:
            return _zero_base(a, t, strict)
        # a**t = exp(t log a), for a > 0 (0**t: the limit exp(-oo) = 0, 0**0 = exp(0) = 1)
        return _EXP(t * _LOG(a, strict), strict)

    return power


MAX_INTEGER_EXPONENTS = 16  # a < 0: the integers of t's interval enclosed one by one


def _zero_base(a: Iv, t: Iv, strict: bool) -> Iv:
    """``a^t`` for ``a`` in ``[0, b]`` and ``t`` in ``[c, d]``, ``c > 0``: defined at every
    point (``0^t = 0``), with values in ``[0, max(b^c, b^d)]`` (``a^t <= b^t``, and ``b^t`` is
    monotone in ``t``: the end of ``t`` that is greatest)."""
    if a.hi.is_zero():
        return Iv(ZERO, ZERO)
    top = _EXP(t * _LOG(Iv(a.hi, a.hi), strict), strict)
    return Iv(ZERO, top.hi)


def _negative_base(a: Iv, t: Iv) -> Iv:
    """``a^t`` (textbook reading) for ``a`` in ``[p, q]`` with ``p < 0``: the points ``a < 0``
    are defined only at an integer ``t = n`` (value ``a^n``), the points ``a >= 0`` as
    ``e^{t ln a}`` (``0^t``: 0 for ``t > 0``, 1 for ``t = 0``). The union of the parts (a
    base that rounding carried a little below 0, ``cos x`` next to ``pi/2``, keeps its
    bound); ``[-oo, oo]`` when ``t`` holds more than ``MAX_INTEGER_EXPONENTS`` integers."""
    if not t.is_finite():
        return Iv(NEG_INF, POS_INF)
    parts = []
    first, last = _up(t.lo.ceil()), _dn(t.hi.floor())
    if first <= last:
        n0, count = first.unique_fmpz(), (last - first).unique_fmpz()
        if n0 is None or count is None or count >= MAX_INTEGER_EXPONENTS:
            return Iv(NEG_INF, POS_INF)
        neg = Iv(a.lo, min(a.hi, ZERO))
        parts = [neg.pow_int(int(n0) + k, False) for k in range(int(count) + 1)]
    if a.hi > 0:
        parts.append(_EXP(t * _LOG(Iv(ZERO, a.hi), False), False))
    elif a.hi.is_zero() and t.hi >= 0:
        parts.append(Iv(ZERO if t.hi > 0 else arb(1), arb(1) if t.lo <= 0 else ZERO))
    if not parts:
        raise _Nowhere
    return Iv(min(p.lo for p in parts), max(p.hi for p in parts))


class Compiled:
    """A SymPy expression compiled once for enclosures over many boxes."""

    def __init__(self, expr: sp.Expr, symbols: Sequence[sp.Symbol]):
        self.expr = expr
        self.symbols = tuple(symbols)
        self._node = _compile(sp.sympify(expr), {s: i for i, s in enumerate(self.symbols)})

    def __call__(self, env: Sequence[Iv], defined: bool | _Limits = False) -> Iv | None:
        """The enclosure on the box ``env`` (one ``Iv`` per symbol; see the module
        docstring for ``defined``); ``None``: no point of the box has a defined value."""
        try:
            return self._node(env, defined)
        except _Nowhere:
            if defined:
                raise NotEnclosable("undefined on the whole box") from None
            return None
        except (ZeroDivisionError, ValueError, ArithmeticError) as err:
            if isinstance(err, NotEnclosable):
                raise
            raise NotEnclosable(f"{self.expr}: {type(err).__name__}") from err


@lru_cache(maxsize=4096)
def compile_expr(expr: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Compiled:
    """``expr`` compiled for the ordered ``symbols`` (cached)."""
    return Compiled(expr, symbols)


# ------------------------------------------------------------------------- public API

def _to_mpf(x: arb) -> mpmath.mpf:
    if x == POS_INF:
        return mpmath.mp.make_mpf(finf)
    if x == NEG_INF:
        return mpmath.mp.make_mpf(fninf)
    m, e = x.mid().man_exp()
    return mpmath.mp.make_mpf(from_man_exp(int(m), int(e)))


def to_interval(x: Iv) -> Interval:
    """The core interval as mpmath's ``iv.mpf``, endpoints converted exactly."""
    return iv.make_mpf((_to_mpf(x.lo)._mpf_, _to_mpf(x.hi)._mpf_))


def _arb_of_raw(raw: tuple) -> arb:
    """An mpmath raw ``mpf`` tuple ``(sign, man, exp, bc)`` as an arb (a ball if it needs
    more bits than the working precision; callers round outward)."""
    if raw == finf:
        return POS_INF
    if raw == fninf:
        return NEG_INF
    sign, man, exp, _ = raw
    if raw[1:] == (0, 0, 0) and sign == 0:
        return ZERO
    if not man and exp:
        raise NotEnclosable("NaN endpoint")
    m = -int(man) if sign else int(man)
    return arb(fmpq(m * 2 ** int(exp), 1) if exp >= 0 else fmpq(m, 2 ** int(-exp)))


def from_interval(x) -> Iv:
    """An ``iv.mpf`` (or an mpmath ``mpf``) as a core interval, rounded outward."""
    if hasattr(x, "_mpi_"):
        a, b = x._mpi_
    else:
        a = b = mpmath.mpf(x)._mpf_
    return Iv(_dn(_arb_of_raw(a)), _up(_arb_of_raw(b)))


def interval(lo, hi=None) -> Interval:
    """The interval ``[lo, hi]`` (``[lo, lo]`` when ``hi`` is omitted) from exact inputs.

    SymPy Rationals and Python ints are enclosed exactly (rounded outward), decimal strings
    are read as decimals and enclosed; other SymPy constants (``sqrt(2)``, ``pi``) are
    enclosed rigorously."""
    if hi is None:
        return to_interval(_core_number(lo))
    a, b = _core_number(lo), _core_number(hi)
    return to_interval(Iv(a.lo, b.hi))


def _core_number(value) -> Iv:
    if isinstance(value, str):
        return Iv.of(arb(value))
    if isinstance(value, int):
        return Iv.of(arb(value))
    e = sp.sympify(value)
    if e.is_Rational:
        return Iv.of(arb(fmpq(int(e.p), int(e.q))))
    out = compile_expr(e, ())((), False)
    if out is None:
        raise NotEnclosable(f"{e}: undefined")
    return out


def enclose(expr: sp.Expr, env: Mapping[sp.Symbol, Interval] | None = None,
            finite: bool = False) -> Interval:
    """An interval containing ``expr`` for all values of its symbols in ``env``.

    With ``finite=True`` every subexpression must be real, defined and finite on the
    whole box, else ``NotEnclosable``: at a point, this says the expression has a real value
    there (no ``1/0`` or ``ln 0`` hidden inside a bounded function such as ``tanh(1/z)`` at
    ``z = 0``). Without it, the enclosure covers the points where the expression is defined
    (``NotEnclosable`` if there are none).
    """
    env = env or {}
    e = sp.sympify(expr)
    syms = tuple(sorted(env, key=lambda s: s.name))
    missing = e.free_symbols - set(syms)
    if missing:
        raise NotEnclosable(f"no interval given for {sorted(missing, key=str)[0]}")
    boxes = [from_interval(env[s]) for s in syms]
    out = compile_expr(e, syms)(boxes, defined=True if finite else LIMITS)
    if out is None:
        raise NotEnclosable(f"{e}: undefined everywhere on the box")
    if finite and not out.is_finite():
        raise NotEnclosable(f"{e}: not finite")
    return to_interval(out)


def contains_zero(x: Interval) -> bool:
    """Whether ``0`` lies in the interval ``x``."""
    return bool(x.a <= 0 <= x.b)


def simplest_rational(a: sp.Rational, b: sp.Rational) -> sp.Rational:
    """The rational of smallest denominator (then magnitude) in ``[a, b]``, ``a <= b``: the
    cut points of the searches (``1/3`` rather than ``0.3333``)."""
    q = simplest_fraction(Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)))
    return sp.Rational(q.numerator, q.denominator)


def simplest_fraction(a: Fraction, b: Fraction) -> Fraction:
    """``simplest_rational`` on Python fractions (a continued-fraction walk)."""
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -simplest_fraction(-b, -a)
    n = math.floor(a)
    if n == a:
        return Fraction(n)
    if n + 1 <= b:
        return Fraction(n + 1)
    return n + 1 / simplest_fraction(1 / (b - n), 1 / (a - n))
