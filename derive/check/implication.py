r"""``P \implies Q`` for single inequalities: ``Q`` alone, or the premise bounded by
``0 \le f'(t) \le \gamma`` when linear in one ``f'(t)``; refuted at a grid point where ``P``
holds and ``Q`` fails."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product as cartesian

import sympy as sp

from derive import activations, clock, intervals, realprove
from derive.activations import AbstractDerivative
from derive.check.common import (
    _GRID,
    _GRID3,
    EQUATION_SECONDS,
    _deadline,
    _explicit,
    _is_partial,
    _on_time,
    _tex,
    _unknown,
    tex_math,
)
from derive.check.domain import describe, restrict
from derive.check.identity import decide_identity
from derive.check.inequality import _slack, prove_nonnegative
from derive.parse import Extremum, Relation, Statement
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    certify_identity,
    certify_sign,
    time_limit,
)


def decide_implication(premise: Statement, conclusion: Statement, claim: str,
                       domain: Sequence[sp.Basic] = ()) -> Step:
    r"""``P \implies Q``: ``P`` a conjunction of inequalities (``x > 0``, ``0 \le x \le 1``,
    ``|w| \ge 4``), which with ``domain`` (where every subexpression is defined) is the
    domain of ``Q``; each relation of ``Q`` is decided on it (an identity or an inequality)."""
    _on_time()
    if any(r.op not in ("<=", "<", ">=", ">", "!=") for r in premise.relations):
        return _unknown(claim, r"\implies with a premise other than inequalities")
    everything = sp.Tuple(*[e for r in premise.relations + conclusion.relations
                            for e in (r.lhs, r.rhs)])
    if everything.atoms(Extremum) or any(_is_partial(s) for s in everything.free_symbols):
        return _unknown(claim, r"\implies with \max or gradients")
    relations = _every_instance(premise.relations, conclusion.relations)
    if relations is None:
        return _unknown(claim, "a premise on a letter-indexed name (w_j) not read for the "
                        "numbered instances beside it (other indices of its letter, or a "
                        "condition on the index)")
    conds = [c for r in relations if (c := _relational(r)) is not sp.true]
    if sp.false in conds:
        return _unknown(claim, "a premise that never holds")
    full = tuple(dict.fromkeys(conds + list(domain)))
    steps = [_conclusion(q, premise, claim, full, domain) for q in conclusion.relations]
    if len(steps) == 1:
        return steps[0]
    return certify_all(claim, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                       "; ".join(s.reason for s in steps))


_INDEXED = re.compile(r"([A-Za-z])_([A-Za-z0-9]+)")


def _every_instance(premise: Sequence[Relation], conclusion: Sequence[Relation]
                    ) -> list[Relation] | None:
    r"""The premise with a relation on a letter-indexed name (``|w_j| \le j``, about every
    weight) written for each numbered instance ``w_1, w_2`` of its letter in the statement
    (its index ``j`` given the number); None beside numbered instances when the letter has
    other indices (``w_i``, ``w_{j+1}``) or the index is a variable of the conclusion or of
    another premise (``j \ge 2``)."""
    names = {s.name: s for r in (*premise, *conclusion) for s in
             sp.Tuple(r.lhs, r.rhs).free_symbols}
    concluded = {s.name for q in conclusion for s in sp.Tuple(q.lhs, q.rhs).free_symbols}
    out: list[Relation] = []
    for r in premise:
        free = sp.Tuple(r.lhs, r.rhs).free_symbols
        indexed = [(m[1], m[2], s) for s in free if (m := _INDEXED.fullmatch(s.name))
                   and m[2].isalpha() and len(m[2]) == 1]
        index = indexed[0][1] if indexed else ""
        letters = {a for a, _, _ in indexed}
        numbers, others = set(), len({i for _, i, _ in indexed}) > 1  # (w_i \le w_j)
        for name in names:
            m = _INDEXED.fullmatch(name)
            if m and m[1] in letters and m[2] != index:
                others |= not m[2].isdigit()
                numbers |= {int(m[2])} if m[2].isdigit() else set()
        if not numbers:
            out.append(r)
            continue
        if others or index in concluded or any(  # "\forall j \ge 2, |w_j| \le 1": j restricted
                s.name == index for q in premise if q is not r
                for s in sp.Tuple(q.lhs, q.rhs).free_symbols):
            return None
        if any(s.name in concluded for _, _, s in indexed):
            out.append(r)  # (w_j itself in the conclusion: the premise on it too)
        for k in sorted(numbers):
            sub = {s: names.get(f"{a}_{k}", sp.Symbol(f"{a}_{k}", **s.assumptions0))
                   for a, _, s in indexed}
            sub.update({s: sp.Integer(k) for s in free if s.name == index})
            out.append(Relation(r.lhs.xreplace(sub), r.op, r.rhs.xreplace(sub)))
    return out


def _relational(r) -> sp.Basic:
    """The premise relation with closed forms, as a SymPy relational (may be true/false);
    ``|u| > 0`` is ``u \\ne 0`` (the same points; the engine cuts the point out)."""
    rel = type(r.relational())(_explicit(r.lhs), _explicit(r.rhs))
    if isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan)):
        big, small = (rel.lhs, rel.rhs) if isinstance(rel, sp.StrictGreaterThan) else (
            rel.rhs, rel.lhs)
        if isinstance(big, sp.Abs) and small == 0:
            return sp.Ne(big.args[0], 0)
    return rel


def _conclusion(q, premise: Statement, claim: str, full: Sequence[sp.Basic],
                domain: Sequence[sp.Basic]) -> Step:
    """One relation ``q`` of the conclusion, on the domain ``full`` (premise + definedness)."""
    step = _conclusion_step(q, premise, claim, full, domain)
    syms = sorted(sp.Tuple(*full).free_symbols, key=lambda s: s.name)
    if step.verdict == REFUTED and not _explicit(q.lhs - q.rhs).free_symbols and syms and (
            _implication_counterexample(full, sp.Integer(-1), False, syms, claim) is None):
        return Step(claim, step.method, UNKNOWN, f"the conclusion is false ({step.reason}), "
                    "but no point where the premise holds was found (where it never holds, "
                    "the implication holds vacuously)")  # ("\sigma'(z) \ge 1 \implies 1 > 2")
    return step


def _conclusion_step(q, premise: Statement, claim: str, full: Sequence[sp.Basic],
                     domain: Sequence[sp.Basic]) -> Step:
    if q.op == "=":
        return decide_identity(q.lhs, q.rhs, claim, full)
    if q.op not in ("<=", "<", ">=", ">"):
        return _unknown(claim, r"\implies with a conclusion other than =, \le, <, \ge, >")
    dq, sq_strict = _slack(q.lhs, q.op, q.rhs)
    dq = _explicit(dq)
    syms = sorted(sp.Tuple(dq, *full).free_symbols, key=lambda s: s.name)
    if len(syms) > realprove.MAX_VARIABLES:
        return _unknown(claim, rf"\implies with more than {realprove.MAX_VARIABLES} variables")
    bounded = _bounded_premise(q, premise, claim, full)  # cheap: before the grid search
    if bounded.verdict == PROVED:
        return bounded
    found = _implication_counterexample(full, dq, sq_strict, syms, claim)
    if found is not None:
        return found
    if len(dq.free_symbols) <= realprove.MAX_VARIABLES:
        # a conclusion that holds for every value needs no premise
        alone = _alone(dq, sq_strict, domain)
        if alone.verdict == PROVED:
            return certify_all(claim, alone.method, [alone],
                               "the conclusion holds wherever it is defined, premise or not: "
                               f"{alone.reason}")
        if len(syms) <= realprove.MAX_VARIABLES:
            on = prove_nonnegative(dq, claim, sq_strict, full)
            if on.verdict != UNKNOWN or bounded.reason.startswith("no certificate"):
                return on  # (undecided: the engine's own reason, where it left boxes)
    return bounded


ALONE_SHARE = 0.25  # of the equation's time left, for the conclusion without its premise


def _alone(dq: sp.Expr, strict: bool, domain: Sequence[sp.Basic]) -> Step:
    """The conclusion ``dq >= 0`` without the premise, in ``ALONE_SHARE`` of the time left:
    a premise is written because it is usually needed, and the search on the whole line
    (no counterexample found, none proved) would take the time the premise's domain needs."""
    saved = _deadline[0]
    now = clock.now()
    if saved != float("inf"):
        _deadline[0] = now + ALONE_SHARE * max(saved - now, 0.0)
    try:
        return prove_nonnegative(dq, "conclusion", strict, domain)
    except StepTimeout:
        if clock.now() >= saved:
            raise  # the equation's own time is up
        return Step("conclusion", "interval", UNKNOWN, "not decided in its share of the time")
    finally:
        _deadline[0] = saved


