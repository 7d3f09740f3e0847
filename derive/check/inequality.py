r"""Inequalities in one to five real variables: a structural sign (``certify_nonnegative``),
a factored form or completed square, or the exact substitution ``u = e^z > 0`` that turns the
activations into rational functions of ``u``; refuted at a grid point where an interval
enclosure has the wrong sign; constants by ``certify_sign``."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from derive import clock, realprove
from derive.check.common import (
    EQUATION_SECONDS,
    _deadline,
    _explicit,
    _on_time,
    _points,
    _tex,
    _unknown,
    max_as_abs,
    tex_math,
)
from derive.check.domain import describe, implied, nonnegative_on, slack_of, substitution
from derive.polygens import MAX_ROOT_POWER
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


def decide_inequality(lhs: sp.Expr, op: str, rhs: sp.Expr, claim: str,
                      domain: Sequence[sp.Basic] = ()) -> Step:
    d, strict = _slack(lhs, op, rhs)
    return prove_nonnegative(_explicit(d), claim, strict, domain)


def prove_nonnegative(d: sp.Expr, claim: str, strict: bool,
                      domain: Sequence[sp.Basic] = ()) -> Step:
    r"""``d >= 0`` (``> 0``) at every point of ``domain`` (every real value of its, at most
    ``realprove.MAX_VARIABLES``, variables where ``d`` is real and the conditions hold):
    constants by interval enclosure; otherwise a certificate for every real value (a
    structural sign, a factored form, a completed square, the substitution ``u = e^z``,
    cases of a ``Heaviside``), or one after the substitution ``x = c + t`` for a bound
    ``x > c`` of the domain, or the real-analysis engine ``derive.realprove.decide``;
    refuted at a grid point of the domain."""
    _on_time()
    syms = sorted(d.free_symbols, key=lambda s: s.name)
    if not syms:
        return certify_sign(d, claim, strict)
    if len(syms) > realprove.MAX_VARIABLES:
        return _unknown(claim, f"an inequality in more than {realprove.MAX_VARIABLES} variables")
    step = _certificates(d, syms, claim, strict, _points(syms, domain))
    if step.verdict != UNKNOWN:
        return step
    if d.has(sp.Max, sp.Min):  # max(a, b) = (a + b + |a - b|)/2: certificates see |.|
        again = _certificates(max_as_abs(d), syms, claim, strict, [])
        if again.verdict == PROVED:
            return certify_all(claim, again.method, [again], f"{again.reason} (after writing "
                               r"$\max(a, b) = \frac{a + b + |a - b|}{2}$, $\min(a, b) = "
                               r"\frac{a + b - |a - b|}{2}$)")
    multiple = _premise_multiple(d, claim, strict, domain)
    if multiple is not None:
        return multiple
    sub, said = substitution(domain)
    if sub:
        d_t = d.xreplace(sub)
        again = _certificates(d_t, sorted(d_t.free_symbols, key=lambda s: s.name), claim,
                              strict, [])
        if again.verdict == PROVED:
            return certify_all(claim, again.method, [again], f"{again.reason} for "
                               f"{', '.join(said)} (the domain: {describe(domain)})")
    _on_time()
    redundant = implied(domain)  # implied by the bounds: the same points, fewer constraints
    d_root, shown = _odd_roots(d, domain)
    engine = realprove.decide(d_root, strict, tuple(c for c in domain if c not in redundant),
                              claim, seconds=max(0.5, min(EQUATION_SECONDS, _deadline[0] -
                                                          clock.now() - 0.5)))
    if engine.verdict == PROVED and shown:
        roots = ", ".join(f"${_tex(u)} \\ge 0$" for u in shown)
        return certify_all(claim, engine.method, [*shown.values(), engine],
                           f"on the domain {roots}, so each real odd root "
                           r"$\operatorname{sign}(u)\,|u|^{r} = u^{r}$: " + engine.reason)
    if engine.verdict != UNKNOWN:
        return engine  # a counterexample of d_root is one of d: the two agree on the domain
    # the engine's reason says how far it got (where boxes were left, or its time)
    return Step(claim, engine.method, UNKNOWN, f"no certificate found; {engine.reason}")


def _odd_roots(d: sp.Expr, domain: Sequence[sp.Basic]) -> tuple[sp.Expr, dict]:
    r"""``d`` with the reader's real odd roots ``\operatorname{sign}(u) |u|^{r}`` written
    ``u^{r}`` (and ``|u|`` written ``u``) for each ``u`` the kernel shows ``\ge 0`` on the
    domain (at ``u = 0`` both are 0), and those steps; ``d`` itself when none is shown or a
    ``\operatorname{sign}(u)`` would be left alone."""
    shown: dict[sp.Expr, Step] = {}
    out = d
    for sgn in d.atoms(sp.sign):
        u = sgn.args[0]
        step = nonnegative_on(u, domain, engine=min(2.0, EQUATION_SECONDS / 4))
        if step is None:
            continue
        # sign(u) |u|^r (r > 0) and its reciprocal sign(u)^-1 |u|^-r: the sign's power and
        # the root's exponent of one sign (at u = 0 both are 0, or both undefined)
        def root(e, u=u, sgn=sgn):
            return e.is_Mul and any(
                (f == sgn or f == 1 / sgn) and any(
                    a.is_Pow and a.base == u and (a.exp > 0) == (f == sgn) for a in e.args)
                for f in e.args)

        new = out.xreplace({sp.Abs(u): u}).replace(
            root, lambda e, sgn=sgn: sp.Mul(*[a for a in e.args if a not in (sgn, 1 / sgn)]))
        if new.has(sgn):
            continue
        out, shown[u] = new, step
    return out, shown


def _certificates(d: sp.Expr, syms: list[sp.Symbol], claim: str, strict: bool,
                  points: list[dict]) -> Step:
    """The certificates for every real value of ``syms``; counterexamples only among
    ``points`` (none searched when ``points`` is empty)."""
    first = certify_nonnegative(d, d, claim, strict, points=points)
    if first.verdict != UNKNOWN:
        return first
    rational = d.is_rational_function(*syms)  # factoring helps only there (and is slow else)
    for cert in ((_factored(d), _square_certificate(d, syms[0]) if len(syms) == 1 else None)
                 if rational else ()):
        if cert is not None:
            step = certify_nonnegative(d, cert, claim, strict, points=[])
            if step.verdict == PROVED:
                return step
    if d.has(sp.Heaviside):
        cases = _heaviside_cases(d, claim, strict)
        if cases is not None:
            return cases
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
                       f"$u = e^{{{_tex(z)}}} > 0$ turns it into ${_tex(cert)} "
                       + ("> 0$" if strict else r"\ge 0$"))
    if step.verdict == PROVED:
        return step
    return Step(claim, "certificate", UNKNOWN,
                f"no certificate found ($u = e^{{{_tex(z)}}}$ gives {tex_math(cert)}, sign not "
                "decided) "
                "and no counterexample on the grid")


def _heaviside_cases(d: sp.Expr, claim: str, strict: bool) -> Step | None:
    r"""``d`` with one ``Heaviside(s)`` (ReLU's derivative): ``H`` takes only the values 0
    and 1 (``H(0) = 0``, derive's convention), so ``d >= 0`` everywhere when both
    ``d[H := 0]`` and ``d[H := 1]`` are ``>= 0`` for every value (a stronger statement)."""
    hs = d.atoms(sp.Heaviside)
    if len(hs) != 1:
        return None
    (h,) = hs
    if len(h.args) > 1 and h.args[1] not in (0, 1):
        return None
    steps = []
    for v in (0, 1):
        case = d.xreplace({h: sp.Integer(v)})
        syms = sorted(case.free_symbols, key=lambda s: s.name)
        steps.append(certify_sign(case, f"{_tex(h)} = {v}", strict) if not syms else
                     _certificates(case, syms, f"{_tex(h)} = {v}", strict, []))
    step = certify_all(claim, "certificate", steps,
                       f"the step function {tex_math(h)} ($f'$ of ReLU) is 0 or 1, and both cases "
                       "hold: "
                       + "; ".join(s.reason for s in steps))
    return step if step.verdict == PROVED else None


def _premise_multiple(d: sp.Expr, claim: str, strict: bool,
                      domain: Sequence[sp.Basic]) -> Step | None:
    r"""``d >= 0`` (``> 0``) on the domain from one of its conditions ``g >= 0`` (``g > 0``):
    ``d = (d - c g) + c g`` with a rational ``c > 0`` and ``d - c g >= 0`` everywhere by a
    certificate (``> 0`` when ``d`` is strict and ``g`` is not), e.g. ``|w|/4 - 1 >= 0`` on
    ``|w| >= 4`` (``c = 1/4``, the rest 0); else None."""
    for r in domain:
        if not isinstance(r, (sp.Ge, sp.Gt, sp.Le, sp.Lt)):
            continue
        g, kind = slack_of(r)
        g_strict = kind == ">"
        ratio = sp.cancel(d / g) if g != 0 else None
        cs = [ratio] if ratio is not None and ratio.is_Rational and ratio > 0 else []
        for c in (*cs, *(sp.Rational(k) for k in ("1", "1/2", "1/4", "2", "4"))):
            rest = sp.expand(d - c * g)
            step = certify_nonnegative(rest, rest, f"{_tex(d)} - {_tex(c * g)} "
                                       + ("> 0" if strict and not g_strict else r"\ge 0"),
                                       strict and not g_strict, points=[])
            if step.verdict != PROVED:
                continue
            same = certify_identity(d, rest + c * g, "the split is exact", points=[])
            rel = ">" if g_strict else r"\ge"
            done = certify_all(claim, "certificate", [step, same],
                               f"${_tex(d)} = ({_tex(rest)}) + {_tex(c)} ({_tex(g)})$ with "
                               f"${_tex(rest)} \\ge 0$ everywhere and ${_tex(g)} {rel} 0$ on "
                               f"the domain (${_tex(r)}$)")
            if done.verdict == PROVED:
                return done
    return None


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
    if any(abs(p.exp) > MAX_ROOT_POWER for p in e.atoms(sp.Pow) if p.base == u):
        return None  # (u^9000 from e^{9000 z}: factoring it takes the equation's whole time)
    return None if e.has(z) else e
