r"""Taylor models in one variable: rigorous enclosures that survive cancellation.

A model of ``f`` about an exact rational point ``c`` on the box ``h = x - c in H = [a, b]``
(``a <= 0 <= b``) is ``f(c + h) = h^v (C_0 + C_1 h + ... + C_m h^m)`` for every ``h`` in
``H`` where ``f`` is defined (``m`` at most the model's order, ``order_for``): ``v`` an
integer valuation (negative for a pole such as ``1/x``), each ``C_k`` exact (an ``fmpq``,
or a ``derive.surd.Surd`` such as ``2/\sqrt\pi``) or an ``arb`` ball. A ball coefficient
stands for a value in the ball that may depend on ``h``: the top one is the Lagrange
remainder ``f^(m+1)(xi) / (m+1)!`` (``xi`` between ``c`` and ``c + h``), and terms of degree
above the order are folded into it times ``H^j``. So interval (ball) arithmetic on the
coefficients at a fixed ``h`` encloses ``f(c + h)``.

Exact coefficients keep exact cancellation: ``(sinh x / x)^2 + tanh x / x - 2`` about 0 is
``h^4 (4/45 + ...)`` because the coefficients of ``h^0 .. h^3`` are exactly 0, and division
by a model whose low coefficients are exactly 0 lowers the valuation (a removable
singularity), never by a ball that may contain 0. The point itself: a model with ``v < 0``,
or built by such a division (``undefined``), is of a function undefined at ``c`` (the
divisor vanishes there).

Elementary functions are composed by Taylor's theorem about an exact point ``x0`` (the
argument's constant coefficient, or the middle of its ball): coefficients at ``x0`` exact
where they are rational (``exp``, ``sin``, ... at 0, ``log`` and ``(1 + t)^r`` at 1, the
derivatives of ``log``, ``atan`` anywhere) or ``Surd``s (``erf`` at 0: ``2/\sqrt\pi`` times
rationals; ``\sqrt{x}``, ``1/x`` at a one-term ``Surd`` such as ``4/\pi``) else arb balls
(``u^c``, ``c`` irrational, is ``e^{c \ln u}``), and the Lagrange remainder
coefficient enclosed by arb on the ball ``J`` of every value between ``x0`` and the
argument (``arb_series`` on a ball encloses the coefficients at all its points). ``J`` must
lie inside the function's open domain of smoothness (``log``, ``sqrt``: ``J > 0``; ``asin``:
``|J| < 1``; ``|u|``: a fixed sign), else ``NotEnclosable``. Anything else raises
``NotEnclosable``: the caller says unknown. No floats anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager

import sympy as sp
from flint import arb, arb_series, ctx, fmpq, fmpq_series, fmpz

from derive.intervals import Iv, NotEnclosable
from derive.surd import Surd, from_sympy

ORDER = 8  # coefficients h^0 .. h^ORDER (the last one the remainder ball), at least
MAX_ORDER = 20  # (a polynomial of degree d in the expression raises the order to d + 4)

Coef = fmpq | arb | Surd


def _exact_zero(x: Coef) -> bool:
    if isinstance(x, fmpq):
        return x == 0
    if isinstance(x, Surd):
        return False  # (a Surd that is 0 is the fmpq 0)
    return x.is_exact() and x.is_zero()


def _ball(x: Coef) -> arb:
    if isinstance(x, Surd):
        return x.ball()
    return x if isinstance(x, arb) else arb(x)


def _fmpq(x: sp.Rational) -> fmpq:
    return fmpq(int(x.p), int(x.q))


def _power(x: arb, k: int) -> arb:
    """``x^k`` for a ball ``x`` and an integer ``k >= 1`` by products (arb's power of a
    ball around 0 is NaN)."""
    out = x
    for _ in range(k - 1):
        out = out * x
    return out


def _iv(lo: fmpq, hi: fmpq) -> Iv:
    """The interval ``[lo, hi]`` with its ends rounded outward to exact ``arb`` numbers."""
    a, b = arb(lo), arb(hi)
    return Iv(a if a.is_exact() else a.lower(), b if b.is_exact() else b.upper())


def _mid_q(x: arb) -> fmpq:
    """The exact centre of the ball ``x`` as a rational (0 for a tiny one)."""
    if not x.is_finite():
        raise NotEnclosable("a coefficient is not finite")
    if x.mid().abs_upper() < arb(2) ** -64:
        return fmpq(0)  # any exact point near the ball will do
    if x.mid().abs_upper() > 2 ** 64:
        raise NotEnclosable("a coefficient too large for a Taylor model")
    man, exp = x.mid().man_exp()
    return fmpq(int(man)) * fmpq(2) ** int(exp) if exp >= 0 else fmpq(int(man), 2 ** -int(exp))


@contextmanager
def _cap(n: int):
    old = ctx.cap
    ctx.cap = n
    try:
        yield
    finally:
        ctx.cap = old


class Model:
    """``h^v * sum(c[k] h^k)`` on ``H = [a, b]`` (``hb``: the arb ball around ``H``), with
    coefficients up to ``h^order``."""

    __slots__ = ("a", "b", "c", "hb", "order", "undefined", "v")

    def __init__(self, v: int, c: Sequence[Coef], a: fmpq, b: fmpq, undefined: bool = False,
                 order: int = ORDER):
        self.a, self.b = a, b
        self.hb = arb(a).union(arb(b))
        self.undefined = undefined
        self.order = order
        self.v = v
        self.c = list(c)
        self._normalize()

    def _new(self, v: int, c: Sequence[Coef], undefined: bool) -> Model:
        return Model(v, c, self.a, self.b, undefined, self.order)

    def _normalize(self) -> None:
        c, order = self.c, self.order
        # fold degrees above the order into the top coefficient (times H^j)
        if len(c) > order + 1:
            top = _ball(c[order])
            for j in range(order + 1, len(c)):
                if not _exact_zero(c[j]):
                    top += _ball(c[j]) * _power(self.hb, j - order)
            c = c[:order] + [top]
        # strip exactly-zero low coefficients (the valuation rises)
        k = 0
        while k < len(c) - 1 and _exact_zero(c[k]):
            k += 1
        if k == len(c) - 1 and _exact_zero(c[k]):
            self.v, self.c = 0, [fmpq(0)]  # exactly 0 wherever defined
            return
        self.v += k
        self.c = c[k:]
        for x in self.c:
            if isinstance(x, arb) and not x.is_finite():
                raise NotEnclosable("a Taylor coefficient is not finite")

    def is_zero(self) -> bool:
        return len(self.c) == 1 and _exact_zero(self.c[0])

    # -- arithmetic -------------------------------------------------------------
    def _coeffs_at(self, v: int) -> list[Coef]:
        """The coefficients written with valuation ``v <= self.v``."""
        return [fmpq(0)] * (self.v - v) + self.c

    def __add__(self, o: Model) -> Model:
        if self.is_zero():
            return o._new(o.v, o.c, o.undefined or self.undefined)
        if o.is_zero():
            return self._new(self.v, self.c, o.undefined or self.undefined)
        v = min(self.v, o.v)
        x, y = self._coeffs_at(v), o._coeffs_at(v)
        n = max(len(x), len(y))
        x += [fmpq(0)] * (n - len(x))
        y += [fmpq(0)] * (n - len(y))
        return self._new(v, [p + q for p, q in zip(x, y)], self.undefined or o.undefined)

    def __neg__(self) -> Model:
        return self._new(self.v, [-p for p in self.c], self.undefined)

    def __sub__(self, o: Model) -> Model:
        return self + (-o)

    def __mul__(self, o: Model) -> Model:
        und = self.undefined or o.undefined
        if self.is_zero() or o.is_zero():
            return self._new(0, [fmpq(0)], und)
        out: list[Coef] = [fmpq(0)] * min(len(self.c) + len(o.c) - 1, 2 * self.order + 1)
        for i, p in enumerate(self.c):
            if _exact_zero(p):
                continue
            for j, q in enumerate(o.c):
                if _exact_zero(q):
                    continue
                k = i + j
                if k < len(out):
                    out[k] = out[k] + p * q
                else:
                    out[-1] = _ball(out[-1]) + _ball(p * q) * _power(self.hb, k - len(out) + 1)
        return self._new(self.v + o.v, out, und)

    def scale(self, k: Coef) -> Model:
        return self._new(self.v, [k * p for p in self.c], self.undefined)

    def const(self, k: Coef) -> Model:
        return self._new(0, [k], False)

    def recip(self) -> Model:
        """``1 / self``: the valuation negated (by a divisor exactly 0 at ``c`` the result is
        undefined there); the unit part by Taylor's theorem for ``1/x``."""
        if self.is_zero():
            raise NotEnclosable("division by 0")
        unit = self._new(0, self.c, self.undefined)
        inv = compose("inv", unit)
        return self._new(-self.v, inv._coeffs_at(0), self.undefined or inv.undefined
                         or self.v > 0)

    def __truediv__(self, o: Model) -> Model:
        return self * o.recip()

    def pow_int(self, n: int) -> Model:
        if n < 0:
            return self.recip().pow_int(-n)
        out, base = self.const(fmpq(1)), self
        out.undefined = self.undefined
        while n:
            if n & 1:
                out = out * base
            n >>= 1
            if n:
                base = base * base
        return out

    def sign_of_h(self, side: int) -> int:
        """The sign of ``h^v`` for ``h != 0`` on the side ``side`` (+1: ``h > 0``)."""
        return 1 if side > 0 or self.v % 2 == 0 else -1

    def side(self, side: int) -> tuple[Iv, int] | None:
        """``(U, s)``: for ``h`` in ``H``, ``h != 0``, on the side ``side`` of 0 (+1:
        ``(0, b]``, -1: ``[a, 0)``), ``f(c + h) = h^v u`` with ``u`` in ``U``, and ``h^v``
        has the sign ``s``. None if ``H`` has no such side."""
        lo, hi = (fmpq(0), self.b) if side > 0 else (self.a, fmpq(0))
        if not lo < hi:
            return None
        return self.unit_on(lo, hi), self.sign_of_h(side)

    def unit_on(self, lo: fmpq, hi: fmpq) -> Iv:
        """An enclosure of ``sum c[k] h^k`` for ``h`` in ``[lo, hi]`` (inside ``H``):
        Horner in endpoint-form intervals."""
        h = _iv(lo, hi)
        acc = Iv.of(_ball(self.c[-1]))
        for p in reversed(self.c[:-1]):
            acc = acc * h + Iv.of(_ball(p))
        return acc

    def at(self, h: fmpq) -> Iv:
        """An enclosure of the model at the point ``h`` of ``H``, ``h != 0`` if ``v < 0``."""
        u = self.unit_on(h, h)
        return _iv(h, h).pow_int(self.v, True) * u if self.v else u

    def enclosure(self) -> Iv:
        """An enclosure of the model's values on ``H`` (``v >= 0``)."""
        if self.v < 0:
            raise NotEnclosable("a pole at the point")
        out = None
        for s in (1, -1):
            got = self.side(s)
            if got is None:
                continue
            u, _ = got
            lo, hi = (fmpq(0), self.b) if s > 0 else (self.a, fmpq(0))
            hv = _iv(lo, hi).pow_int(self.v, True) if self.v else Iv.of(1)
            e = hv * u
            out = e if out is None else Iv(min(out.lo, e.lo), max(out.hi, e.hi))
        if out is None:
            return Iv.of(_ball(self.c[0])) if self.v == 0 else Iv.of(0)
        return out


