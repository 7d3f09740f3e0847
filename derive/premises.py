r"""Premises in several variables: the slack as a nonnegative combination of facts (issue #11).

``combine(problem, claim, seconds)`` proves the ``BoxProblem`` ``slack >= 0`` (``> 0``) by
linear reasoning over terms, the Polya prover's way (Avigad, Lewis, Roux 2014): with the
non-polynomial terms (``\ln x``, ``e^{1 + x^2}``, ``\max(a, b)``) taken as unknowns, it finds
rationals ``lam_j >= 0`` and a rational ``c >= 0`` with

    slack = lam_1 h_1 + ... + lam_k h_k + c        (an identity where the slack is defined)

where every ``h_j >= 0`` (``> 0``) is a *fact* of the domain ``D``, defined at every point of
``D``:

* a **premise** ``g >= 0`` (``g > 0``) of ``D`` (its kernel step: a one-box certificate whose
  ``bound`` node is the premise itself);
* a **monotone bound**: a term ``F(u)`` with ``F`` increasing (``exp``, ``ln``, ``arctan``,
  ...) and ``u >= a`` (``u <= b``) on the domain's box (a rational end of ``u``'s enclosure)
  gives ``F(u) - F(a) >= 0``, decided by the whole engine (``derive.realprove``) on the box;
* a **maximum or minimum**: ``\max(a, b) - a >= 0``, decided the same way.

The rationals come from a small exact simplex (``_feasible``, Bland's rule, ``Fraction``:
SymPy 1.14's ``linprog`` was tried; it returned a point breaking the equations of an
infeasible problem)
over the terms of the *expanded* forms (``\ln(x y^2) -> \ln x + 2 \ln y`` taken apart with
SymPy's ``expand_log(force=True)``, a heuristic only: the kernel's ``certify_identity`` then
proves the identity above for the expressions as they are, on ``D``'s sign conditions, e.g.
``\ln(x y^2 z^3) = \ln x + \ln(y^2) + 3 \ln z`` where ``x > 0``, ``z > 0``). The proof: the
facts (each times its ``lam_j``) added by *sum of inequalities* (a strict one last), the
constant by ``certify_sign``, and *equal functions* with the identity. Every fact is defined on
all of ``D`` (premises by the meaning of a domain; the others by an enclosure of each of their
definedness conditions on the box), so the sum is defined wherever the slack is.

When the slack is ``A - B`` with ``A, B > 0`` on ``D`` (single terms), the same is tried for
``\ln A - \ln B`` (``x > 1`` from ``\ln x > 2 y + z``; ``\sqrt[3]{x^9 y^4} > x^3 y`` from
``y > 1``), and the rule *logarithm of both sides* concludes. A premise ``A - B >= 0`` with
``A, B > 0`` also gives the fact ``\ln A - \ln B >= 0`` (*monotone function*: ``-\ln t``
decreases; the case ``e^{2x} >= e^{3x}`` of ``\ln \max(e^{2x}, e^{3x}) >= 3x`` is ``-x >= 0``).
Variables whose sign is not on the box but is a combination of the premises (``v > u > 0``)
get it first (``_derived_signs``: each sign a proved step, a premise of the conclusion), so
that ``2 u^2 x < v y^2`` where ``0 < u < v < 1``, ``2 <= x <= y`` is taken apart too.

Last, ``boundary``: a premise ``c(x) y + r(x) >= 0`` with ``c`` of one sign bounds ``y`` by
``phi(x) = -r(x)/c(x)``, and a slack moving towards that bound in ``y`` is at least its value
on the boundary (``\arctan x + \arctan y < \pi/2`` where ``x y < 1``: falling in ``y``, and
``\arctan x + \arctan(1/x) = \pi/2``), a claim in one variable fewer (*mean value theorem*).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

from derive import clock, intervals
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxNode,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    box_env,
    certify_identity,
    certify_nonnegative,
    certify_on_boxes,
    certify_sign,
    definedness,
    time_limit,
)

# increasing functions of one argument (a term F(u) is bounded by F at u's bounds)
INCREASING = (sp.exp, sp.log, sp.atan, sp.asinh, sp.sinh, sp.tanh, sp.erf)
MAX_TERMS = 24  # terms (unknowns) of the linear problem, at most
MAX_FACTS = 40
FACT_SECONDS = 1.0  # at most, for the engine's decision of one fact
GE = r"\ge"
_ACTIVE = Nesting()  # a fact decided by the engine does not come back here


class _GiveUp(Exception):
    pass


def combine(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """The proved step for ``problem`` by a nonnegative combination of facts (module
    docstring), else None."""
    if _ACTIVE or not problem.variables:
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        try:
            got = _combined(problem, problem.slack, problem.strict, claim, deadline)
            if got is None:
                signed, signs = _derived_signs(problem, deadline)
                got = _logarithms(signed, claim, deadline, signs)
            if got is None:
                got = boundary(problem, claim, deadline)
            return got
        except (_GiveUp, StepTimeout):
            return None


# ------------------------------------------------------------------------ terms

def _linear(e: sp.Expr, signs: dict | None = None) -> dict[sp.Expr, sp.Rational] | None:
    """``e`` as ``{term: coefficient}`` (the constant under the key 1) after taking logarithms
    of products apart, each variable's sign on the box (``signs``: variable -> a symbol with
    that assumption) used; None when a coefficient is not rational."""
    back = {v: k for k, v in (signs or {}).items()}
    e = sp.expand(sp.expand_log(e.xreplace(signs or {}), force=True), power_exp=False)
    out: dict[sp.Expr, sp.Rational] = {}
    for t in sp.Add.make_args(e.xreplace(back)):
        c, rest = t.as_coeff_Mul()
        if not c.is_Rational:
            return None
        if rest.is_Rational:
            c, rest = c * rest, sp.Integer(1)
        out[rest] = out.get(rest, 0) + c
    return {k: v for k, v in out.items() if v != 0}


def _rational(x) -> sp.Rational | None:
    """The exact arb endpoint ``x`` as a Rational (None: infinite)."""
    if not x.is_finite():
        return None
    m, e = x.mid().man_exp()
    return sp.Integer(int(m)) * sp.Integer(2) ** int(e)


def _simple(x: sp.Rational | None, up: bool) -> sp.Rational | None:
    """A rational of small denominator just beyond ``x`` (below it unless ``up``)."""
    if x is None:
        return None
    if sp.denom(x) <= 1000:
        return x
    step = max(abs(x), sp.Integer(1)) / 10 ** 12
    return (intervals.simplest_rational(x, x + step) if up
            else intervals.simplest_rational(x - step, x))


def _ends(u: sp.Expr, problem: BoxProblem) -> tuple[sp.Rational | None, sp.Rational | None]:
    """Rational bounds of ``u`` on the domain's box, from an enclosure (None: unbounded)."""
    try:
        with intervals.precision(64):
            enc = intervals.compile_expr(u, problem.variables)(box_env(problem.bounds),
                                                               defined=True)
    except (intervals.NotEnclosable, ArithmeticError, TypeError, ValueError):
        return None, None
    if enc is None:
        return None, None
    return _simple(_rational(enc.lo), up=False), _simple(_rational(enc.hi), up=True)


