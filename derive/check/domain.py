r"""Domains: where a statement is asserted.

A statement is asserted wherever every subexpression is real and defined (the conditions the
parser collects, ``Statement.domain``) and wherever the user's premises hold (``x > 0
\implies ...``, ``\forall x \in [0, 1]``, "for all $|w| \ge 4$"). Conditions are SymPy
relationals ``lhs op rhs``; this module decides them at exact points (rigorous intervals)
and turns one-variable bounds ``x > c`` into substitutions ``x = c + t`` with ``t > 0`` so
that SymPy's assumptions can use them.

``restrict`` is the one place that filters candidate counterexample points by a domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sympy as sp

from derive import intervals

_FLIP = {sp.Lt: sp.Gt, sp.Le: sp.Ge}


def slack_of(cond: sp.Basic) -> tuple[sp.Expr, str]:
    """``(d, kind)`` with ``cond`` equivalent to ``d > 0`` / ``d >= 0`` / ``d != 0``."""
    if isinstance(cond, (sp.Gt, sp.StrictGreaterThan)):
        return cond.lhs - cond.rhs, ">"
    if isinstance(cond, (sp.Ge, sp.GreaterThan)):
        return cond.lhs - cond.rhs, ">="
    if isinstance(cond, (sp.Lt, sp.StrictLessThan)):
        return cond.rhs - cond.lhs, ">"
    if isinstance(cond, (sp.Le, sp.LessThan)):
        return cond.rhs - cond.lhs, ">="
    if isinstance(cond, sp.Ne):
        return cond.lhs - cond.rhs, "!="
    raise ValueError(f"not a domain condition: {cond}")


def holds_at(cond: sp.Basic, point: Mapping[sp.Symbol, sp.Expr]) -> bool:
    """Whether ``cond`` rigorously holds at the exact ``point`` (an interval enclosure of its
    slack at 60, then 200 bits, has the right sign); False when that is not shown."""
    if cond in (sp.true, sp.false):  # a condition a substitution decided (1 + e^{-z} != 0)
        return cond is sp.true
    d, kind = slack_of(cond)
    e = d.xreplace(dict(point))
    for bits in (60, 200):
        try:
            with intervals.precision(bits):
                enc = intervals.enclose(e, {}, finite=True)
        except (intervals.NotEnclosable, TypeError, ValueError):
            return False
        if kind == ">" and enc.a > 0 or kind == ">=" and enc.a >= 0 or (
                kind == "!=" and not intervals.contains_zero(enc)):
            return True
        if kind == ">" and enc.b <= 0 or kind == ">=" and enc.b < 0 or (
                kind == "!=" and enc.a == enc.b == 0):
            return False  # rigorously false: no need for more bits
    return False


def restrict(points: Iterable[Mapping[sp.Symbol, sp.Expr]], domain: Sequence[sp.Basic]
             ) -> list[dict]:
    """The points at which every condition of ``domain`` rigorously holds."""
    return [dict(p) for p in points if all(holds_at(c, p) for c in domain)]


def substitution(domain: Sequence[sp.Basic]) -> tuple[dict[sp.Symbol, sp.Expr], list[str]]:
    """``x > c`` (``x >= c``, ``x < c``, ``a x + b > 0`` with rational ``a, b``) in the
    domain -> ``{x: c + t}`` with a fresh ``t`` positive (nonnegative): every point of the
    domain is reached by some ``t``, so a statement proved for all such ``t`` holds on the
    domain. One bound per variable (the first); returns the substitution and its text."""
    sub: dict[sp.Symbol, sp.Expr] = {}
    said: list[str] = []
    for cond in domain:
        try:
            d, kind = slack_of(cond)
        except ValueError:
            continue
        syms = d.free_symbols
        if kind == "!=" or len(syms) != 1:
            continue
        (x,) = syms
        if x in sub:
            continue
        try:
            poly = sp.Poly(d, x)
        except sp.PolynomialError:
            continue
        if poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
            continue
        a, b = poly.all_coeffs()
        c = -b / a
        t = sp.Dummy(f"t_{x.name}", positive=True) if kind == ">" else sp.Dummy(
            f"t_{x.name}", nonnegative=True)
        sub[x] = c + t if a > 0 else c - t
        rel = {(True, True): r"\ge", (True, False): ">", (False, True): r"\le",
               (False, False): "<"}[(bool(a > 0), kind == ">=")]
        said.append(f"${sp.latex(x)} {rel} {sp.latex(c)}$")
    return sub, said


def describe(domain: Sequence[sp.Basic]) -> str:
    """The domain as rich text, ``$x > 0$, $x + 1 \\neq 0$``."""
    from derive.latex import tex

    return ", ".join(f"${tex(c)}$" for c in domain)


def implied(domain: Sequence[sp.Basic]) -> list[sp.Basic]:
    r"""The conditions of ``domain`` that its one-variable bounds imply, each shown by the
    kernel (``certify_nonnegative``) after the substitution ``x = c + t`` of ``substitution``
    (``x y \ge 0``, the square root's condition in ``2\sqrt{x y} \le x + y``, given ``x \ge 0``,
    ``y \ge 0``). Dropping them leaves the same set of points (so the engine's proofs and
    counterexamples stand) without constraints it would otherwise have to check."""
    if not substitution(domain)[0]:
        return []
    used = {c for c in domain if _is_bound(c)}
    out = []
    for cond in domain:
        if cond in used:
            continue
        try:
            d, kind = slack_of(cond)
        except ValueError:
            continue
        tries = [(d, kind == ">")] if kind != "!=" else [(d, True), (-d, True)]
        if any(nonnegative_on(e, domain, strict) is not None for e, strict in tries):
            out.append(cond)
    return out


def nonnegative_on(u: sp.Expr, domain: Sequence[sp.Basic], strict: bool = False,
                   engine: float = 0.0):
    r"""The kernel's step showing ``u \ge 0`` (``> 0``) at every point of ``domain`` from its
    one-variable bounds (``certify_nonnegative`` after the substitution ``x = c + t``), else,
    given ``engine`` seconds, by the real-analysis engine on the whole domain (``\cos x \ge 0``
    on ``0 < x < \frac{\pi}{2}``), or None."""
    from derive.proof import PROVED, certify_nonnegative

    claim = f"{u} {'>' if strict else '>='} 0 on the domain"
    sub, _ = substitution(domain)
    if sub and u.free_symbols <= set(sub):
        u_t = u.xreplace(sub)
        step = certify_nonnegative(u_t, u_t, claim, strict, points=[])
        if step.verdict == PROVED:
            return step
    if engine > 0:
        from derive import realprove

        step = realprove.decide(u, strict, tuple(domain), claim, seconds=engine)
        if step.verdict == PROVED:
            return step
    return None


def _is_bound(cond: sp.Basic) -> bool:
    """Whether ``cond`` is a one-variable linear bound with rational coefficients (what
    ``substitution`` may use)."""
    try:
        d, kind = slack_of(cond)
    except ValueError:
        return False
    if kind == "!=" or len(d.free_symbols) != 1:
        return False
    (x,) = d.free_symbols
    try:
        poly = sp.Poly(d, x)
    except sp.PolynomialError:
        return False
    return poly.degree() == 1 and all(c.is_Rational for c in poly.all_coeffs())