# ------------------------------------------------------------------ elementary functions

_EXACT_AT_0 = {"exp", "sin", "cos", "sinh", "cosh", "tanh", "tan", "atan", "asin", "asinh",
               "atanh"}


def _series_at(name: str, x0: arb, n: int) -> list[arb]:
    """The Taylor coefficients (orders ``0 .. n - 1``) of ``name`` at every point of the
    ball ``x0`` (arb_series on a ball)."""
    with _cap(n):
        s = arb_series([x0, 1])
        if name in ("exp", "log", "sin", "cos", "tan", "atan", "asin", "acos", "sqrt", "erf",
                    "erfc"):
            out = getattr(s, name)()
        elif name == "sinh":
            out = (s.exp() - (-s).exp()) / 2
        elif name == "cosh":
            out = (s.exp() + (-s).exp()) / 2
        elif name == "tanh":
            out = 1 - 2 / ((2 * s).exp() + 1)
        elif name == "asinh":
            out = (s + (s * s + 1).sqrt()).log()
        elif name == "atanh":
            out = ((1 + s).log() - (1 - s).log()) / 2
        elif name == "inv":
            out = 1 / s
        elif name.startswith("pow:"):
            r = fmpq(*map(int, name[4:].split("/")))
            out = (arb(r) * s.log()).exp()
        else:
            raise NotEnclosable(f"no Taylor model of {name}")
        c = list(out.coeffs())
    c += [arb(0)] * (n - len(c))
    return c[:n]