# ------------------------------------------------------------------------ facts

class _Fact:
    """``expr >= 0`` (``> 0`` if ``strict``; None: perhaps strict, the engine decides) on the
    domain: the premise number ``index``; with ``sides = (A, B)`` the logarithm of that
    premise ``A - B >= 0``, ``expr = ln A - ln B``; else a claim for the engine on ``rels``."""

    def __init__(self, expr: sp.Expr, strict: bool | None, signs: dict, index: int = -1,
                 rels=(), sides: tuple | None = None, extremum: tuple | None = None):
        self.expr, self.strict, self.index, self.rels = expr, strict, index, list(rels)
        self.sides, self.extremum = sides, extremum  # extremum: (max or min, argument index)
        self.linear = _linear(expr, signs)


def _box_rels(problem: BoxProblem, symbols) -> list[sp.Basic]:
    """The box's ends of the variables in ``symbols`` as relations."""
    out = []
    for i, (v, (lo, hi)) in enumerate(zip(problem.variables, problem.bounds)):
        if v not in symbols:
            continue
        if lo is not None:
            out.append(v > lo if (i, "lo") in problem.opens else v >= lo)
        if hi is not None:
            out.append(v < hi if (i, "hi") in problem.opens else v <= hi)
    return out


def _defined_on_box(e: sp.Expr, problem: BoxProblem) -> bool:
    """Whether every definedness condition of ``e`` holds on the whole box (enclosures), or
    is a condition of the domain or a variable's sign on the box (``x > 0`` at an open end)."""
    env = box_env(problem.bounds)
    known = set(_rels(problem)) | set(_signs(problem))
    for c in definedness(e):
        if c is sp.false:
            return False
        if c in known:
            continue
        if isinstance(c, sp.Ne):
            g, want = c.lhs - c.rhs, "ne"
        elif isinstance(c, (sp.Gt, sp.Ge)):
            g, want = c.lhs - c.rhs, "gt" if isinstance(c, sp.Gt) else "ge"
        elif isinstance(c, (sp.Lt, sp.Le)):
            g, want = c.rhs - c.lhs, "gt" if isinstance(c, sp.Lt) else "ge"
        else:
            return False
        try:
            with intervals.precision(64):
                enc = intervals.compile_expr(g, problem.variables)(env, defined=True)
        except (intervals.NotEnclosable, ArithmeticError, TypeError, ValueError):
            return False
        if enc is None:
            return False
        ok = (enc.lo > 0 if want == "gt" else enc.lo >= 0 if want == "ge"
              else enc.lo > 0 or enc.hi < 0)
        if not ok:
            return False
    return True


