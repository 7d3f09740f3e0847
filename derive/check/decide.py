r"""The dispatcher: one step deciding a parsed statement, by the form of its relations."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from derive.check.chain import _SYMBOLIC_SYM, decide_chain, decide_chain_symbolic
from derive.check.common import (
    FLIP,
    _explicit,
    _is_partial,
    _tex,
    _unknown,
    derivative_problem,
)
from derive.check.cost import decide_cost_gradient, is_cost_gradient
from derive.check.extremum import (
    decide_approx,
    decide_extremum,
    decide_extremum_approx,
    decide_relation_max,
)
from derive.check.given import decide_given, has_equation
from derive.check.gradbound import decide_gradient_inequality, is_gradient_relation
from derive.check.identity import decide_identity
from derive.check.implication import decide_implication
from derive.check.inequality import decide_inequality
from derive.check.integral import decide_integral
from derive.parse import Extremum, Relation, Statement
from derive.proof import (
    REFUTED,
    Step,
    certify_all,
    certify_sign,
)


def decide(stmt: Statement, claim: str) -> Step:
    """One step deciding the whole statement (a chain of relations or an implication) on
    its domain (``stmt.domain``: where every subexpression is real and defined)."""
    if stmt.expr is not None:
        return _unknown(claim, "an expression, not a claim (no $=$, $\\le$, $\\approx$, ...)")
    problem = derivative_problem(_statement_exprs(stmt))
    if problem:
        return _unknown(claim, problem)
    if _statement_exprs(stmt).has(sp.Integral):
        if stmt.premise is not None or len(stmt.relations) != 1 or stmt.relations[0].op != "=":
            return _unknown(claim, "an integral outside an identity (only $=$ is decided)")
        return decide_integral(stmt.relations[0].lhs, stmt.relations[0].rhs, claim)
    if _statement_exprs(stmt).has(sp.Sum, sp.Product) and (
            stmt.premise is not None or any(r.op != "=" for r in stmt.relations)):
        return _unknown(claim, r"a sum or product over a symbolic range outside an identity "
                        "(its bound is a whole number; only identities are decided)")
    if stmt.premise is not None and len(stmt.conclusion.relations) == 1 and \
            is_gradient_relation(stmt.conclusion.relations[0]) and \
            stmt.conclusion.relations[0].op != "=":
        return decide_gradient_inequality(stmt.conclusion.relations[0], claim,
                                          stmt.premise.relations)
    if stmt.premise is not None and has_equation(stmt.premise):
        return decide_given(stmt, claim, decide)
    if stmt.premise is not None:
        return decide_implication(stmt.premise, stmt.conclusion, claim, stmt.domain)
    if len(stmt.relations) == 1:
        return decide_relation(stmt.relations[0], claim, stmt.domain, stmt.quantified)
    _OPS = {"<=": r"\le", ">=": r"\ge", "!=": r"\neq", "~": r"\approx"}
    steps = [decide_relation(r, claim if r.op == "~" else (  # \approx reads the decimal written
        f"step {i + 1} of the chain, {_tex(r.lhs)} {_OPS.get(r.op, r.op)} {_tex(r.rhs)}"),
        stmt.domain, stmt.quantified) for i, r in enumerate(stmt.relations)]
    if all(s.verdict != REFUTED for s in steps):
        vague = next((s for s in steps if s.reason.startswith("not understood")), None)
        if vague is not None:
            return vague
    return certify_all(claim, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                       "; ".join(s.reason for s in steps))


def _statement_exprs(stmt: Statement) -> sp.Basic:
    parts = [stmt.expr] if stmt.expr is not None else []
    for st in (stmt, stmt.premise, stmt.conclusion):
        if st is not None:
            parts += [e for r in st.relations for e in (r.lhs, r.rhs)]
    return sp.Tuple(*parts)


def decide_relation(rel: Relation, claim: str, domain: Sequence[sp.Basic] = (),
                    quantified: bool = False) -> Step:
    """One relation on ``domain``; ``|w_2 w_3| < 1``-shaped ones refuted are conditions, not
    claims, unless ``quantified`` ("for all" written)."""
    lhs, op, rhs = rel.lhs, rel.op, rel.rhs
    both = sp.Tuple(lhs, rhs)
    if both.atoms(Extremum):
        if isinstance(lhs, Extremum) and op == "=" and not rhs.atoms(Extremum):
            return decide_extremum(lhs, rhs, claim)
        if isinstance(rhs, Extremum) and op == "=" and not lhs.atoms(Extremum):
            return decide_extremum(rhs, lhs, claim)
        if isinstance(lhs, Extremum) and op == "~" and not rhs.atoms(Extremum):
            return decide_extremum_approx(lhs, rhs, claim)
        if isinstance(lhs, Extremum) and op in FLIP and not rhs.atoms(Extremum):
            return decide_relation_max(lhs, op, rhs, claim)
        if isinstance(rhs, Extremum) and op in FLIP and not lhs.atoms(Extremum):
            return decide_relation_max(rhs, FLIP[op], lhs, claim)
        return _unknown(claim, r"\max/\min only as '\max_z f(z) = c' or '\max_z f(z) \le c'")
    if any(_is_partial(s) for s in both.free_symbols):
        if op == "=" and is_cost_gradient(lhs, rhs):
            return decide_cost_gradient(lhs, rhs, claim)
        if op != "=":
            return decide_gradient_inequality(rel, claim)
        if any(_SYMBOLIC_SYM.match(s.name) for s in both.free_symbols):
            return decide_chain_symbolic(lhs, rhs, claim)
        return decide_chain(lhs, rhs, claim)
    if op == "~":
        return decide_approx(lhs, rhs, claim)
    if op == "!=":
        if both.free_symbols:
            return _unknown(claim, r"\neq with variables")
        return certify_sign(sp.Abs(_explicit(lhs - rhs)), claim, strict=True)
    if op == "=":
        for a, b in ((lhs, rhs), (rhs, lhs)):
            if isinstance(a, sp.Symbol) and a not in b.free_symbols and not quantified:
                return _unknown(claim, f"a definition or condition ({a.name} = ...), not an "
                                "identity")
        return decide_identity(lhs, rhs, claim, domain)
    step = decide_inequality(lhs, op, rhs, claim, domain)
    if step.verdict == REFUTED and not quantified and _monomial_vs_constant(lhs, rhs):
        names = ", ".join(sorted(s.name for s in sp.Tuple(lhs, rhs).free_symbols))
        return _unknown(claim, f"a condition on ${_tex(lhs if rhs.is_number else rhs)}$ "
                        f"(variables {names}), not a claim (false for some values: "
                        f"{step.reason})")
    return step


def _monomial_vs_constant(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """``|w_2 w_3| < 1``-shaped: a constant against a (absolute) monomial of variables,
    which as a statement for every value could only be trivial; in notes, a condition."""
    for a, b in ((lhs, rhs), (rhs, lhs)):
        if b.free_symbols:
            continue
        core = a.args[0] if isinstance(a, sp.Abs) else a
        factors = sp.Mul.make_args(core)
        def plain(f: sp.Expr) -> bool:
            if f.is_Pow:
                return f.base.is_Symbol and f.exp.is_Integer and f.exp > 0
            return f.is_number or f.is_Symbol or (isinstance(f, sp.Abs) and f.args[0].is_Symbol)

        if core.free_symbols and all(plain(f) for f in factors):
            return True
    return False
