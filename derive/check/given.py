r"""Premises that give an expression a value: ``\sigma'(z) = \frac14 \implies 100 \sigma'(z) = 25``,
"with $w = 100$ and $\sigma'(z) = \frac14$, $w \sigma'(z) = 25$".

Each equation of the premise sets one side, an expression with variables, to the other, a
number (variables on both sides, ``\sqrt{x} = x``: their difference to 0). **Proved** when the
conclusion with every such expression replaced by its number (rule *substitution of
equals*), under the premise's other conditions, holds for every value; or, for one equation
in one variable, at each of its real solutions (all of them, by
``certify_solve``; rule *case split*). **Refuted** at a point where every equation of the
premise holds exactly (solved for one variable, then checked by ``simplify``), the other
conditions hold, no variable is left free, and the conclusion fails there (a variable left
free may be tied to the premise in ways the formula does not show: ``w_j = 100`` speaks of
``w_2`` too). Otherwise ``unknown``: a counterexample to the substituted conclusion alone need not
satisfy the premise (``x^2 = 4 \implies x = 2`` is false, but not at any point of ``x = 2``'s
search).

A premise equation that gives a variable an expression of others (``y = x^2``, ``z = w a +
b``) eliminates it first: the statement for every value with ``y = x^2`` is the statement
for every ``x`` with ``y`` replaced by ``x^2`` (where ``x^2`` is defined), an equivalence, so
the rest is decided as above and a refutation stands (not when a variable with a letter
index, ``w_j``, is eliminated while ``w_2`` stays: it may speak of it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from derive.check.common import _explicit, _tex, _unknown, differentiate
from derive.check.domain import restrict
from derive.parse import Extremum, Relation, Statement
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    apply_rule,
    certify_all,
    certify_solve,
    definedness,
    is_zero,
    time_limit,
)

SOLVE_SECONDS = 1.0  # for solving one equation of the premise for one variable
TRIES = 5  # values of the other variables tried, and solutions tried per equation
# constructs that bind a variable: a value given to an expression of it is not put inside
_BINDERS = (sp.Derivative, sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Subs, Extremum)
# (a negative one too: x y = 1 => x + y >= 2 fails only for x < 0)
_OTHERS = (sp.Integer(1), sp.Integer(0), sp.Integer(-1), sp.Rational(1, 2), sp.Integer(2))


def has_equation(premise: Statement) -> bool:
    return any(r.op == "=" for r in premise.relations)


def decide_given(stmt: Statement, claim: str, decide: Callable[[Statement, str], Step]) -> Step:
    """``stmt`` an implication whose premise has equations (``decide`` decides the
    statements it reduces to: the substituted conclusion, or the statement at a point)."""
    eliminated = _eliminate(stmt)
    if eliminated is None:
        return _unknown(claim, "a premise equation giving a variable an expression, where "
                        "that variable is also bound in the conclusion (a derivative, an "
                        "integral ...)")
    if eliminated[1]:
        reduced, sub = eliminated
        said = ", ".join(f"${_tex(v)} = {_tex(e)}$" for v, e in sub.items())
        free = _without(stmt, sub)  # for every value of the variables: a fortiori for these
        step = decide(free, claim) if free.premise is None or not has_equation(
            free.premise) else None
        if step is not None and step.verdict == PROVED:
            return apply_rule("substitution of equals", [step], claim, f"it holds for every "
                              f"value of {', '.join(f'${_tex(v)}$' for v in sub)}, so where "
                              f"{said}: {step.reason}")
        step = (decide(reduced, claim) if reduced.premise is None or not has_equation(
            reduced.premise) else decide_given(reduced, claim, decide))
        if step.verdict == PROVED:
            return apply_rule("substitution of equals", [step], claim, f"the premise gives "
                              f"{said}; substituted, the statement holds: {step.reason}")
        if step.verdict == REFUTED and not _shadowed(sub, reduced):
            return Step(claim, step.method, REFUTED, f"the premise gives {said}; substituted "
                        f"(the same statement): {step.reason}", step.rules)
        return Step(claim, step.method, UNKNOWN, f"with {said} from the premise: {step.reason}")
    equations = [r for r in stmt.premise.relations if r.op == "="]
    others = [r for r in stmt.premise.relations if r.op != "="]
    if any(r.op in ("~",) for r in others):
        return _unknown(claim, r"\implies with \approx in its premise")
    values: dict[sp.Expr, sp.Expr] = {}
    for r in equations:
        if r.lhs.free_symbols and not r.rhs.free_symbols:
            a, c = r.lhs, r.rhs
        elif r.rhs.free_symbols and not r.lhs.free_symbols:
            a, c = r.rhs, r.lhs
        elif r.lhs.free_symbols:  # variables on both sides: their difference is 0
            a, c = r.lhs - r.rhs, sp.Integer(0)
        else:
            return _unknown(claim, r"\implies with a premise equation that does not give an "
                            "expression a number")
        if values.get(a, c) != c:
            return _unknown(claim, "a premise that never holds (one expression given two "
                            "values)")
        values[a] = c
    stmt = replace(stmt, conclusion=replace(stmt.conclusion, relations=tuple(
        Relation(differentiate(r.lhs), r.op, differentiate(r.rhs))
        for r in stmt.conclusion.relations)))  # d/dz of an expression given a value: first
    bound = [b for b in _exprs(stmt.conclusion).atoms(*_BINDERS)
             if any(b.free_symbols & a.free_symbols or b.has(a) for a in values)]
    if bound:
        return _unknown(claim, "a premise equation whose variables are also bound in the "
                        f"conclusion (${_tex(bound[0])}$): a value cannot be put inside it")
    given = ", ".join(f"${_tex(a)} = {_tex(c)}$" for a, c in values.items())
    shown = _substituted(stmt, values, others)
    step = decide(shown, claim)  # (readers of the text, \approx's decimal, see the claim)
    if step.verdict == PROVED:
        return apply_rule("substitution of equals", [step], claim,
                          f"the premise gives {given}; with these values the conclusion "
                          f"holds: {step.reason}")
    found = _counterexample(stmt, equations, others, claim, decide)
    if found is not None:
        return found
    cases = _by_cases(stmt, equations, others, claim, decide)
    if cases is not None and cases.verdict == PROVED:
        return cases
    two = decide(replace(stmt, premise=replace(stmt.premise, relations=tuple(others) + tuple(
        Relation(r.lhs, op, r.rhs) for r in equations for op in ("<=", ">=")))), claim)
    if two.verdict == PROVED:  # "|x| = x \implies x \ge 0": |x| <= x and >= x (refutations:
        # _counterexample's, at points where the equations hold exactly)
        return certify_all(claim, two.method, [two], "each premise equation $A = B$ read as "
                           f"$A \\le B$ and $A \\ge B$ (the same premise): {two.reason}")
    return Step(claim, "substitution", UNKNOWN, f"with {given} from the premise, the "
                f"conclusion is not proved ({step.reason}); no point where the premise holds "
                "and the conclusion fails was found")


def _eliminate(stmt: Statement) -> tuple[Statement, dict] | None:
    """``stmt`` with each premise equation ``v = E`` (``v`` a variable, ``E`` an expression
    with variables, without ``v``) used to replace ``v`` by ``E`` everywhere, that equation
    dropped and ``E``'s own domain added; and the replacements (none in a statement about
    cost gradients). None when such a ``v`` is bound in the conclusion."""
    sub: dict[sp.Symbol, sp.Expr] = {}
    rest = []
    if any(s.name.startswith("dC/d") for x in (stmt.premise, stmt.conclusion)
           for s in _exprs(x).free_symbols):
        return stmt, {}  # a cost gradient: the chain's w_k, z_k, a_k are not free variables
        # there (z_1 = 2x ties w_1 x + b_1 to x), so none is replaced
    for r in stmt.premise.relations:
        r = Relation(r.lhs.xreplace(sub), r.op, r.rhs.xreplace(sub))
        pair = next(((v, e) for v, e in ((r.lhs, r.rhs), (r.rhs, r.lhs))
                     if r.op == "=" and isinstance(v, sp.Symbol) and e.free_symbols
                     and v not in e.free_symbols and not v.name.startswith("dC/d")
                     and not any(s.name.startswith("dC/d") for s in e.free_symbols)), None)
        if pair is None:
            rest.append(r)
            continue
        v, e = pair
        sub = {k: x.xreplace({v: e}) for k, x in sub.items()}
        sub[v] = e
    if not sub:
        return stmt, {}
    parts = [x for r in stmt.conclusion.relations for x in (r.lhs, r.rhs)]
    if any(b.has(v) for x in parts for b in x.atoms(*_BINDERS) for v in sub):
        return None

    def rel(r: Relation) -> Relation:
        return Relation(r.lhs.xreplace(sub), r.op, r.rhs.xreplace(sub))

    rest = [rel(r) for r in rest]
    conclusion = replace(stmt.conclusion, relations=tuple(
        rel(r) for r in stmt.conclusion.relations))
    domain = [c.xreplace(sub) for c in stmt.domain]
    domain += [c for e in sub.values() for c in definedness(e)]
    domain = tuple(dict.fromkeys(c for c in domain if c is not sp.true))
    if rest:
        return Statement(premise=Statement(tuple(rest)), conclusion=conclusion,
                         domain=domain), sub
    return Statement(conclusion.relations, domain=domain, quantified=True), sub


def _without(stmt: Statement, sub: dict) -> Statement:
    """``stmt`` without the premise equations that ``_eliminate`` used (``v = E``, ``v`` in
    ``sub``): the statement for every value of those variables, which implies ``stmt``."""
    rest = tuple(r for r in stmt.premise.relations if not (r.op == "=" and (
        (r.lhs in sub and sub.get(r.lhs) is not None) or r.rhs in sub)))
    if rest:
        return Statement(premise=Statement(rest), conclusion=stmt.conclusion,
                         domain=stmt.domain)
    return Statement(stmt.conclusion.relations, domain=stmt.domain, quantified=True)


def _shadowed(sub: dict, reduced: Statement) -> bool:
    """Whether an eliminated variable with a letter index (``w_j``) shares its letter with a
    variable left (``w_2``): the premise may speak of it too."""
    left = {s.name for x in (reduced, reduced.premise, reduced.conclusion) if x is not None
            for s in _exprs(x).free_symbols}
    return any(re.fullmatch(r"[A-Za-z]+_[a-z]", v.name) and any(
        n != v.name and n.split("_")[0] == v.name.split("_")[0] for n in left) for v in sub)


def _exprs(st: Statement) -> sp.Tuple:
    return sp.Tuple(*[e for r in st.relations for e in (r.lhs, r.rhs)])


def _substituted(stmt: Statement, values: dict, others: list[Relation]) -> Statement:
    """The conclusion with each expression of ``values`` replaced by its number, under the
    premise's other conditions (if any)."""
    def rel(r: Relation) -> Relation:
        return Relation(r.lhs.xreplace(values), r.op, r.rhs.xreplace(values))

    conclusion = replace(stmt.conclusion, relations=tuple(rel(r) for r in
                                                           stmt.conclusion.relations))
    domain = tuple(c.xreplace(values) for c in stmt.domain)
    domain = tuple(c for c in domain if c is not sp.true)
    if not others:
        return Statement(conclusion.relations, domain=domain, quantified=True)
    return Statement(premise=Statement(tuple(rel(r) for r in others)), conclusion=conclusion,
                     domain=domain)