def _bounded_premise(q, premise: Statement, claim: str, full: Sequence[sp.Basic]) -> Step:
    r"""A single premise linear in one ``f'(t)`` with a nonnegative coefficient, bounded by
    ``0 \le f' \le \gamma`` (proved), and ``Q``'s slack a positive multiple of the bounded
    premise's slack plus a constant ``\ge 0``; ``unknown`` otherwise."""
    sq_strict = _slack(q.lhs, q.op, q.rhs)[1]
    if len(premise.relations) != 1:
        return Step(claim, "certificate", UNKNOWN, "no certificate on the domain "
                    f"({describe(full)}) and no counterexample found")
    p = premise.relations[0]
    if p.op == "!=":
        return Step(claim, "certificate", UNKNOWN, "no certificate on the domain "
                    f"({describe(full)}) and no counterexample found")
    dp, sp_strict = _slack(p.lhs, p.op, p.rhs)
    dq = _slack(q.lhs, q.op, q.rhs)[0]
    # bound the premise: dp is linear in one f'(t) with a nonnegative coefficient
    primes = list(dp.atoms(AbstractDerivative))
    if len(primes) != 1:
        return Step(claim, "certificate", UNKNOWN, "no certificate on the domain "
                    f"({describe(full)}) and no counterexample found on the grid")
    fp = primes[0]
    act = activations.ACTIVATIONS[fp.activation]
    s = sp.Symbol("s", nonnegative=True)
    dp_s = sp.expand(dp.xreplace({fp: s}))
    alpha, beta = dp_s.coeff(s, 1), dp_s.coeff(s, 0)
    if (sp.expand(alpha * s + beta - dp_s) != 0 or alpha.has(s) or beta.has(s)
            or alpha.is_nonnegative is not True):
        return Step(claim, "certificate", UNKNOWN, "not understood: the premise is not "
                    "nondecreasing-linear in " + _tex(fp) + "; no counterexample on the grid")
    t = sp.Symbol("t", real=True)
    g = act.gamma
    bounds = [prove_nonnegative(_explicit(act.prime(t)), f"{act.name}'(t) >= 0", False),
              prove_nonnegative(_explicit(g - act.prime(t)), f"{act.name}'(t) <= {g}", False)]
    bounded = alpha * g + beta  # dp <= bounded, so P gives bounded >= 0 (> 0 if strict)
    if sq_strict and not sp_strict:
        return Step(claim, "certificate", UNKNOWN, "strict conclusion from a non-strict premise "
                    "is not decided; no counterexample on the grid")
    link = _linear_link(dq, bounded, sq_strict and not sp_strict, claim)
    if link is None:
        return Step(claim, "certificate", UNKNOWN, "the conclusion is not a positive multiple "
                    "of the bounded premise plus a constant; no counterexample on the grid")
    k, rem, steps = link
    step = certify_all(claim, "certificate", bounds + steps,
                       f"$0 \\le {act.tex}'(t) \\le {_tex(g)}$ bounds the premise by "
                       f"${_tex(bounded)} \\ge 0$, and the conclusion's slack is {tex_math(k)} "
                       f"times that plus {tex_math(rem)}")
    if step.verdict == PROVED:
        return step
    # a failed sufficient condition is not a counterexample: only the grid search refutes
    return Step(claim, "certificate", UNKNOWN, f"no proof ({step.reason}) and no counterexample "
                "on the grid")


