r"""Rigorous interval arithmetic on SymPy expressions (mpmath's ``iv``, outward rounding).

``enclose(expr, env)`` returns an interval guaranteed to contain the value of ``expr`` for
every choice of the free symbols inside the intervals of ``env``. Exact rationals and
decimal literals are converted to enclosing intervals (never through a rounded float).
Anything this evaluator does not know raises ``NotEnclosable``, so callers can say
``unknown`` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import mpmath
import sympy as sp
from mpmath import iv
from mpmath.libmp import NoConvergence

from derive.activations import AbstractActivation, AbstractDerivative, ACTIVATIONS

Interval = type(iv.mpf(0))


class NotEnclosable(ValueError):
    """The expression uses something the interval evaluator cannot enclose rigorously."""


@contextmanager
def precision(bits: int) -> Iterator[None]:
    """Run the interval arithmetic inside at ``bits`` bits of working precision."""
    old = iv.prec
    iv.prec = bits
    try:
        yield
    finally:
        iv.prec = old


def interval(lo, hi=None) -> Interval:
    """The interval ``[lo, hi]`` (``[lo, lo]`` when ``hi`` is omitted) from exact inputs.

    SymPy Rationals are divided in interval arithmetic, decimal strings are enclosed,
    Python ints are exact.
    """
    if hi is None:
        return _number(sp.sympify(lo) if not isinstance(lo, str) else sp.Float(lo, 50), lo)
    a, b = interval(lo), interval(hi)
    return iv.mpf([a.a, b.b])


def _number(expr: sp.Expr, raw=None) -> Interval:
    if isinstance(raw, str):
        return iv.mpf(raw)
    if expr.is_Integer:
        return iv.mpf(int(expr))
    if expr.is_Rational:
        return iv.mpf(int(expr.p)) / iv.mpf(int(expr.q))
    if expr.is_Float:
        return iv.mpf(str(expr))
    return enclose(expr, {})


def _atanh(u: Interval) -> Interval:
    return (iv.log(1 + u) - iv.log(1 - u)) / 2


def _tanh(x: Interval) -> Interval:
    # tanh is increasing: evaluate at the endpoints, each through 1 - 2/(e^{2x} + 1).
    lo = 1 - 2 / (iv.exp(2 * iv.mpf(x.a)) + 1)
    hi = 1 - 2 / (iv.exp(2 * iv.mpf(x.b)) + 1)
    return iv.mpf([lo.a, hi.b])


def _max(a: Interval, b: Interval) -> Interval:
    return iv.mpf([max(a.a, b.a), max(a.b, b.b)])


def _heaviside0(x: Interval) -> Interval:
    if x > 0:
        return iv.mpf(1)
    if x <= 0:
        return iv.mpf(0)
    return iv.mpf([0, 1])


def _erf(x: Interval) -> Interval:
    r"""``\operatorname{erf}`` is increasing: its values at the two ends, each a rigorous ball
    from python-flint's arb (mpmath's ``iv.erf`` does not converge for most arguments)."""
    import flint

    def ball(v) -> "flint.arb":
        v = mpmath.mpf(v)
        if not mpmath.isfinite(v):
            return flint.arb(1 if v > 0 else -1)  # erf(+-oo) = +-1
        sign, man, exp, _ = v._mpf_  # mpf's .man is unsigned
        man = -int(man) if sign else int(man)
        return flint.arb(man) * flint.arb(2) ** exp if exp >= 0 else \
            flint.arb(man) / flint.arb(2) ** (-exp)

    def exact(b: "flint.arb") -> mpmath.mpf:
        m, e = b.man_exp()
        return mpmath.ldexp(int(m), int(e))

    old = flint.ctx.prec
    flint.ctx.prec = max(iv.prec, 53)
    try:
        lo, hi = ball(x.a).erf().lower(), ball(x.b).erf().upper()
    finally:
        flint.ctx.prec = old
    return iv.mpf([exact(lo), exact(hi)])


def _cosh(x: Interval) -> Interval:
    return (iv.exp(x) + iv.exp(-x)) / 2


_FUNCS = {
    sp.cosh: _cosh,
    sp.sinh: lambda x: (iv.exp(x) - iv.exp(-x)) / 2,
    sp.sech: lambda x: 1 / _cosh(x),
    sp.exp: iv.exp,
    sp.log: iv.log,
    sp.Abs: abs,
    sp.tanh: _tanh,
    sp.atanh: _atanh,
    sp.erf: _erf,
}


def enclose(expr: sp.Expr, env: Mapping[sp.Symbol, Interval] | None = None,
            finite: bool = False) -> Interval:
    """An interval containing ``expr`` for all values of its symbols in ``env``.

    With ``finite=True`` every subexpression must have a finite enclosure, else
    ``NotEnclosable``: at a point, this says the expression has a real value there (no
    ``1/0`` or ``ln 0`` hidden inside a bounded function such as ``tanh(1/z)`` at ``z = 0``).
    """
    out = _enclose(expr, env or {}, finite)
    if finite and not (mpmath.isfinite(out.a) and mpmath.isfinite(out.b)):
        raise NotEnclosable(f"{expr}: not finite")
    return out


def _enclose(expr: sp.Expr, env: Mapping[sp.Symbol, Interval], finite: bool) -> Interval:
    e = sp.sympify(expr)
    if e.is_Symbol:
        if e not in env:
            raise NotEnclosable(f"no interval given for {e}")
        return env[e]
    if e.is_Number:
        if e.is_Rational or e.is_Float:
            return _number(e)
        raise NotEnclosable(f"not a finite real number: {e}")
    if e is sp.pi:
        return iv.pi
    if e is sp.E:
        return iv.e
    args = ([enclose(a, env, finite) for a in e.args] if not isinstance(e, sp.Heaviside)
            else None)
    try:
        if e.is_Add:
            out = args[0]
            for a in args[1:]:
                out = out + a
            return out
        if e.is_Mul:
            out = args[0]
            for a in args[1:]:
                out = out * a
            return out
        if e.is_Pow:
            base, ex = e.args
            if ex.is_Integer:
                return args[0] ** int(ex)
            if ex == sp.Rational(1, 2):
                return iv.sqrt(args[0])
            if ex == -sp.Rational(1, 2):
                return 1 / iv.sqrt(args[0])
            return iv.exp(args[1] * iv.log(args[0]))
        if isinstance(e, (AbstractActivation, AbstractDerivative)):
            act = ACTIVATIONS[e.activation]
            return enclose(act.to_explicit(e), env, finite)
        if isinstance(e, sp.Max):
            out = args[0]
            for a in args[1:]:
                out = _max(out, a)
            return out
        if isinstance(e, sp.Heaviside):
            if len(e.args) > 1 and e.args[1] != 0:
                raise NotEnclosable("only Heaviside(x, 0) is supported")
            return _heaviside0(enclose(e.args[0], env, finite))
        fn = _FUNCS.get(e.func)
        if fn is not None:
            return fn(*args)
    except (ZeroDivisionError, ValueError, ArithmeticError, NoConvergence) as err:
        raise NotEnclosable(f"{e}: {type(err).__name__}") from err
    raise NotEnclosable(f"cannot enclose {e.func.__name__}")


def contains_zero(x: Interval) -> bool:
    """Whether ``0`` lies in the interval ``x``."""
    return bool(x.a <= 0 <= x.b)