def _remainder(name: str, j: arb, n: int) -> arb:
    """An enclosure of ``f^(n)(xi) / n!`` for every ``xi`` in the ball ``j`` (inside the
    function's domain): closed forms where there are, else ``arb_series`` on pieces of
    ``j`` (their union)."""
    fact = arb.fac_ui(n)

    def ends(f):  # a function monotone on j: its values at the two ends
        return f(j.lower()).union(f(j.upper()))

    if name == "exp":
        return ends(arb.exp) / fact
    if name in ("sin", "cos"):
        # d^n sin = sin(x + n pi/2)
        k = n % 4 if name == "sin" else (n + 1) % 4
        return [j.sin(), j.cos(), -j.sin(), -j.cos()][k] / fact
    if name in ("sinh", "cosh"):
        odd = (n % 2 == 1) == (name == "sinh")
        if odd:
            return (j.cosh() if not (j > 0 or j < 0) else ends(arb.cosh)) / fact
        return ends(arb.sinh) / fact
    if name == "log":
        return ends(lambda y: arb((-1) ** (n + 1)) / (n * y ** n))
    if name == "inv":
        return ends(lambda y: arb((-1) ** n) / y ** (n + 1))
    if name == "sqrt" or name.startswith("pow:"):
        r = fmpq(1, 2) if name == "sqrt" else fmpq(*map(int, name[4:].split("/")))
        binom = arb(1)
        for i in range(n):
            binom = binom * arb(r - i) / (i + 1)
        return binom * ends(lambda y: y ** arb(r - n))
    pieces, out = 16, None
    lo, width = j.lower(), (j.upper() - j.lower()) / 16
    for i in range(pieces):
        part = (lo + i * width).union(lo + (i + 1) * width) if width > 0 else j
        got = _series_at(name, part, n + 1)[n]
        out = got if out is None else out.union(got)
    return out


