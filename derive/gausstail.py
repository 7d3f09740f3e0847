r"""Gaussian tails by dominance (issue #11, one variable).

``gauss_tail(problem, claim, seconds)`` (one hook among ``realprove._decide``'s methods): on
an unbounded end of the domain, a slack holding one ``\mathrm{erf}(u)`` or
``\mathrm{erfc}(u)`` (``u = a x + b``) has that function written through ``D =
\mathrm{erfc}(w)``, ``w = |u| \to +\infty`` (``\mathrm{erf}(u) = 1 - D`` or ``D - 1``,
``\mathrm{erfc}(u) = D`` or ``2 - D``), and when the slack is ``A + B D`` with ``B <= 0`` on
the tail ``x >= R`` (``x <= -R``), Mills' bound ``D <= e^{-w^2} / (w \sqrt\pi)`` (``w > 0``;
a premise the whole engine proves: the difference decreases to 0) gives ``A + B D >= A + B
e^{-w^2}/(w \sqrt\pi)``, an elementary slack the engine settles (rules *product of signs*,
*sum of inequalities*). There the box search alone stalls: ``x \Phi(x)`` and its derivative
``\Phi(x) + x \varphi(x)`` tend to their limits by cancellation (``x \Phi(x) \ge -0.17``,
the GELU's minimum). The rest of the domain is decided by the engine (*case split*).

``monotone_tail(problem, claim, seconds)`` (another hook) is the classical proof of Mills'
and Chu's bounds: on a tail ``x >= R`` (``x <= -R``) the slack tends to a limit ``>= 0``
(SymPy's exact limit) and moves towards it monotonically; its derivative, free of erf, is a
sum of decaying Gaussians ``e^{-a x^2}`` that no interval can compare directly, so it is
multiplied by the slowest one's inverse ``e^{a x^2} > 0`` and the terms' exponentials
combined (``x e^{-x^2}/\sqrt{1 - e^{-x^2}} - 2 e^{-x^2}/\sqrt\pi`` becomes ``x/\sqrt{1 -
e^{-x^2}} - 2/\sqrt\pi``), whose sign the plain search proves. The certificate is the
kernel's ``limit`` node over a ``form`` node (``certify_on_boxes``); the rest of the domain
by the engine (*case split*).
"""

from __future__ import annotations

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    PROVED,
    BoxNode,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_on_boxes,
    certify_sign,
    core_of,
    function_forms,
    sympy_limit,
    time_limit,
)

CUTS = (1, 2, 3, 4, 6, 8)  # candidate distances R of the tail's start from 0
SAMPLES = (1, 2, 4, 8)  # the bounded slack sampled at R times these before trying R (far out,
# SymPy's evalf raises its precision through the cancellation for seconds)
LEAST = 0.5  # seconds: with less left, the method does not start
_ACTIVE = Nesting()


class _GiveUp(Exception):
    """A premise was not proved or a form does not fit."""


def _and_the_rest(problem: BoxProblem, part: Step, rest: list, claim: str, deadline: float,
                  where: str, why: str) -> Step | None:
    """The claim from ``part`` (proved on the tail ``where``) and the rest of the domain
    (``rest``: the domain's relations and the tail's complement) by the whole engine, joined
    by *case split*; None when the rest is not proved in the time left."""
    from derive import realprove  # (it imports this module)

    left = deadline - clock.now()
    if left < 0.2:
        return None
    other = realprove.decide(problem.slack, problem.strict, rest,
                             f"{claim} \\text{{ where }} {tex(rest[-1])}",
                             seconds=max(0.2, 0.9 * left))
    if other.verdict != PROVED:
        return None
    return apply_rule("case split", [part, other], claim,
                      f"the cases ${where}$ ({why}) and the rest (the engine)")


