r"""Definite integrals ``\int_a^b f(x)\,dx = c`` (bounds numbers, letters or ``\pm\infty``):
SymPy's ``integrate`` proposes an antiderivative ``F``; the kernel checks ``F' = f``
(``certify_identity``) and the value ``F(b) - F(a)`` against the claim, and the trusted rule
"fundamental theorem of calculus" concludes. ``f`` and ``F`` must be continuous on the whole
interval (SymPy's ``continuous_domain``: ``\int_{-1}^{1} x^{-2}\,dx`` is never proved from
``F = -1/x``); limits at infinity are SymPy's ``limit`` and must be finite. Refuted when
``F' = f`` is proved and the value differs from the claim by an interval enclosure."""

from __future__ import annotations

import sympy as sp
from sympy.calculus.util import continuous_domain

from derive.check.common import _explicit, _on_time, _points, _tex, _unknown
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    apply_rule,
    certify_all,
    certify_identity,
    claim_rich,
)


def decide_integral(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    """``lhs = rhs`` where one side holds one definite integral (see the module)."""
    both = sp.Tuple(lhs, rhs)
    ints = both.atoms(sp.Integral)
    if len(ints) != 1:
        return _unknown(claim, "more than one integral in an identity")
    (integral,) = ints
    f, (x, a, b) = integral.function, integral.limits[0]
    if x in both.xreplace({integral: sp.Dummy()}).free_symbols:
        return _unknown(claim, f"${_tex(x)}$ both as the integration variable and outside")
    f = _explicit(f)
    if f.free_symbols - {x}:
        return _unknown(claim, "an integrand with variables other than its own")
    if a.free_symbols or b.free_symbols:
        interval = sp.S.Reals  # symbolic bounds: anywhere
    elif (a - b).is_nonpositive:
        interval = sp.Interval(a, b)
    else:
        interval = sp.Interval(b, a)
    _on_time()
    if not _continuous(f, x, interval):
        return Step(claim, "integral", UNKNOWN, f"the integrand ${_tex(f)}$ is not shown "
                    f"continuous on ${_tex(interval)}$ (an improper integral there?)")
    F = sp.integrate(f, x)
    if F.has(sp.Integral):
        return Step(claim, "integral", UNKNOWN, f"SymPy finds no antiderivative of ${_tex(f)}$")
    _on_time()
    if not _continuous(F, x, interval):
        return Step(claim, "integral", UNKNOWN, f"the antiderivative ${_tex(F)}$ is not shown "
                    f"continuous on ${_tex(interval)}$")
    anti = certify_identity(sp.diff(F, x), f, f"\\frac{{d}}{{d{_tex(x)}}} {_tex(F)} = {_tex(f)}",
                            points=[])
    ends = []
    for end in (b, a):
        if end.is_infinite:
            _on_time()
            lim = sp.limit(F, x, end)
            if not (lim.is_finite and lim.is_real):
                return Step(claim, "integral", UNKNOWN, f"the antiderivative ${_tex(F)}$ has "
                            f"no finite limit at ${_tex(end)}$ (a divergent integral?)")
            ends.append(lim)
        else:
            ends.append(F.xreplace({x: end}))
    value = sp.simplify(ends[0] - ends[1])
    L, R = (_explicit(e.xreplace({integral: value})) for e in (lhs, rhs))
    syms = sorted(sp.Tuple(L, R).free_symbols, key=lambda s: s.name)
    eq = certify_identity(L, R, f"{_tex(integral)} = {_tex(value)}",
                          points=_points(syms, ()) if syms else [{}])
    if anti.verdict == PROVED and eq.verdict == PROVED:
        return apply_rule("fundamental theorem of calculus", [anti, eq], claim,
                          f"the antiderivative ${_tex(F)}$ (SymPy's; its derivative checked "
                          f"exactly), so the integral is ${_tex(value)}$: {eq.reason}")
    if anti.verdict == PROVED and eq.verdict == REFUTED:
        return certify_all(claim, "integral", [anti, eq], "")
    bad = anti if anti.verdict != PROVED else eq
    return Step(claim, "integral", UNKNOWN, f"{claim_rich(bad.claim)}: {bad.reason}")


_ENTIRE = (sp.exp, sp.erf, sp.erfc, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.atan)


def _continuous(expr: sp.Expr, x: sp.Symbol, interval: sp.Set) -> bool:
    """Whether ``expr`` is continuous at every point of ``interval``: SymPy's
    ``continuous_domain`` covers it, or (where SymPy cannot tell) ``expr`` is built from
    ``+``, ``*``, nonnegative integer powers of ``x`` and functions continuous on all reals
    (``exp``, ``erf``, ``sin``, ``atan`` ...)."""
    try:
        return continuous_domain(expr, x, interval) == interval
    except NotImplementedError:
        pass
    for p in expr.atoms(sp.Pow):
        if x in p.base.free_symbols and not (p.exp.is_Integer and p.exp >= 0):
            return False
        if x in p.exp.free_symbols and p.base != sp.E and not (p.base.is_number
                                                             and p.base.is_positive):
            return False
    return all(isinstance(g, _ENTIRE) for g in expr.atoms(sp.Function)
               if x in g.free_symbols)