def _in_domain(name: str, j: arb) -> bool:
    """Whether the ball ``j`` lies inside the open set where ``name`` is smooth."""
    if name in ("log", "sqrt") or name.startswith("pow:"):
        return bool(j > 0)
    if name in ("asin", "acos", "atanh"):
        return bool(j > -1) and bool(j < 1)
    if name == "inv":
        return bool(j > 0) or bool(j < 0)
    if name == "tan":
        return bool(j.cos() > 0) or bool(j.cos() < 0)
    return True


def _rational_root(q: fmpq, r: fmpq) -> fmpq | None:
    """``q^r`` if it is rational (``q > 0``)."""
    num, den = int(r.p), int(r.q)
    out = []
    for z in (int(q.p), int(q.q)):
        root = fmpz(z).root(den) if den > 1 else fmpz(z)
        if root ** den != z:
            return None
        out.append(root)
    base = fmpq(out[0], out[1])
    return base ** num if num >= 0 else 1 / base ** -num


def _erf_at_0(n: int, sign: int) -> list[Coef]:
    """``sign * erf(t) = sign * 2/\\sqrt\\pi sum (-1)^k t^(2k+1) / (k! (2k+1))`` (``n``
    coefficients, exact ``Surd``)."""
    out: list[Coef] = [fmpq(0)] * n
    for k in range((n + 1) // 2):
        if 2 * k + 1 < n:
            q = fmpq(2 * sign * (-1) ** k, int(fmpz.fac_ui(k)) * (2 * k + 1))
            out[2 * k + 1] = Surd.term(q, -1)
    return out


def _surd_coeffs(name: str, x0: Surd, n: int) -> list[Coef] | None:
    """Exact coefficients of ``1/x`` and ``x^r`` (``r`` a half-integer or integer) at a
    one-term ``Surd`` point ``x0 > 0`` (``1/x``: any sign), else None."""
    inv = x0.inverse()
    if inv is None:
        return None
    if name == "inv":  # 1/(x0 + t) = sum (-1)^k t^k / x0^(k+1)
        out, p = [], inv
        for k in range(n):
            out.append(p if k % 2 == 0 else -p)
            p = p * inv
        return out
    r = fmpq(1, 2) if name == "sqrt" else fmpq(*map(int, name[4:].split("/")))
    if r.q not in (1, 2) or not x0.ball() > 0:
        return None
    root = x0.sqrt() if r.q == 2 else fmpq(1)
    if root is None:
        return None
    # x0^r = root^p (p = 2r or r); (x0 + t)^r = x0^r sum binom(r, k) (t / x0)^k
    lead: Coef = fmpq(1)
    for _ in range(abs(int(r.p))):
        lead = lead * (root if r.q == 2 else x0)
    if r < 0:
        lead = 1 / lead if isinstance(lead, fmpq) else lead.inverse()
        if lead is None:
            return None
    out, binom, p = [], fmpq(1), lead
    for k in range(n):
        out.append(binom * p)
        binom = binom * (r - k) / (k + 1)
        p = p * inv
    return out


def _coeffs_at(name: str, x0: fmpq, n: int) -> list[Coef]:
    """The Taylor coefficients (orders ``0 .. n - 1``) of ``name`` at the exact point
    ``x0``: exact rationals where they are, else balls."""
    with _cap(n):
        t = fmpq_series([0, 1])
        if x0 == 0 and name in ("erf", "erfc"):
            c = _erf_at_0(n, 1 if name == "erf" else -1)
            if name == "erfc":
                c[0] = fmpq(1)
            return c
        if x0 == 0 and name in _EXACT_AT_0:
            return list(_pad(getattr(t, name)().coeffs(), n))
        if name == "log" and x0 > 0:
            s = _pad((1 + t / x0).log().coeffs(), n)
            s[0] = fmpq(0) if x0 == 1 else arb(x0).log()
            return s
        if name == "atan" and x0 != 0:
            d = (1 / ((x0 + t) ** 2 + 1)).integral()
            s = _pad(d.coeffs(), n)
            s[0] = arb(x0).atan()
            return s
        if name == "inv" and x0 != 0:
            return list(_pad((1 / (x0 + t)).coeffs(), n))
        if (name == "sqrt" or name.startswith("pow:")) and x0 > 0:
            r = fmpq(1, 2) if name == "sqrt" else fmpq(*map(int, name[4:].split("/")))
            s = _pad((r * (1 + t / x0).log()).exp().coeffs(), n)
            k = _rational_root(x0, r)
            scale: Coef = k if k is not None else arb(x0) ** arb(r)
            return [scale * p for p in s]
    return list(_series_at(name, arb(x0), n))


def _pad(c, n: int) -> list:
    c = [fmpq(p) if not isinstance(p, fmpq) else p for p in c]
    return (c + [fmpq(0)] * n)[:n]


def compose(name: str, g: Model) -> Model:
    """The model of ``name(g)`` by Taylor's theorem about an exact point ``x0`` near
    ``g``'s constant coefficient: ``sum_{k <= m} f_k(x0) t^k + f_{m+1}(J) t^(m+1)`` (``m``
    the order), ``t = g - x0``, ``J`` every value between ``x0`` and ``g`` on ``H``."""
    if g.v < 0:
        raise NotEnclosable(f"{name} of a function with a pole at the point")
    cs = g._coeffs_at(0)
    first = cs[0]
    n = g.order + 1
    exact = None
    if isinstance(first, Surd) and (name in ("inv", "sqrt") or name.startswith("pow:")):
        exact = _surd_coeffs(name, first, n)  # (about the exact point itself)
    x0 = first if isinstance(first, fmpq) or exact is not None else _mid_q(_ball(first))
    t = g - g.const(x0)
    with_0 = t.enclosure()
    span = arb(0).union(Iv(with_0.lo, with_0.hi).ball()) if with_0.is_finite() else None
    if span is None:
        raise NotEnclosable(f"{name}: the argument is not bounded")
    j = _ball(x0) + span
    if not _in_domain(name, _ball(x0)) or not _in_domain(name, j):
        raise NotEnclosable(f"{name}: the argument leaves the domain where it is smooth")
    coeffs = exact if exact is not None else _coeffs_at(name, x0, n)
    rem = _remainder(name, j, n)
    if not rem.is_finite() or any(isinstance(p, arb) and not p.is_finite() for p in coeffs):
        raise NotEnclosable(f"{name}: no finite Taylor coefficients")
    acc = g.const(rem)
    for p in reversed(coeffs):
        acc = acc * t + g.const(p)
    acc.undefined = g.undefined
    return acc


# ------------------------------------------------------------------ SymPy expressions

_FUNCS = {sp.exp: "exp", sp.log: "log", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan",
          sp.sinh: "sinh", sp.cosh: "cosh", sp.tanh: "tanh", sp.atan: "atan",
          sp.asin: "asin", sp.acos: "acos", sp.asinh: "asinh", sp.atanh: "atanh",
          sp.erf: "erf", sp.erfc: "erfc"}
_RECIPROCALS = {sp.sec: sp.cos, sp.csc: sp.sin, sp.cot: sp.tan, sp.sech: sp.cosh,
                sp.csch: sp.sinh, sp.coth: sp.tanh}


def model(expr: sp.Expr, x: sp.Symbol, c: sp.Rational, a: sp.Rational, b: sp.Rational
          ) -> Model:
    """The Taylor model of ``expr`` (a function of ``x`` only) about ``x = c`` on ``h`` in
    ``[a, b]`` (``a <= 0 <= b``, exact rationals), of the order ``order_for(expr, x)``.
    Constants that are ``Surd``s stay exact. Raises ``NotEnclosable``."""
    if not (a <= 0 <= b):
        raise NotEnclosable("the box must contain the point")
    expr = sp.sympify(expr)
    fa, fb = _fmpq(sp.Rational(a)), _fmpq(sp.Rational(b))
    order = order_for(expr, x)
    memo: dict = {}

    def go(e: sp.Expr) -> Model:
        got = memo.get(e)
        if got is None:
            got = memo[e] = build(e)
        return got

    def const(k: Coef) -> Model:
        return Model(0, [k], fa, fb, order=order)

    def build(e: sp.Expr) -> Model:
        if e == x:
            return Model(0, [_fmpq(sp.Rational(c)), fmpq(1)], fa, fb, order=order)
        if e.is_Rational:
            return const(_fmpq(e))
        if e.is_number and not e.has(x):
            exact = from_sympy(e)  # (pi, 2/sqrt(pi), sqrt(2)/2: exact, they may cancel)
            if exact is not None:
                return const(exact)
        if e is sp.pi:
            return const(arb.pi())
        if e is sp.E:
            return const(arb(1).exp())
        if e.is_Symbol or e.is_Float or not e.is_real and e.is_number:
            raise NotEnclosable(f"no Taylor model of {e}")
        if e.is_Add:
            out = go(e.args[0])
            for t in e.args[1:]:
                out = out + go(t)
            return out
        if e.is_Mul:
            out = go(e.args[0])
            for t in e.args[1:]:
                out = out * go(t)
            return out
        if e.is_Pow:
            base, ex = e.args
            if ex.is_Integer:
                return go(base).pow_int(int(ex))
            if ex.is_Rational:
                return _rpow(go(base), _fmpq(ex))
            if base.is_number and base.is_positive and not base.has(x):
                return compose("exp", go(sp.log(base) * ex))
            if ex.is_number and ex.is_real and not ex.has(x):
                # u^c = e^(c ln u) where u > 0 (c irrational: real only there)
                return compose("exp", go(ex) * compose("log", go(base)))
            raise NotEnclosable(f"no Taylor model of {e}")
        if e.func in _RECIPROCALS:
            return go(_RECIPROCALS[e.func](*e.args)).recip()
        if isinstance(e, sp.Abs):
            inner = go(e.args[0])
            s = _fixed_sign(inner)
            return inner if s > 0 else -inner
        if e.func in (sp.tanh, sp.tan):  # tanh = sinh / cosh (stable remainders)
            num, den = (sp.sinh, sp.cosh) if e.func == sp.tanh else (sp.sin, sp.cos)
            return go(num(*e.args)) / go(den(*e.args))
        name = _FUNCS.get(e.func)
        if name is None or len(e.args) != 1:
            raise NotEnclosable(f"no Taylor model of {e.func}")
        if name == "acos":
            return const(arb.pi() / 2) - compose("asin", go(e.args[0]))
        inner = go(e.args[0])
        if name == "atan" and inner.v < 0:
            # a pole at the point: atan u = +-pi/2 - atan(1/u) where u > 0 (< 0) on H
            s = _pole_sign(inner)
            return const(s * arb.pi() / 2) - compose("atan", inner.recip())
        return compose(name, inner)

    try:
        return go(expr)
    except NotEnclosable:
        raise
    except (ArithmeticError, ValueError) as err:  # flint or SymPy refusing a step
        raise NotEnclosable(f"no Taylor model: {err}") from None


def order_for(expr: sp.Expr, x: sp.Symbol) -> int:
    """The model's order: ``ORDER``, or ``d + 4`` for a power ``x^d`` of the expression
    (``sin x / x - p(x)`` with ``p`` of degree 10 cancels to ``O(x^12)``: the exact
    coefficients must reach past it), at most ``MAX_ORDER``."""
    d = max((int(p.exp) for p in expr.atoms(sp.Pow)
             if p.base == x and p.exp.is_Integer and p.exp > 0), default=0)
    return max(ORDER, min(MAX_ORDER, d + 4))


def _side_signs(m: Model, strict: bool) -> set[int]:
    """The sign of the model on each side of ``h = 0`` that ``H`` has (0: not shown);
    ``strict``: ``> 0`` / ``< 0``, else ``>= 0`` / ``<= 0``."""
    signs = set()
    for side in (1, -1):
        got = m.side(side)
        if got is None:
            continue
        u, s = got
        pos, neg = (u.lo > 0, u.hi < 0) if strict else (u.lo >= 0, u.hi <= 0)
        signs.add(s if pos else -s if neg else 0)
    return signs


def _fixed_sign(m: Model) -> int:
    """+1 / -1 if the model is ``>= 0`` / ``<= 0`` at every ``h`` of ``H`` (``v >= 0``)."""
    if m.is_zero():
        return 1
    signs = _side_signs(m, strict=False)
    if m.v < 0 or len(signs) != 1 or 0 in signs:
        raise NotEnclosable("|u| where u has no fixed sign")
    return signs.pop()


def _pole_sign(m: Model) -> int:
    """+1 / -1 if the model (``v < 0``: undefined at ``h = 0``) is ``> 0`` / ``< 0`` at every
    ``h != 0`` of ``H``."""
    signs = _side_signs(m, strict=True)
    if len(signs) != 1 or 0 in signs:
        raise NotEnclosable("a pole whose sign changes")
    return signs.pop()


def _rpow(m: Model, r: fmpq) -> Model:
    """``m^r`` for a non-integer rational ``r`` (real where the base is ``>= 0``): the
    base is ``h^v U`` with ``U > 0``; ``v r`` must be an integer and ``H`` on one side of 0
    when ``v`` is odd (``(h^v)^r = h^(v r)`` for ``h > 0``; ``|h|^(v r)`` for even ``v``)."""
    if m.v == 0:
        return compose("sqrt" if r == fmpq(1, 2) else f"pow:{r.p}/{r.q}", m)
    vr = m.v * r
    if m.v < 0 or vr.q != 1:
        raise NotEnclosable("a fractional power at a zero of its base")
    unit = m._new(0, m.c, m.undefined)
    out = compose("sqrt" if r == fmpq(1, 2) else f"pow:{r.p}/{r.q}", unit)
    k = int(vr.p)
    und = out.undefined or k < 0  # 0 to a negative power at h = 0
    if m.a == 0:  # h >= 0: h^v U with U > 0 has the root h^(v r) U^r
        return m._new(k, out._coeffs_at(0), und)
    if m.b == 0 and m.v % 2 == 0:  # h <= 0: (|h|^v U)^r = |h|^(v r) U^r = (-h)^k U^r
        sgn = fmpq(-1) ** k if k >= 0 else fmpq(1) / fmpq(-1) ** -k
        return m._new(k, [sgn * p for p in out._coeffs_at(0)], und)
    raise NotEnclosable("a fractional power at a zero of its base on a two-sided box")