def _facts(problem: BoxProblem, slack: sp.Expr) -> list[_Fact]:
    """The premises, and the monotone bounds and maxima of the terms of ``slack`` and of the
    premises (each defined on the whole box)."""
    signs = _sign_symbols(problem)
    facts = [_Fact(g, kind == "gt", signs, index=i)
             for i, (g, kind) in enumerate(problem.constraints) if kind in ("ge", "gt")]
    for f in list(facts):  # A - B >= 0 with A, B > 0: ln A - ln B >= 0
        sides = _sides(f.expr)
        if sides is None or any(s.is_number for s in sides):
            continue
        a, b = sides
        expr = sp.log(a) - sp.log(b)
        if set(definedness(expr)) <= set(definedness(sp.log(a, evaluate=False)
                                                     - sp.log(b, evaluate=False))):
            facts.append(_Fact(expr, f.strict, signs, index=f.index, sides=sides))
    terms: dict[sp.Expr, None] = {}
    for f in [_linear(slack, signs)] + [f.linear for f in facts]:
        for t in f or {}:
            if t.free_symbols:
                terms[t] = None
    for t in terms:
        for expr, extremum in _term_facts(t, problem):
            if len(facts) >= MAX_FACTS:
                break
            if _defined_on_box(expr, problem):
                facts.append(_Fact(expr, None, signs, extremum=extremum,
                                   rels=_box_rels(problem, expr.free_symbols)))
    return [f for f in facts if f.linear is not None]


