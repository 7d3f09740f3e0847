r"""Inequalities in one or two real variables: a structural sign (``certify_nonnegative``),
a factored form or completed square, or the exact substitution ``u = e^z > 0`` that turns the
activations into rational functions of ``u``; refuted at a grid point where an interval
enclosure has the wrong sign; constants by ``certify_sign``."""

from __future__ import annotations

import sympy as sp

from derive.check.common import (
    EQUATION_SECONDS,
    _explicit,
    _grid,
    _on_time,
    _unknown,
)
from derive.proof import (
    PROVED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    certify_identity,
    certify_nonnegative,
    certify_sign,
    time_limit,
)


def _slack(lhs: sp.Expr, op: str, rhs: sp.Expr) -> tuple[sp.Expr, bool]:
    """``(d, strict)`` with the relation equivalent to ``d >= 0`` (``d > 0``)."""
    if op in ("<=", "<"):
        return rhs - lhs, op == "<"
    return lhs - rhs, op == ">"


def decide_inequality(lhs: sp.Expr, op: str, rhs: sp.Expr, claim: str) -> Step:
    d, strict = _slack(lhs, op, rhs)
    return prove_nonnegative(_explicit(d), claim, strict)


def prove_nonnegative(d: sp.Expr, claim: str, strict: bool) -> Step:
    r"""``d >= 0`` (``> 0``) for every real value of its (at most two) variables where ``d``
    is real: constants by interval enclosure; otherwise a structural sign, a counterexample
    on the grid, or, for one variable ``z``, the certificate after ``u = e^z``."""
    _on_time()
    syms = sorted(d.free_symbols, key=lambda s: s.name)
    if not syms:
        return certify_sign(d, claim, strict)
    if len(syms) > 2:
        return _unknown(claim, "an inequality in more than two variables")
    first = certify_nonnegative(d, d, claim, strict, points=_grid(syms))
    if first.verdict != UNKNOWN:
        return first
    for cert in (_factored(d), _square_certificate(d, syms[0]) if len(syms) == 1 else None):
        if cert is not None:
            step = certify_nonnegative(d, cert, claim, strict, points=[])
            if step.verdict == PROVED:
                return step
    if len(syms) != 1:
        return Step(claim, first.method, UNKNOWN,
                    "no certificate found and no counterexample on the grid")
    z = syms[0]
    u = sp.Symbol("u", positive=True)
    d_u = _exp_substitute(d, z, u)
    if d_u is None:
        return Step(claim, "certificate", UNKNOWN,
                    "no certificate found (not a rational function of e^z) and no "
                    "counterexample on the grid")
    cert = sp.factor(sp.together(d_u))
    sub = certify_identity(d, d_u.subs(u, sp.exp(z)), f"substitution u = e^{z} is exact",
                           points=[])
    sign = certify_nonnegative(d_u, cert, f"{'>' if strict else '>='} 0 for u > 0", strict,
                               points=[])
    square = _square_certificate(d_u, u)
    if sign.verdict != PROVED and square is not None:
        cert = square
        sign = certify_nonnegative(d_u, cert, f"{'>' if strict else '>='} 0 for u > 0", strict,
                                   points=[])
    step = certify_all(claim, "certificate", [sub, sign],
                       f"u = e^{z} > 0 turns it into {sp.sstr(cert)} "
                       f"{'> 0' if strict else '>= 0'}")
    if step.verdict == PROVED:
        return step
    return Step(claim, "certificate", UNKNOWN,
                f"no certificate found (u = e^{z} gives {sp.sstr(cert)}, sign not decided) "
                "and no counterexample on the grid")


def _factored(d: sp.Expr) -> sp.Expr | None:
    """``factor(cancel(d))`` (a candidate certificate such as ``(a - b)^2``), or None."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            return sp.factor(sp.cancel(sp.expand(d)))
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None


def _square_certificate(d: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    r"""``N/D`` with ``N = a x^2 + b x + c`` written ``(a (x + b/2a)^2 + (c - b^2/4a)) / D``:
    a certificate when ``a > 0`` and ``c - b^2/4a \ge 0`` (``D`` keeps its factored form,
    whose sign SymPy reads from its structure); None otherwise."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            num, den = sp.fraction(sp.factor(sp.together(d)))
            poly = sp.Poly(sp.expand(num), x)
            if poly.degree() != 2 or not all(co.is_Rational for co in poly.all_coeffs()):
                return None
            a, b, c = poly.all_coeffs()
            rest = c - b ** 2 / (4 * a)
            if a <= 0 or rest < 0:
                return None
            return (a * (x + b / (2 * a)) ** 2 + rest) / den
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None


def _exp_substitute(d: sp.Expr, z: sp.Symbol, u: sp.Symbol) -> sp.Expr | None:
    """``d`` with every ``e^{c z}`` (``c`` rational) written ``u^c``, if then free of ``z``."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            e = d.rewrite(sp.exp) if d.has(sp.tanh, sp.sinh, sp.cosh) else d
            e = sp.powsimp(sp.expand_power_exp(e))

            def is_exp_z(x):
                if not isinstance(x, sp.exp):
                    return False
                c = sp.cancel(x.args[0] / z)
                return c.is_Rational

            e = e.replace(is_exp_z, lambda x: u ** sp.cancel(x.args[0] / z))
    except (StepTimeout, RecursionError, ValueError, TypeError):
        return None
    return None if e.has(z) else e