def _counterexample(stmt: Statement, equations: list[Relation], others: list[Relation],
                    claim: str, decide: Callable[[Statement, str], Step]) -> Step | None:
    """A point where every equation of the premise holds exactly, and the statement left
    there (the other conditions => the conclusion) refuted."""
    for point in _solutions(equations):
        if not all(_holds(r, point) for r in equations):
            continue
        here = _at(stmt, others, point)
        if not isinstance(here, Statement) or here.premise is not None or _exprs(
                here).free_symbols:
            continue  # other variables left: "w_j = 100" may speak of w_2 too (every j), and
            # the prose of other lines may bound them; refuted only where nothing is left free
        step = decide(here, claim)  # (readers of the text see the claim as written)
        if step.verdict == REFUTED:
            return Step(claim, step.method, REFUTED, f"at ${_where(point)}$ every equation of "
                        f"the premise holds exactly, and there: {step.reason}")
    return None


def _by_cases(stmt: Statement, equations: list[Relation], others: list[Relation],
              claim: str, decide: Callable[[Statement, str], Step]) -> Step | None:
    """One equation in one variable ``v``: its real solutions, all of them (``certify_solve``),
    and the statement proved at each that lies in the domain (rule *case split*)."""
    if len(equations) != 1:
        return None
    eq = _explicit(equations[0].lhs - equations[0].rhs)
    if len(eq.free_symbols) != 1:
        return None
    v = next(iter(eq.free_symbols))
    roots = _roots(eq, v, limit=None)
    if not roots:
        return None
    listed = ", ".join(_tex(r) for r in roots)
    steps = [certify_solve(eq, v, sp.S.Reals, roots, f"the real solutions of ${_tex(eq)} = 0$ "
                           f"are ${_tex(v)} = {listed}$")]
    if steps[0].verdict != PROVED:
        return None
    for root in roots:
        here = _at(stmt, others, {v: root})
        if here == "outside":
            continue
        if here == "undecided":
            return None
        step = decide(here, claim)
        if step.verdict != PROVED:
            return None
        steps.append(step)
    if len(steps) == 1:
        return None  # the premise never holds where the statement is defined: not judged
    return apply_rule("case split", steps, claim, f"the premise holds only at ${_tex(v)} = "
                      f"{listed}$ ({steps[0].reason}); at each, where the statement is "
                      f"defined, it holds: " + "; ".join(s.reason for s in steps[1:]))