def gauss_tail(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the module docstring's dominance, or None."""
    if len(problem.variables) != 1 or len(_ACTIVE) or seconds < LEAST:
        return None
    atoms = problem.slack.atoms(sp.erf, sp.erfc)
    if len(atoms) != 1:
        return None
    (x,) = problem.variables
    (f,) = atoms
    u = f.args[0]
    a = sp.diff(u, x)
    if not (a.is_number and a != 0 and sp.diff(u, x, 2) == 0):
        return None
    lo, hi = problem.bounds[0]
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        for side, end in ((1, hi), (-1, lo)):
            if end is not None:
                continue
            try:
                got = _tail(problem, claim, deadline, f, side)
            except (_GiveUp, StepTimeout):
                continue
            if got is not None:
                return got
    return None


def _forms(f: sp.Expr, up: bool, t: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """``(f in terms of t = D, D as an expression, w)`` for ``u -> +oo`` (``up``) or ``-oo``."""
    u = f.args[0]
    if isinstance(f, sp.erf):
        return (1 - t, 1 - f, u) if up else (t - 1, 1 + f, -u)
    return (t, f, u) if up else (2 - t, 2 - f, -u)


def _tail(problem: BoxProblem, claim: str, deadline: float, f: sp.Expr, side: int
          ) -> Step | None:
    from derive import realprove  # (it imports this module)
    from derive.singular import _rels

    (x,) = problem.variables
    t = sp.Dummy("D")
    up = (sp.diff(f.args[0], x) * side) > 0
    in_t, d_expr, w = _forms(f, bool(up), t)
    g = sp.expand(problem.slack.xreplace({f: in_t}))
    b = sp.diff(g, t)
    if b.has(t, sp.erf, sp.erfc):
        return None
    a = sp.expand(g.subs(t, 0))
    bound = sp.exp(-w ** 2) / (w * sp.sqrt(sp.pi))
    low = a + b * bound
    lo, hi = problem.bounds[0]
    start = lo if side == 1 else hi
    rel = ">" if problem.strict else r"\ge"
    for r in CUTS:
        cut = sp.Integer(side * r)
        if start is not None and side * (cut - start) <= 0:
            continue
        w0 = w.subs(x, cut)
        if not (w0.is_number and w0 > 0) or not _sampled(low, x, cut):
            continue
        rels = _rels(problem)
        tail = [*rels, x >= cut if side == 1 else x <= cut]
        rest = [*rels, x <= cut if side == 1 else x >= cut]
        where = tex(tail[-1])
        premises = []

        def holds(e, strict, on, what, share, premises=premises):
            left = deadline - clock.now()
            if left < 0.2:
                raise _GiveUp
            got = realprove.decide(e, strict, on, what, seconds=max(0.2, share * left))
            if got.verdict != PROVED:
                raise _GiveUp
            premises.append(got)

        with time_limit(max(0.2, min(3.0, (deadline - clock.now()) / 4))):
            same = certify_identity(problem.slack, a + b * d_expr,
                                    f"the slack is $A + B D$, $D = {tex(d_expr)}$", domain=[])
        if same.verdict != PROVED:
            return None
        premises.append(same)
        try:
            holds(-b, False, tail, f"{tex(-b)} \\ge 0 \\text{{ where }} {where}", 0.2)
            holds(bound - d_expr, False, tail, f"{tex(d_expr)} \\le {tex(bound)}", 0.3)
            holds(low, problem.strict, tail, f"{tex(low)} {rel} 0", 0.5)
        except _GiveUp:
            continue
        with time_limit(max(0.2, min(3.0, (deadline - clock.now()) / 4))):
            split = certify_identity(b * (d_expr - bound), (-b) * (bound - d_expr),
                                     "one product, two factors", domain=[])
        sign = apply_rule("product of signs", [split, *premises[1:3]],
                          f"{tex(b)} ({tex(d_expr - bound)}) \\ge 0 \\text{{ where }} {where}",
                          "both factors are $\\le 0$")
        part = apply_rule("sum of inequalities", [premises[0], premises[3], sign],
                          f"{claim} \\text{{ where }} {where}",
                          f"the slack is ${tex(low)} {rel} 0$ plus ${tex(b)} "
                          f"({tex(d_expr - bound)}) \\ge 0$ (Mills' bound on ${tex(d_expr)}$)")
        return _and_the_rest(problem, part, rest, claim, deadline, where, part.reason)
    return None


def _sampled(low: sp.Expr, x: sp.Symbol, cut: sp.Integer) -> bool:
    """``low >= 0`` at a few points of the tail, in floating point (a guess before the proof:
    evidence only)."""
    try:
        with time_limit(1.0):
            return all(float(low.subs(x, cut * k).evalf(30)) >= 0 for k in SAMPLES)
    except (TypeError, ValueError, StepTimeout):
        return False


def monotone_tail(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for ``problem`` by the module docstring's monotone tail, or None."""
    if len(problem.variables) != 1 or len(_ACTIVE) or seconds < LEAST:
        return None
    if not problem.slack.has(sp.erf, sp.erfc):
        return None
    (x,) = problem.variables
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        try:
            slope = sp.diff(problem.slack, x)
        except Exception:  # SymPy failing: not this method
            return None
        if slope.has(sp.erf, sp.erfc):
            return None
        lo, hi = problem.bounds[0]
        for side, end in ((1, hi), (-1, lo)):
            if end is not None:
                continue
            try:
                got = _monotone(problem, claim, deadline, side, -side * slope)
            except (_GiveUp, StepTimeout):
                continue
            if got is not None:
                return got
    return None


def _monotone(problem: BoxProblem, claim: str, deadline: float, side: int,
              toward: sp.Expr) -> Step | None:
    """The tail towards ``side * oo`` where ``toward`` (the slope times ``-side``: ``>= 0``
    means the slack moves towards its limit) is shown ``>= 0``, then the rest."""
    from derive import realprove  # (it imports this module)
    from derive.singular import _rels

    (x,) = problem.variables
    with time_limit(max(0.2, min(2.0, (deadline - clock.now()) / 4))):
        lim = sympy_limit(problem.slack, x, side * sp.oo, 2.0)
    if lim is None or not (lim.is_real and lim.is_finite):
        return None
    if certify_sign(lim, "limit", False).verdict != PROVED:
        return None
    lo, hi = problem.bounds[0]
    start = lo if side == 1 else hi
    rels = _rels(problem)
    for r in CUTS:
        cut = sp.Integer(side * r)
        if start is not None and side * (cut - start) <= 0:
            continue
        if deadline - clock.now() < 0.3:
            return None
        if not _sampled(toward, x, cut):
            continue  # (the slack seems not monotone from there)
        tail = realprove.build_problem(problem.slack, problem.strict,
                                       [*rels, x >= cut if side == 1 else x <= cut])
        # (a quarter of what is left for each cut's tree: the rest of the domain needs time)
        root = _limit_tree(tail, toward, side, clock.now() + (deadline - clock.now()) / 4)
        if root is None:
            continue
        where = tex(x >= cut if side == 1 else x <= cut)
        part = certify_on_boxes(tail, root, f"{claim} \\text{{ where }} {where}",
                                max(0.5, (deadline - clock.now()) / 3))
        if part.verdict != PROVED:
            continue
        rest = [*rels, x <= cut if side == 1 else x >= cut]
        return _and_the_rest(problem, part, rest, claim, deadline, where,
                             f"monotone towards the limit {tex(lim)} at ${tex(side * sp.oo)}$")
    return None


def _limit_tree(tail: BoxProblem, toward: sp.Expr, side: int, deadline: float
                ) -> BoxNode | None:
    """The kernel's ``limit`` node for ``tail`` (one end infinite): its slope child a ``form``
    of ``toward`` times a factor ``> 0`` (``_cores``), shown ``>= 0`` by the plain search.
    None if that does not close."""
    from dataclasses import replace

    from derive import realprove  # (it imports this module)

    (x,) = tail.variables
    box, d = tail.bounds, -side
    if not function_forms(toward):
        return None
    slope_opens = frozenset(tail.opens | {(0, "lo"), (0, "hi")})
    cores = _cores(toward, x, side, box)
    # (two rounds: each core a short try, then an equal share of what is left; which form
    # the plain search settles at once is not known in advance)
    tries = [(k, 2 * len(cores)) for k in range(len(cores))]
    tries += [(k, len(cores) - k) for k in range(len(cores))]
    for k, share in tries:
        factor, core = cores[k]
        if clock.now() > deadline:
            return None
        until = clock.now() + (deadline - clock.now()) / share
        sub = BoxProblem(core, False, tail.variables, box, tail.opens, ())
        search = realprove._Search(sub, until, hard=until, level=1, local=True,
                                   probing=False)
        try:
            child = search.level0(box, False, slope_opens, 0)
        except Exception:  # (out of time, or no enclosure: this factor fails)
            child = None
        if child is None:
            continue
        slope = BoxNode("form", (0,), box, d, False, slope_opens, cut=factor,
                        children=(replace(child, expr=core),))
        strict0 = tail.strict
        return BoxNode("limit", (), box, 1, strict0, tail.opens, var=0, dir=d,
                       cut="analytic" if strict0 else None, children=(slope, None))
    return None


def _cores(toward: sp.Expr, x: sp.Symbol, side: int, box) -> list[tuple[sp.Expr, sp.Expr]]:
    """``(P, core)`` with ``toward * P = core`` and ``P > 0``: ``P = e^{a}`` for a decaying
    ``e^{-a}`` of ``toward``, each term's exponentials combined; then also over a common
    denominator with the denominator and positive factors divided out (``core_of``)."""
    out = []
    for factor in _gaussian_factors(toward, x, side):
        try:
            with time_limit(1.0):
                core = sp.Add(*[sp.powsimp(t * factor) for t in sp.Add.make_args(toward)])
                out.append((factor, core))
                cored = core_of(sp.together(core), (x,), box)
        except Exception:  # SymPy failing or too slow on a form: the others
            continue
        if cored is not None:
            out.append((factor * cored[0], cored[1]))
    return out


def _gaussian_factors(expr: sp.Expr, x: sp.Symbol, side: int) -> list[sp.Expr]:
    """``e^{-a}`` for each exponential ``e^{a}`` of ``expr`` that decays towards ``side *
    oo`` (``a -> -oo``), the slowest first (a float reading: it only orders the tries)."""
    out = []
    for e in expr.atoms(sp.exp):
        a = e.args[0]
        try:
            far = float(a.subs(x, 64 * side))
        except (TypeError, ValueError):
            continue
        if far < -8:
            out.append((-far, sp.exp(-a)))
    return [f for _, f in sorted(out, key=lambda p: p[0])]
