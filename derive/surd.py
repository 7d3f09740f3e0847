r"""Exact real constants ``sum q_i \pi^{k_i/2} \sqrt{r_i}`` for Taylor models.

A ``Surd`` is a finite sum of terms ``q \pi^{k/2} \sqrt r`` (``q`` a nonzero rational, ``k``
any integer, ``r`` a squarefree integer ``>= 1``): the constants of the Gaussian and of erf
(``2/\sqrt\pi``, ``1/\sqrt{2\pi}``, ``4/\pi``). Sums and products are exact (``\sqrt a
\sqrt b = g \sqrt{a b / g^2}``, ``g = \gcd(a, b)``), so a coefficient that is 0 is exactly
0: ``2/\sqrt\pi - \sqrt{4/\pi}`` cancels where two balls would leave ``[\pm 10^{-19}]``.
The representation is a formal one and evaluation (``ball``) is a ring homomorphism to the
reals, so a formal 0 is a real 0 (sound whatever the relations between the generators); a
result without irrational terms is returned as a plain ``fmpq``. Any other operand (an arb
ball) turns the result into a ball. No floats.
"""

from __future__ import annotations

import math

import sympy as sp
from flint import arb, ctx, fmpq, fmpz

Key = tuple[int, int]  # (k, r): pi^(k/2) sqrt(r)


SMALL = 10 ** 12  # radicands beyond this are left to balls (trial division)


def _squarefree(n: int) -> tuple[int, int] | None:
    """``(s, r)`` with ``n = s^2 r``, ``r`` squarefree (``1 <= n <= SMALL``), else None."""
    if not 1 <= n <= SMALL:
        return None
    s, r, p = 1, 1, 2
    while p * p <= n:
        while n % (p * p) == 0:
            n //= p * p
            s *= p
        if n % p == 0:
            n //= p
            r *= p
        p += 1
    return s, r * n


class Surd:
    """``sum terms[(k, r)] pi^(k/2) sqrt(r)``; build with ``make`` (rationals come back as
    ``fmpq``)."""

    __slots__ = ("_ball", "terms")

    def __init__(self, terms: dict[Key, fmpq]):
        self.terms = terms
        self._ball: tuple[int, arb] | None = None

    @staticmethod
    def make(terms: dict[Key, fmpq]) -> Surd | fmpq:
        terms = {k: q for k, q in terms.items() if q != 0}
        if not terms:
            return fmpq(0)
        if list(terms) == [(0, 1)]:
            return terms[(0, 1)]
        return Surd(terms)

    @staticmethod
    def term(q: fmpq, k: int = 0, r: int = 1) -> Surd | fmpq:
        return Surd.make({(k, r): fmpq(q)})

    @staticmethod
    def sqrt_rational(q: fmpq) -> Surd | fmpq | None:
        """``\\sqrt q`` for a rational ``q > 0`` (None: too large to factor)."""
        got = _squarefree(int(q.p) * int(q.q))
        if got is None:
            return None
        s, r = got
        return Surd.term(fmpq(s, int(q.q)), 0, r)

    def ball(self) -> arb:
        """The value as a ball at the working precision."""
        if self._ball is None or self._ball[0] != ctx.prec:
            out = arb(0)
            for (k, r), q in self.terms.items():
                out += arb(q) * arb.pi().sqrt() ** k * arb(r).sqrt()
            self._ball = (ctx.prec, out)
        return self._ball[1]

    def is_monomial(self) -> bool:
        return len(self.terms) == 1

    # -- arithmetic -----------------------------------------------------------------
    def __add__(self, o):
        if isinstance(o, (int, fmpz)):
            o = fmpq(o)
        if isinstance(o, fmpq):
            o = Surd({(0, 1): o})
        if not isinstance(o, Surd):
            return self.ball() + o
        out = dict(self.terms)
        for k, q in o.terms.items():
            out[k] = out.get(k, fmpq(0)) + q
        return Surd.make(out)

    __radd__ = __add__

    def __neg__(self):
        return Surd({k: -q for k, q in self.terms.items()})

    def __sub__(self, o):
        return self + (-o)

    def __rsub__(self, o):
        return (-self) + o

    def __mul__(self, o):
        if isinstance(o, (int, fmpz)):
            o = fmpq(o)
        if isinstance(o, fmpq):
            return Surd.make({k: q * o for k, q in self.terms.items()})
        if not isinstance(o, Surd):
            return self.ball() * o
        out: dict[Key, fmpq] = {}
        for (k1, r1), q1 in self.terms.items():
            for (k2, r2), q2 in o.terms.items():
                g = math.gcd(r1, r2)
                key = (k1 + k2, r1 * r2 // (g * g))
                out[key] = out.get(key, fmpq(0)) + q1 * q2 * g
        return Surd.make(out)

    __rmul__ = __mul__

    def inverse(self) -> Surd | fmpq | None:
        """``1/self`` for a single term (``1/(q pi^(k/2) sqrt r) = pi^(-k/2) sqrt r / (q
        r)``), else None."""
        if not self.is_monomial():
            return None
        ((k, r), q), = self.terms.items()
        return Surd.term(1 / (q * r), -k, r)

    def __truediv__(self, o):
        if isinstance(o, (int, fmpz, fmpq)):
            return self * (1 / fmpq(o))
        inv = o.inverse() if isinstance(o, Surd) else None
        return self * inv if inv is not None else self.ball() / o

    def __rtruediv__(self, o):
        inv = self.inverse()
        return o * inv if inv is not None else o / self.ball()

    def sqrt(self) -> Surd | fmpq | None:
        """``\\sqrt{self}`` for a single positive term with ``k`` even and ``r = 1``."""
        if not self.is_monomial():
            return None
        ((k, r), q), = self.terms.items()
        if k % 2 or r != 1 or q <= 0:
            return None
        root = Surd.sqrt_rational(q)
        return None if root is None else root * Surd.term(fmpq(1), k // 2)

    def __repr__(self) -> str:
        return " + ".join(f"{q}*pi^({k}/2)*sqrt({r})" for (k, r), q in self.terms.items())


def from_sympy(e: sp.Expr) -> Surd | fmpq | None:
    """The exact ``Surd`` (or ``fmpq``) of a SymPy number built from rationals, ``\\pi``,
    square roots of rationals and of ``\\pi`` by sums, products and integer powers; None for
    anything else."""
    if e.is_Rational:
        return fmpq(int(e.p), int(e.q))
    if e is sp.pi:
        return Surd.term(fmpq(1), 2)
    if e.is_Add or e.is_Mul:
        parts = [from_sympy(a) for a in e.args]
        if any(p is None for p in parts):
            return None
        out = parts[0]
        for p in parts[1:]:
            out = out + p if e.is_Add else out * p
        return out
    if e.is_Pow:
        base, ex = e.args
        if not ex.is_Rational or abs(ex.p) > 64:
            return None
        if ex.q == 2 and base is sp.pi:
            return Surd.term(fmpq(1), int(ex.p))
        if ex.q == 2 and base.is_Rational and base > 0:
            root = Surd.sqrt_rational(fmpq(int(base.p), int(base.q)))
        elif ex.q == 1:
            root = from_sympy(base)
        else:
            return None
        if root is None:
            return None
        n = int(ex.p)
        if n < 0:
            if isinstance(root, fmpq) and root == 0:
                return None
            root = 1 / root if isinstance(root, fmpq) else root.inverse()
            if root is None:
                return None
            n = -n
        out: Surd | fmpq = fmpq(1)
        for _ in range(n):
            out = out * root
        return out
    return None