def _where(point: dict) -> str:
    return ", ".join(f"{_tex(v)} = {_tex(x)}" for v, x in point.items())


def _at(stmt: Statement, others: list[Relation], point: dict) -> Statement | str:
    """The statement left at ``point`` (the other conditions => the conclusion), or
    "outside" when a condition of the domain or of the premise rigorously fails there, or
    "undecided" when one can be shown neither to hold nor to fail."""
    ground = [c.xreplace(point) for c in stmt.domain]
    rest = [Relation(r.lhs.xreplace(point), r.op, r.rhs.xreplace(point)) for r in others]
    ground += [r.relational() for r in rest if not (r.lhs.free_symbols or r.rhs.free_symbols)]
    for c in ground:
        if c is sp.true or c.free_symbols:
            continue
        if c is sp.false or restrict([{}], [c.negated]):
            return "outside"
        if not restrict([{}], [c]):
            return "undecided"
    domain = tuple(c for c in (c.xreplace(point) for c in stmt.domain)
                   if c is not sp.true and c.free_symbols)
    rest = [r for r in rest if r.lhs.free_symbols or r.rhs.free_symbols]
    conclusion = tuple(Relation(r.lhs.xreplace(point), r.op, r.rhs.xreplace(point))
                       for r in stmt.conclusion.relations)
    if rest:
        return Statement(premise=Statement(tuple(rest)), conclusion=Statement(conclusion),
                         domain=domain)
    return Statement(conclusion, domain=domain, quantified=True)