def _linear_link(dq: sp.Expr, bounded: sp.Expr, need_strict: bool, claim: str):
    """``dq = k * bounded + rem`` with a constant ``k > 0`` and a constant ``rem >= 0``
    (``> 0`` if ``need_strict``): then ``bounded >= 0`` gives ``dq >= 0``. Returns
    ``(k, rem, [steps])`` or None when no such ``k`` is found."""
    _on_time()
    syms = sorted(bounded.free_symbols, key=lambda s: s.name)
    if not syms:
        return None
    try:
        with time_limit(EQUATION_SECONDS / 4):
            k = sp.simplify(sp.diff(dq, syms[0]) / sp.diff(bounded, syms[0]))
            rem = sp.simplify(dq - k * bounded)
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None
    if not (k.is_number and k.is_positive) or rem.free_symbols:
        return None
    return k, rem, [
        certify_identity(dq, k * bounded + rem,
                         rf"\text{{conclusion slack}} = {_tex(k)} \cdot "
                         rf"\text{{bounded premise}} + {_tex(rem)}",
                         points=[]),
        certify_sign(k, "k > 0", strict=True),
        certify_sign(rem, r"\text{remainder} \ge 0", strict=need_strict),
    ]


def _implication_counterexample(full: Sequence[sp.Basic], dq: sp.Expr, q_strict: bool,
                                syms: list[sp.Symbol], claim: str) -> Step | None:
    """A grid point where every condition of ``full`` (premise and definedness) holds and
    ``Q`` fails, both shown with rigorous intervals (``certify_sign`` for ``Q``)."""
    grid = _GRID if len(syms) <= 2 else _GRID[:_GRID3] if len(syms) == 3 else _GRID[:7]
    for vals in cartesian(grid, repeat=len(syms)):
        point = dict(zip(syms, vals))
        try:
            with intervals.precision(60):
                eq = intervals.enclose(dq, {k: intervals.interval(v) for k, v in point.items()},
                                       finite=True)
        except intervals.NotEnclosable:
            continue
        if not ((eq.b <= 0) if q_strict else (eq.b < 0)):
            continue  # Q holds (or is undecided) here
        if not restrict([point], full):
            continue  # outside the premise or where something is undefined
        where = ", ".join(f"{k} = {v}" for k, v in point.items())
        fails = certify_sign(dq.xreplace(point), f"at {where} (where the premise holds), "
                             "the conclusion", q_strict)
        if fails.verdict == REFUTED:
            return fails if fails.claim == claim else certify_all(
                claim, "counterexample", [fails], "")
    return None