def _sides(e: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(A, B)`` with ``e = A - B``, each a single term, or None."""
    pos = [t for t in sp.Add.make_args(e) if t.as_coeff_Mul()[0] > 0]
    neg = [-t for t in sp.Add.make_args(e) if t.as_coeff_Mul()[0] < 0]
    if len(pos) != 1 or len(neg) != 1 or len(pos) + len(neg) != len(sp.Add.make_args(e)):
        return None
    return pos[0], neg[0]


def _term_facts(t: sp.Expr, problem: BoxProblem) -> list[tuple[sp.Expr, tuple | None]]:
    """``F(u) - F(a)``, ``F(b) - F(u)`` for ``F`` increasing and ``a <= u <= b`` on the box
    (and ``F(u) - q`` with a rational ``q <= F(a)`` when ``F(a)`` is irrational); ``M - a_i``
    for ``M = \\max(a_1, ...)`` (``a_i - M`` for a minimum; with ``(M, i)``), and ``F(M) -
    F(a_i)``."""
    out: list[sp.Expr] = []
    inner, outer = t, None
    if isinstance(t, INCREASING) and len(t.args) == 1:
        inner, outer = t.args[0], type(t)
        lo, hi = _ends(inner, problem)
        for end, sign in ((lo, 1), (hi, -1)):
            if end is None:
                continue
            at = outer(end)
            if not (at.is_real and at.is_finite):
                continue
            out.append((sign * (t - at), None))
            if not at.is_Rational:
                q = _rational_side(at, below=sign > 0)
                if q is not None:
                    out.append((sign * (t - q), None))
    if isinstance(inner, (sp.Max, sp.Min)):
        sign = 1 if isinstance(inner, sp.Max) else -1
        for k, a in enumerate(inner.args):
            out.append((sign * (t - (outer(a) if outer else a)),
                        None if outer else (inner, k)))
    return out


def _rational_side(c: sp.Expr, below: bool) -> sp.Rational | None:
    """A rational ``<= c`` (``below``) or ``>= c`` near the constant ``c``."""
    try:
        with intervals.precision(64):
            enc = intervals.compile_expr(c, ())([], defined=True)
    except (intervals.NotEnclosable, ArithmeticError, TypeError, ValueError):
        return None
    if enc is None:
        return None
    return _simple(_rational(enc.lo if below else enc.hi), up=not below)


# ------------------------------------------------------------------------ the linear problem

def _feasible(rows: list[list[Fraction]], rhs: list[Fraction], gain: list[Fraction]
              ) -> list[Fraction] | None:
    """A point ``x >= 0`` with ``rows x = rhs``, the objective ``gain . x`` made as large as
    the simplex gets it (to a positive value when one exists: an unbounded one is followed
    one step along its ray), or None when there is no such point. Exact (``Fraction``),
    Bland's rule (the pivots cannot cycle)."""
    m, n = len(rows), len(gain)
    a = [[Fraction(v) for v in r] + [Fraction(0)] * m for r in rows]
    b = [Fraction(v) for v in rhs]
    for i in range(m):
        if b[i] < 0:
            a[i] = [-v for v in a[i]]
            b[i] = -b[i]
        a[i][n + i] = Fraction(1)
    basis = [n + i for i in range(m)]

    def solve(cost: list[Fraction], allowed: int) -> list[Fraction] | None:
        """Maximise ``cost``; None when done, else a ray step already taken."""
        while True:
            duals = [cost[basis[i]] for i in range(m)]
            enter = next((j for j in range(allowed) if j not in basis and
                          cost[j] - sum(duals[i] * a[i][j] for i in range(m)) > 0), None)
            if enter is None:
                return None
            ratios = [(b[i] / a[i][enter], basis[i], i) for i in range(m) if a[i][enter] > 0]
            if not ratios:  # unbounded: one unit along the ray
                x = _point(a, b, basis, n + m)
                x[enter] += 1
                for i in range(m):
                    x[basis[i]] -= a[i][enter]
                return x
            _, _, r = min(ratios)
            _pivot(a, b, basis, r, enter)

    solve([Fraction(0)] * n + [Fraction(-1)] * m, n + m)  # phase 1: artificials out
    x = _point(a, b, basis, n + m)
    if any(x[n + i] != 0 for i in range(m)):
        return None
    for i in range(m):  # an artificial left in the basis at 0: pivot it out if it can be
        if basis[i] >= n:
            j = next((j for j in range(n) if j not in basis and a[i][j] != 0), None)
            if j is not None:
                _pivot(a, b, basis, i, j)
    cost = [Fraction(v) for v in gain] + [Fraction(0)] * m
    ray = solve(cost, n)
    x = ray if ray is not None else _point(a, b, basis, n + m)
    return x[:n]


def _pivot(a, b, basis, r: int, j: int) -> None:
    """Row ``r`` solved for column ``j`` (which enters the basis), eliminated elsewhere."""
    piv = a[r][j]
    a[r] = [v / piv for v in a[r]]
    b[r] /= piv
    for i in range(len(a)):
        if i != r and a[i][j] != 0:
            f = a[i][j]
            a[i] = [v - f * w for v, w in zip(a[i], a[r])]
            b[i] -= f * b[r]
    basis[r] = j


def _point(a, b, basis, size) -> list[Fraction]:
    x = [Fraction(0)] * size
    for i, j in enumerate(basis):
        x[j] = b[i]
    return x


def _certificate(slack_lin: dict, facts: list[_Fact], strict: bool
                 ) -> tuple[list[tuple[Fraction, _Fact]], Fraction] | None:
    """``([(lam_j, fact_j)], c)`` with ``slack = sum lam_j h_j + c`` term by term, every
    ``lam_j >= 0``, ``c >= 0`` (and for a strict claim ``c > 0`` or a ``lam_j > 0`` on a fact
    that may be strict), or None."""
    one = sp.Integer(1)
    keys = [k for k in dict.fromkeys([*slack_lin, *(k for f in facts for k in f.linear)])
            if k != one]
    if len(keys) > MAX_TERMS:
        return None
    cols = [f.linear for f in facts]
    rows = [[Fraction(int(sp.numer(c.get(k, 0))), int(sp.denom(c.get(k, 0)))) for c in cols]
            + [Fraction(0)] for k in keys]
    rows.append([_frac(c.get(one, 0)) for c in cols] + [Fraction(1)])
    rhs = [_frac(slack_lin.get(k, 0)) for k in keys] + [_frac(slack_lin.get(one, 0))]
    gain = [Fraction(int(f.strict is not False)) for f in facts] + [Fraction(1)]
    x = _feasible(rows, rhs, gain)
    if x is None:
        return None
    if strict and not any(v > 0 for v, g in zip(x, gain) if g):
        return None
    return [(v, f) for v, f in zip(x, facts) if v > 0], x[-1]


def _frac(r) -> Fraction:
    r = sp.Rational(r)
    return Fraction(int(r.p), int(r.q))


# ------------------------------------------------------------------------ the proof

def _rels(problem: BoxProblem) -> list[sp.Basic]:
    """The domain's conditions as relations (the box's ends are among them)."""
    return [CONSTRAINT_RELATIONS[kind](g, 0) for g, kind in problem.constraints]


def _signs(problem: BoxProblem) -> list[sp.Basic]:
    """``v > 0`` (``v >= 0``, ``v < 0``, ``v <= 0``) for each variable whose box has that sign:
    true on the domain, the assumptions SymPy's identities need (``\\ln(x y) = \\ln x + \\ln
    y`` for ``x, y > 0``)."""
    out = []
    for i, (v, (lo, hi)) in enumerate(zip(problem.variables, problem.bounds)):
        if lo is not None and (lo > 0 or lo == 0 and (i, "lo") in problem.opens):
            out.append(v > 0)
        elif lo is not None and lo == 0:
            out.append(v >= 0)
        elif hi is not None and (hi < 0 or hi == 0 and (i, "hi") in problem.opens):
            out.append(v < 0)
        elif hi is not None and hi == 0:
            out.append(v <= 0)
    return out


def _sign_symbols(problem: BoxProblem) -> dict[sp.Symbol, sp.Symbol]:
    """Each variable with a sign on the box -> a symbol with that assumption (for finding a
    combination only: the kernel proves the identity itself)."""
    out = {}
    for r in _signs(problem):
        v = r.lhs
        kind = {sp.StrictGreaterThan: "positive", sp.GreaterThan: "nonnegative",
                sp.StrictLessThan: "negative", sp.LessThan: "nonpositive"}[type(r)]
        out[v] = sp.Symbol(v.name, **{kind: True})
    return out


def _left(deadline: float) -> float:
    left = deadline - clock.now()
    if left <= 0.1:
        raise _GiveUp
    return left


def _fact_step(problem: BoxProblem, lam: Fraction, fact: _Fact, strict: bool,
               deadline: float) -> Step:
    """``lam h >= 0`` (``> 0`` if ``strict``) on the domain: a premise by a one-box
    certificate (its ``bound`` node is the premise), another fact by the engine."""
    from derive import realprove  # the engine decides the facts that are not premises

    lam_r = sp.Rational(lam.numerator, lam.denominator)
    e = lam_r * fact.expr
    what = f"{tex(e)} {'>' if strict else GE} 0"
    if fact.sides is not None:
        step = _log_of_premise(problem, fact, strict, deadline)
        if lam_r == 1 or step.verdict != PROVED:
            return step
        return apply_rule("change of variable", [certify_sign(lam_r, f"{tex(lam_r)} > 0", True),
                                                 step], what)
    if fact.index >= 0:
        own = BoxProblem(e, strict, problem.variables, problem.bounds, problem.opens,
                         problem.constraints)
        root = BoxNode("bound", (), problem.bounds, 1, strict, problem.opens,
                       cut=(fact.index, lam_r))
        return certify_on_boxes(own, root, what, min(2.0, _left(deadline)))
    if fact.extremum is not None and not strict:
        step = _extremum_step(problem, lam_r, fact, what, deadline)
        if step.verdict == PROVED:
            return step
    seconds = min(FACT_SECONDS, 0.5 * _left(deadline))
    return realprove.decide(e, strict, fact.rels, what, seconds=seconds)


def _extremum_step(problem: BoxProblem, lam: sp.Rational, fact: _Fact, what: str,
                   deadline: float) -> Step:
    """``lam (max(a_1, ..., a_n) - a_i) >= 0`` (``lam (a_i - min(...)) >= 0``): the cases where
    each ``a_j`` is the largest (smallest), the max (min) replaced by it (*case split*): 0 for
    ``j = i``, else ``lam (a_j - a_i) >= 0`` where the case says ``a_j - a_i >= 0`` (a one-box
    certificate, its ``bound`` node that condition)."""
    m, i = fact.extremum
    args, big = m.args, isinstance(m, sp.Max)
    steps = []
    for j, aj in enumerate(args):
        conds = tuple(((aj - ak) if big else (ak - aj), "ge") for k, ak in enumerate(args)
                      if k != j)
        rest = lam * ((aj - args[i]) if big else (args[i] - aj))
        where = ", ".join(f"{tex(g)} \\ge 0" for g, _ in conds)
        if j == i or rest == 0:
            steps.append(certify_sign(sp.Integer(0), f"0 \\ge 0 \\text{{ where }} {where}"))
            continue
        case = BoxProblem(rest, False, problem.variables, problem.bounds, problem.opens,
                          problem.constraints + conds)
        at = len(problem.constraints) + (i if i < j else i - 1)  # the condition a_j - a_i
        root = BoxNode("bound", (), problem.bounds, 1, False, problem.opens, cut=(at, lam))
        steps.append(certify_on_boxes(case, root, f"{tex(rest)} \\ge 0 \\text{{ where }} "
                                      f"{where}", min(2.0, _left(deadline))))
    return apply_rule("case split", steps, what, f"the cases where each argument of "
                      f"${tex(m)}$ is the {'largest' if big else 'smallest'}, each proved")


def _positive(e: sp.Expr, problem: BoxProblem, deadline: float) -> Step:
    """``e > 0`` on the domain: from its structure (SymPy's assumptions, the variables' signs
    on the box), else by the engine."""
    from derive import realprove

    what = f"{tex(e)} > 0"
    step = certify_nonnegative(e, e, what, strict=True, domain=_rels(problem) + _signs(problem))
    if step.verdict == PROVED:
        return step
    return realprove.decide(e, True, _rels(problem), what,
                            seconds=min(FACT_SECONDS, 0.3 * _left(deadline)))


def _log_of_premise(problem: BoxProblem, fact: _Fact, strict: bool, deadline: float) -> Step:
    """``ln A - ln B >= 0`` (``> 0``) from the premise ``A - B >= 0`` (``> 0``) with ``A, B > 0``:
    *monotone function* with ``g(t) = -ln t``, ``g' = -1/t < 0`` on ``J = (0, oo)``."""
    from derive import realprove

    a, b = fact.sides
    g = problem.constraints[fact.index][0]
    rel = ">" if strict else GE
    own = BoxProblem(g, strict, problem.variables, problem.bounds, problem.opens,
                     problem.constraints)
    premises = [certify_on_boxes(own, BoxNode("bound", (), problem.bounds, 1, strict,
                                              problem.opens, cut=(fact.index, sp.Integer(1))),
                                 f"{tex(a)} {rel} {tex(b)}", min(2.0, _left(deadline))),
                _positive(a, problem, deadline), _positive(b, problem, deadline)]
    t = sp.Symbol("t", real=True)
    premises.append(realprove.decide(1 / t, True, [t > 0], r"-(-\ln t)' = \frac{1}{t} > 0",
                                     seconds=min(FACT_SECONDS, 0.3 * _left(deadline))))
    with time_limit(min(2.0, _left(deadline))):
        premises.append(certify_identity(fact.expr, sp.log(a) - sp.log(b),
                                         f"{tex(fact.expr)} = \\ln({tex(a)}) - \\ln({tex(b)})",
                                         domain=_rels(problem) + _signs(problem)))
    order = "<" if strict else r"\le"
    return apply_rule("monotone function", premises, f"{tex(fact.expr)} {rel} 0",
                      f"$g(t) = -\\ln t$ decreases on $(0, \\infty)$, and ${tex(b)} {order} "
                      f"{tex(a)}$ there (a premise)")


def _prove(problem: BoxProblem, slack: sp.Expr, strict: bool, claim: str,
           combo: list[tuple[Fraction, _Fact]], c: Fraction, deadline: float,
           signs: Sequence[Step] = ()) -> Step | None:
    """The kernel's step for ``slack = sum lam_j h_j + c`` (module docstring), or None.
    ``signs``: the proved steps of the sign conditions ``problem`` adds to the domain's
    (``_derived_signs``), premises of the conclusion too."""
    c_r = sp.Rational(c.numerator, c.denominator)
    # which fact carries the strictness (a premise g > 0 first, else one the engine decides)
    need = strict and c_r <= 0
    carrier = None
    if need:
        carrier = next((k for k, (_, f) in enumerate(combo) if f.strict), None)
        if carrier is None:
            carrier = next((k for k, (_, f) in enumerate(combo) if f.strict is None), None)
        if carrier is None:
            return None
    if len(combo) == 1 and c_r == 0 and combo[0][1].index < 0 and sp.expand(
            sp.Rational(combo[0][0].numerator, combo[0][0].denominator) * combo[0][1].expr
            - slack) == 0:
        return None  # (the engine's own claim again: nothing gained)
    total = c_r + sum((sp.Rational(lam.numerator, lam.denominator) * fact.expr
                       for lam, fact in combo), sp.Integer(0))
    try:  # the identity first: it is quick, and fails at once where the terms were misread
        with time_limit(min(3.0, _left(deadline))):
            same = certify_identity(slack, total, f"{tex(slack)} = {tex(total)}",
                                    domain=_rels(problem) + _signs(problem))
    except StepTimeout:
        return None
    if same.verdict != PROVED:
        return None
    steps = []
    for k, (lam, fact) in enumerate(combo):
        st = k == carrier or bool(fact.strict)
        step = _fact_step(problem, lam, fact, st, deadline)
        if step.verdict != PROVED:
            return None
        steps.append((st, sp.Rational(lam.numerator, lam.denominator) * fact.expr, step))
    if c_r != 0 or not steps:
        positive = bool(c_r > 0)
        steps.append((positive, c_r, certify_sign(c_r, f"{tex(c_r)} {'>' if positive else GE} 0",
                                                  positive)))
    steps.sort(key=lambda s: s[0])  # a strict one last (the rule's g > 0)
    acc, partial, partial_strict = None, sp.Integer(0), False
    for st, term, step in steps:
        partial, partial_strict = partial + term, partial_strict or st
        if acc is None:
            acc = step
            continue
        rel = ">" if partial_strict else r"\ge"
        acc = apply_rule("sum of inequalities", [acc, step], f"{tex(partial)} {rel} 0")
    if acc is None or acc.verdict != PROVED:
        return None
    return apply_rule("equal functions", [same, *signs, acc], claim,
                      f"${tex(slack)} = {tex(total)}$: premises of the domain and facts "
                      "about its terms, each $\\ge 0$, times rationals $\\ge 0$")


def _combined(problem: BoxProblem, slack: sp.Expr, strict: bool, claim: str,
              deadline: float) -> Step | None:
    """``slack >= 0`` (``> 0``) on the problem's domain by a combination of facts."""
    with time_limit(max(0.2, min(2.0, _left(deadline)))):
        lin = _linear(slack, _sign_symbols(problem))
        if lin is None:
            return None
        facts = _facts(problem, slack)
    if not facts:
        return None
    found = _certificate(lin, facts, strict)
    if found is None:
        return None
    return _prove(problem, slack, strict, claim, *found, deadline)


def _logarithms(problem: BoxProblem, claim: str, deadline: float,
                signs: Sequence[Step] = ()) -> Step | None:
    """``A - B`` with ``A, B > 0``: ``\\ln A - \\ln B`` by a combination, then *logarithm of
    both sides*."""
    from derive import realprove

    sides = _sides(problem.slack)
    if sides is None:
        return None
    a, b = sides
    moved = sp.log(a) - sp.log(b)
    rel = ">" if problem.strict else r"\ge"
    with time_limit(max(0.2, min(2.0, _left(deadline)))):
        lin = _linear(moved, _sign_symbols(problem))
        facts = _facts(problem, moved) if lin is not None else []
    found = _certificate(lin, facts, problem.strict) if facts else None
    if found is None:
        return None
    premises = []
    for side in (a, b):
        what = f"{tex(side)} > 0"
        step = certify_nonnegative(side, side, what, strict=True,
                                   domain=_rels(problem) + _signs(problem))
        if step.verdict != PROVED:
            step = realprove.decide(side, True, _rels(problem), what,
                                    seconds=min(FACT_SECONDS, 0.3 * _left(deadline)))
        if step.verdict != PROVED:
            return None
        premises.append(step)
    inner = _prove(problem, moved, problem.strict, f"{tex(moved)} {rel} 0", *found, deadline,
                   signs)
    if inner is None:
        return None
    return apply_rule("logarithm of both sides", [*signs, *premises, inner], claim,
                      f"both sides are $> 0$ and $\\ln$ is increasing: ${tex(sp.log(a))} "
                      f"{rel} {tex(sp.log(b))}$, proved")



def _derived_signs(problem: BoxProblem, deadline: float) -> tuple[BoxProblem, list[Step]]:
    """The problem with ``v > 0`` (``v < 0``) added for each variable without a sign on the
    box whose sign is a combination of the premises (``v > u > 0``), and the steps proving
    them on the domain (so the new domain is the same set: the conclusions cite them)."""
    bounds, opens = list(problem.bounds), set(problem.opens)
    constraints, steps = list(problem.constraints), []
    signed = {r.lhs for r in _signs(problem)}
    premises = [f for f in _facts(problem, sp.Integer(0)) if f.index >= 0 and f.sides is None]
    for i, v in enumerate(problem.variables):
        if v in signed or not premises:
            continue
        for sign in (1, -1):
            found = _certificate(_linear(sign * v), premises, True)
            if found is None:
                continue
            what = f"{tex(v)} {'>' if sign > 0 else '<'} 0"
            step = _prove(problem, sign * v, True, what, *found, deadline)
            if step is None or step.verdict != PROVED:
                continue
            steps.append(step)
            constraints.append((sign * v, "gt"))
            lo, hi = bounds[i]
            if sign > 0 and (hi is None or hi > 0):
                bounds[i] = (sp.Integer(0), hi)
                opens.add((i, "lo"))
            elif sign < 0 and (lo is None or lo < 0):
                bounds[i] = (lo, sp.Integer(0))
                opens.add((i, "hi"))
            break
    if not steps:
        return problem, []
    return BoxProblem(problem.slack, problem.strict, problem.variables, tuple(bounds),
                      frozenset(opens), tuple(constraints)), steps


# ------------------------------------------------------------------------ to a boundary

def boundary(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """A premise ``c(x) y + r(x) >= 0`` (``> 0``) with ``c < 0`` on the domain says ``y <=
    phi(x) = -r(x)/c(x)``; a slack falling in ``y`` is then at least its value on that
    boundary, ``f(x, y) >= f(x, phi(x))`` (*mean value theorem* along the segment from ``y``
    to ``phi(x)``), a claim in one variable fewer (``c > 0``: ``y >= phi(x)``, the slack
    rising). For slacks defined and smooth everywhere (no condition of ``definedness``, for
    the slack or its derivative) whose variable ``y`` has no other condition than its box:
    then the open segment lies in the domain (``x``'s conditions, ``y``'s box up to
    ``phi(x)``, shown, and the premise > 0)."""
    from derive.reduce import smooth

    slack = problem.slack
    if len(problem.variables) < 2 or definedness(slack) or not smooth(slack):
        return None
    for j, y in enumerate(problem.variables):
        own = [(e, kind) for e, kind in problem.constraints if y in e.free_symbols]
        for e, kind in own:
            if kind not in ("ge", "gt") or e.free_symbols == {y} or not e.is_polynomial(y):
                continue
            poly = sp.Poly(e, y)
            if poly.degree() != 1:
                continue
            # y's other conditions: its box only
            if any(k2 not in ("ge", "gt") or e2.free_symbols != {y}
                   or not e2.is_polynomial(y) or sp.Poly(e2, y).degree() != 1
                   for e2, k2 in own if e2 is not e):
                continue
            got = _to_boundary(problem, claim, deadline, j, e, kind, poly)
            if got is not None:
                return got
    return None


def _to_boundary(problem, claim, deadline, j, e, kind, poly) -> Step | None:
    from derive import realprove

    y = problem.variables[j]
    slack = problem.slack
    c, r = poly.all_coeffs()
    base = [CONSTRAINT_RELATIONS[k](g, 0) for g, k in problem.constraints
            if y not in g.free_symbols]  # x's conditions
    h1 = sp.diff(slack, y)
    if definedness(h1):
        return None

    def decide(expr, strict, rels, what):
        return realprove.decide(expr, strict, rels, what,
                                seconds=min(2 * FACT_SECONDS, 0.3 * _left(deadline)))

    for sign in (-1, 1):  # -1: c < 0, y <= phi, the slack falling in y
        try:
            premises = _boundary_premises(problem, decide, deadline, j, e, kind, c, r, h1,
                                          sign, base)
        except _GiveUp:
            if _left(deadline) <= 0.2:
                raise
            continue
        phi = sp.cancel(-r / c)
        face = slack.xreplace({y: phi})
        ends = f"{tex(y)} {'<' if sign < 0 else '>'} {tex(phi)}"
        return apply_rule("mean value theorem", premises, claim,
                          f"${ends}$ by a premise, and the slack moves towards it in "
                          f"${tex(y)}$: it is at least its value there, ${tex(face)}$")
    return None


def _boundary_premises(problem, decide, deadline, j, e, kind, c, r, h1, sign, base
                       ) -> list[Step]:
    """The premises of ``_to_boundary`` for one direction, each proved (the cheap and the
    likely failing first), else ``_GiveUp``."""
    y, (lo, hi) = problem.variables[j], problem.bounds[j]
    premises: list[Step] = []

    def need(step: Step) -> None:
        if step.verdict != PROVED:
            raise _GiveUp
        premises.append(step)

    need(decide(sign * c, True, base, f"{tex(sign * c)} > 0"))
    inside = [CONSTRAINT_RELATIONS[k](g, 0) for g, k in problem.constraints if g is not e]
    inside.append(e > 0)
    slope_strict = problem.strict and kind == "gt"  # y != phi: moving strictly
    # y <= phi: falling, -f_y >= 0 (sign -1); y >= phi: rising, f_y >= 0
    need(decide(sign * h1, slope_strict, inside,
                f"{tex(sign * h1)} {'>' if slope_strict else GE} 0"))
    phi = sp.cancel(-r / c)
    face = problem.slack.xreplace({y: phi})
    face_strict = problem.strict and not slope_strict
    need(decide(face, face_strict, base, f"{tex(face)} {'>' if face_strict else GE} 0"))
    far = hi if sign < 0 else lo
    if far is not None:  # phi(x) inside y's box: the segment stays in it
        gap = far - phi if sign < 0 else phi - far
        need(decide(gap, False, base, f"{tex(gap)} \\ge 0"))
    for cond in definedness(face):  # the end of the segment: the slack defined there
        need(_condition(cond, base, deadline))
    return premises


def _condition(cond: sp.Basic, rels: list, deadline: float) -> Step:
    """A definedness condition (``b > 0``, ``b >= 0``, ``b != 0`` as ``b > 0`` or ``-b > 0``)
    decided by the engine on ``rels``."""
    from derive import realprove

    seconds = min(FACT_SECONDS, 0.3 * _left(deadline))
    if isinstance(cond, sp.Ne):
        b = cond.lhs - cond.rhs
        step = realprove.decide(b, True, rels, f"{tex(b)} > 0", seconds=seconds)
        if step.verdict == PROVED:
            return step
        return realprove.decide(-b, True, rels, f"{tex(-b)} > 0", seconds=seconds)
    if isinstance(cond, (sp.Gt, sp.Ge)):
        b = cond.lhs - cond.rhs
        return realprove.decide(b, isinstance(cond, sp.Gt), rels, tex(cond), seconds=seconds)
    if isinstance(cond, (sp.Lt, sp.Le)):
        b = cond.rhs - cond.lhs
        return realprove.decide(b, isinstance(cond, sp.Lt), rels, tex(cond), seconds=seconds)
    return realprove.decide(sp.Integer(-1), False, [], tex(cond), seconds=0.1)