def _holds(r: Relation, point: dict) -> bool:
    """The equation ``r`` holds exactly at ``point`` (``simplify`` of the difference is 0)."""
    try:
        diff = _explicit(r.lhs - r.rhs).xreplace(point)
    except Exception:  # noqa: BLE001 - SymPy raises many types: not shown to hold
        return False
    if diff.free_symbols:
        return False
    zero, _ = is_zero(diff)
    return zero


def _solutions(equations: list[Relation]):
    """Exact points (dicts) where the equations may hold: each equation in turn solved for
    its last variable, the others set to small numbers first."""
    points: list[dict] = [{}]
    for r in equations:
        grown = []
        for point in points:
            expr = _explicit(r.lhs - r.rhs).xreplace(point)
            free = sorted(expr.free_symbols, key=lambda s: s.name)
            if not free:
                grown.append(point)
                continue
            v, fixed = free[-1], free[:-1]
            for vals in ([_OTHERS[i]] * len(fixed) for i in range(TRIES if fixed else 1)):
                at = dict(zip(fixed, vals))
                for root in _roots(expr.xreplace(at), v):
                    grown.append({**point, **at, v: root})
        points = grown[:TRIES]
    return [p for p in points if p]


def _roots(expr: sp.Expr, v: sp.Symbol, limit: int | None = TRIES) -> list[sp.Expr]:
    """Real exact roots of ``expr`` in ``v`` (the ``limit`` simplest; all when None), or
    none in the time (or when some root is not exact)."""
    try:
        with time_limit(SOLVE_SECONDS):
            found = sp.solveset(expr, v, sp.S.Reals)
    except StepTimeout:
        return []
    except Exception:  # noqa: BLE001 - SymPy raises many types: no roots known
        return []
    if not isinstance(found, sp.FiniteSet):
        return []
    roots = [x for x in found if x.is_real and not x.has(sp.Float)]
    if limit is None:
        return roots if len(roots) == len(found) else []
    return sorted(roots, key=lambda x: (sp.count_ops(x), abs(float(x))))[:limit]
