r"""Slacks that are 0 on a whole set of a domain in two or more variables (issue #11), or at
points the box search cannot certify: box enclosures never show ``> 0`` near such a set, so
branch-and-bound alone runs out of time there. Four reductions of
``derive.realprove._decide``, each concluding by a named trusted rule of
``derive.proof.RULES`` (``apply_rule``) from premises the kernel checked:

* **even** (rule *even function*): the slack and every condition of the domain are the same
  expression after ``v -> -v`` (SymPy's automatic evaluation: ``\cosh(-x) = \cosh x``,
  ``|-x| = |x|``, ``(-x)^2 = x^2``; so the same value and the same definedness; the kernel
  checks the identity too) for each variable ``v`` of a set ``E`` whose range holds both
  signs; the claim is decided on the part ``v >= 0`` (``v`` in ``E``) by the whole engine,
  with ``|v|`` written ``v`` there (an identity where ``v >= 0``). ``\cosh x \le \cosh y`` on
  ``|x| \le |y|`` becomes ``x \le y`` on ``x, y \ge 0`` (a monotone function);
  ``\cos x \le 1 - 2 x^2/\pi^2`` on ``|x| \le \pi`` becomes ``[0, \pi]``.
* **isolated minimum** (rules *convex near a critical point* and *case split*): in two or
  three variables, a point ``p`` inside the domain where the slack touches 0
  (``\sin x + \sin y + \sin(x + y) \le 3\sqrt 3/2`` at ``(\pi/3, \pi/3)``) is located
  numerically (floats only choose where to look) and named exactly (``nsimplify`` of each
  coordinate against ``\pi``; square roots); the kernel shows the slack and its gradient
  exactly 0 there (``certify_identity``; a wrong name is dropped). On a rational box ``K``
  around ``p`` the slack, its gradient and Hessian are defined (decided premises) and the
  Hessian's leading principal minors are ``> 0`` (each decided by the engine on ``K``:
  Sylvester's criterion), so the slack is convex on ``K`` and least at ``p``; the rest of
  the domain (the parts ``x_i <= a_i``, ``x_i >= b_i`` around ``K``) is decided by the
  whole engine (these claims have a margin: the plain box search is tried first; where
  it meets another touching point, by this rule again). A local
  minimum the scan finds below 0 is a counterexample to check (``refute_at`` at a rational
  point near it: ``3\sqrt 3/2 - 1/1000`` fails only within 0.05 of ``(\pi/3, \pi/3)``).
* **chord** (rule *concave between ends*): in a variable ``v`` whose range is a bounded
  interval ``[a, b]`` (exact ends; the domain's other conditions free of ``v``), the
  slack is continuous on ``[a, b]`` (its definedness decided on the closed interval; open
  ends of the domain included: the slack's formula must extend to them), twice
  differentiable inside with ``\partial_v^2 f \le 0`` (decided), and ``>= 0`` (``> 0``) on
  the two faces ``v = a``, ``v = b`` (each a claim in one variable fewer, decided by the
  whole engine): a concave function lies above its chord. The weighted AM-GM ``x^z
  y^{1-z} \le z x + (1 - z) y`` is concave in ``z`` and 0 on ``z = 0`` and ``z = 1``.

* **diagonal** (rules *change of variable* and *product of signs*): two variables whose slack
  is 0 or undefined on the line ``x = y`` (``(e^x - e^y)/(x - y) \le (e^x + e^y)/2``, the
  logarithmic mean ``\sqrt{xy} \le (x - y)/(\ln x - \ln y)``): ``y = x + t``, or ``y = x e^t``
  where the domain has ``x, y > 0`` (both one to one onto the domain, the line going to
  the face ``t = 0``; a condition divided by ``x > 0``, ``g(t) != 0`` as ``t != r_i`` at its
  real zeros by the kernel's ``certify_solve``), and when SymPy's ``separatevars`` writes the
  new slack as ``c A(x) B(t)`` (the identity proved by the kernel) each factor's sign is
  decided in its own variable (a removable singularity at ``t = 0`` in one variable, which
  the box search settles).

Each returns the proved step or None (a premise not proved: the engine goes on); the
isolated minimum also refutes.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from itertools import product

import mpmath
import numpy as np
import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.intervals import simplest_rational
from derive.latex import math as tex_math
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    UNKNOWN,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_sign,
    certify_solve,
    definedness,
    refute_at,
    time_limit,
)

_REL = CONSTRAINT_RELATIONS
MAX_NEST = 2  # reductions of this module inside the parts of this module
_ACTIVE = Nesting()
MAX_OPS = 150  # larger slacks are left to the other methods
GRID = 24  # sample points per variable of the numeric scan (floats choose where to look)
DIGITS = 40
MAX_POINTS = 6  # candidate touching points tried
EVEN_SHARE = 0.6  # of the time, for the half domain (a failure leaves the other methods some)
PIECE_RESERVE = 0.5  # seconds kept for each later piece around a touching point
PLAIN_SHARE = 0.3  # of a claim's time near a touching point, for the plain search first
RADII = (sp.Rational(1, 6), sp.Rational(1, 16), sp.Rational(1, 64))  # half-widths of K


def _rels(problem: BoxProblem) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints]


def _decide(slack: sp.Expr, strict: bool, domain: list, claim: str, seconds: float,
            reductions: bool = True) -> Step:
    """The whole engine on ``slack >= 0`` (``> 0``) where ``domain`` holds; without the
    reductions of ``derive.reduce`` and homogeneity unless ``reductions`` (the box search
    settles the parts around a touching point, and quickly)."""
    from derive import realprove  # (realprove imports this module)

    if reductions:
        return realprove.decide(slack, strict, domain, claim, seconds=max(0.2, seconds))
    try:
        return realprove._decide(slack, strict, domain, claim, max(0.2, seconds),
                                 homogeneous=False)
    except Exception as err:  # noqa: BLE001 -- the engine failing on a form: unknown
        return Step(claim, "interval", UNKNOWN, f"not decided: {type(err).__name__}")


def _plain_first(slack: sp.Expr, strict: bool, domain: list, claim: str, seconds: float
                 ) -> Step:
    """``_decide`` without reductions, after the plain box search for ``PLAIN_SHARE`` of the
    time: around a touching point the claims (a Hessian's minors on a small box, the domain
    around that box) have a margin, and the whole engine's sampling and methods would spend
    the time before its boxes."""
    from derive import realprove  # (realprove imports this module)

    end = clock.now() + seconds
    step = realprove.plain(slack, strict, domain, claim, PLAIN_SHARE * seconds)
    return step if step is not None else _decide(slack, strict, domain, claim,
                                                  end - clock.now(), reductions=False)


def _guarded(problem: BoxProblem, name: str):
    """The key of ``problem`` for ``name``, or None when this module is already ``MAX_NEST``
    deep or decides the same claim by the same method (the recursion ends)."""
    key = (name, problem.slack, problem.strict, problem.bounds, problem.constraints)
    if len(_ACTIVE) >= MAX_NEST or key in _ACTIVE:
        return None
    return key


# ------------------------------------------------------------------------ even

def even(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Rule *even function* (module docstring): the claim decided where every variable in
    which the slack and the domain are even is ``>= 0``."""
    key = _guarded(problem, "even")
    if key is None or sp.count_ops(problem.slack) > MAX_OPS:
        return None
    deadline = clock.now() + seconds
    rels = _rels(problem)
    evens = []
    for i, v in enumerate(problem.variables):
        lo, hi = problem.bounds[i]
        if (lo is not None and lo >= 0) or (hi is not None and hi <= 0):
            continue  # one sign only: nothing to fold
        flip = {v: -v}
        if problem.slack.xreplace(flip) != problem.slack:
            continue
        # the set of conditions is the same after the flip (-c <= v <= c: two conditions
        # exchanged; g != 0 as -g != 0)
        conds = set(problem.constraints)
        if any((g.xreplace(flip), k) not in conds
               and not (k == "ne" and (-g.xreplace(flip), k) in conds)
               for g, k in problem.constraints):
            continue
        evens.append(v)
    if not evens:
        return None
    premises = []
    for v in evens:
        same = certify_identity(problem.slack.xreplace({v: -v}), problem.slack,
                                f"the slack is even in {tex_math(v)}")
        if same.verdict != PROVED:
            return None
        premises.append(same)
    # on v >= 0, |v| is v (an identity there)
    unabs = {sp.Abs(v): v for v in evens}
    for v in evens:
        if problem.slack.has(sp.Abs(v)) or any(g.has(sp.Abs(v)) for g, _ in problem.constraints):
            step = certify_identity(sp.Abs(v), v, f"{tex_math(sp.Abs(v))} = {tex_math(v)} "
                                    f"where {tex_math(v >= 0)}", domain=[v >= 0])
            if step.verdict != PROVED:
                return None
            premises.append(step)
    half = [r.xreplace(unabs) for r in rels] + [v >= 0 for v in evens]
    if any(r is sp.false for r in half):
        return None
    half = [r for r in half if r is not sp.true]
    slack = problem.slack.xreplace(unabs)
    where = ", ".join(tex_math(v >= 0) for v in evens)
    with _ACTIVE.enter(key):
        step = _decide(slack, problem.strict, half, f"{claim} where {where}",
                       EVEN_SHARE * (deadline - clock.now()))
    if step.verdict != PROVED:
        return None
    premises.append(step)
    names = ", ".join(tex_math(v) for v in evens)
    return apply_rule("even function", premises, claim,
                      f"the slack and the domain are even in {names} (each "
                      f"{tex_math(sp.Symbol('v'))} to {tex_math(-sp.Symbol('v'))} leaves them "
                      f"as they are), so it suffices where {where}: " + step.reason)


# ------------------------------------------------------------------------ isolated minimum

def isolated(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Rules *convex near a critical point* and *case split* (module docstring): a touching
    point ``p`` inside the domain, named exactly, a box ``K`` about it where the Hessian is
    positive definite, and the rest of the domain decided by the whole engine."""
    from derive.reduce import smooth

    n = len(problem.variables)
    key = _guarded(problem, "isolated")
    if (key is None or not 2 <= n <= 3 or problem.strict or not smooth(problem.slack)
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    deadline = clock.now() + seconds
    below: list = []
    for p in _touching_points(problem, deadline, below):
        if clock.now() > deadline - 0.5:
            return None
        with _ACTIVE.enter(key):
            step = _about(problem, claim, p, deadline)
        if step is not None:
            return step
    for point in below:  # a local minimum below 0: the claim fails near it
        step = refute_at(problem, point, claim)
        if step.verdict == REFUTED:
            return step
    return None


def critical_point(problem: BoxProblem, p: Sequence[sp.Expr]) -> list[Step]:
    """The kernel's steps that the slack and each of its first partial derivatives are
    exactly 0 at the exact point ``p`` (not all proved: a wrong name)."""
    at = dict(zip(problem.variables, p))
    where = tex_math(sp.Tuple(*problem.variables)) + " = " + tex_math(sp.Tuple(*p))
    steps = [certify_identity(problem.slack.xreplace(at), sp.Integer(0),
                              f"the slack is 0 at {where}")]
    for v in problem.variables:
        steps.append(certify_identity(sp.diff(problem.slack, v).xreplace(at), sp.Integer(0),
                                      f"its derivative in {tex_math(v)} is 0 at {where}"))
    return steps


def convex_about(problem: BoxProblem, p: Sequence[sp.Expr], box: Sequence[tuple],
                 claim: str, seconds: float) -> Step:
    """``slack >= 0`` on the rational box ``box`` about the exact point ``p`` by the rule
    *convex near a critical point*: the value and gradient at ``p`` exactly 0, ``p`` in
    the box, the slack and its first and second derivatives defined on the box, and the
    Hessian's leading principal minors ``> 0`` there (each decided by the engine). A
    premise not proved leaves the step unknown (``apply_rule``)."""
    deadline = clock.now() + seconds
    xs = problem.variables
    n = len(xs)
    premises = critical_point(problem, p)
    if any(s.verdict != PROVED for s in premises):
        return apply_rule("convex near a critical point", premises, claim)
    for c, (a, b) in zip(p, box):
        premises.append(certify_sign(c - a, f"{tex_math(c)} \\ge {tex_math(a)}"))
        premises.append(certify_sign(b - c, f"{tex_math(c)} \\le {tex_math(b)}"))
    rels = [r for v, (a, b) in zip(xs, box) for r in (v >= a, v <= b)]
    grad = [sp.diff(problem.slack, v) for v in xs]
    hess = sp.Matrix(n, n, lambda i, j: sp.diff(grad[i], xs[j]))
    # defined (and so, built from SMOOTH functions, twice continuously differentiable) on
    # the closed box: every condition of the definedness of f, grad f, H decided there
    conds = []
    for e in [problem.slack, *grad, *hess]:
        conds += [c for c in definedness(e) if c not in conds]
    parts = max(1, len(conds) + n)
    for c in conds:
        if c is sp.false:
            c = sp.Gt(sp.Integer(0), sp.Integer(1), evaluate=False)  # (not proved below)
        e, strict = _as_slack(c)
        premises.append(_decide(e, strict, rels, f"{tex_math(c)} on the box",
                                (deadline - clock.now()) / parts))
        parts -= 1
    for k in range(1, n + 1):
        minor = _det([[hess[i, j] for j in range(k)] for i in range(k)])
        premises.append(_plain_first(minor, True, rels, f"the leading principal minor {k} of "
                                     "the Hessian is > 0 on the box",
                                     (deadline - clock.now()) / parts))
        parts -= 1
    return apply_rule("convex near a critical point", premises, claim,
                      f"the slack and its gradient are 0 at {tex_math(sp.Tuple(*p))}, and on "
                      f"the box {_box_text(xs, box)} around it its Hessian is positive "
                      "definite (leading principal minors > 0), so the slack is least there")


def _about(problem: BoxProblem, claim: str, p: list[sp.Expr], deadline: float
           ) -> Step | None:
    xs = problem.variables
    if not _definite_at(problem, p):
        return None  # (floats choose: a curve of touching points, a saddle)
    if any(s.verdict != PROVED for s in critical_point(problem, p)):
        return None  # a wrong name
    rels = _rels(problem)
    for r in RADII:
        left = deadline - clock.now()
        if left <= 0.5:
            return None
        box = []
        for c in p:
            approx = sp.Rational(sp.nsimplify(sp.N(c, 30), rational=True))
            box.append((simplest_rational(approx - 5 * r / 4, approx - r),
                        simplest_rational(approx + r, approx + 5 * r / 4)))
        if not _definite_on(problem, box):
            continue  # (floats: not worth the engine's time on this box)
        what = f"the slack is \\ge 0 on {_box_text(xs, box)}"
        near = convex_about(problem, p, box, what, 0.3 * left)
        if near.verdict != PROVED:
            continue
        steps = [near]
        # an unbounded variable bounded by the domain (y < pi - x, x > 0: y <= 4), proved;
        # the pieces get the bound (the box search then has finite boxes)
        caps = []
        for v, end in _implied_bounds(problem):
            cap = _decide(end[1] * (end[0] - v), False, rels,
                          f"{tex_math(v <= end[0] if end[1] > 0 else v >= end[0])} on the "
                          "domain", 0.1 * (deadline - clock.now()))
            if cap.verdict == PROVED:
                steps.append(cap)
                caps.append(v <= end[0] if end[1] > 0 else v >= end[0])
        # the rest of the domain: x_1 <= a_1, x_1 >= b_1, then a_1 <= x_1 <= b_1 with
        # x_2 <= a_2, x_2 >= b_2, ...
        pieces = []
        for i, (v, (a, b)) in enumerate(zip(xs, box)):
            inside = [r_ for w, (a_, b_) in zip(xs[:i], box[:i]) for r_ in (w >= a_, w <= b_)]
            pieces += [inside + [v <= a], inside + [v >= b]]
        for k, piece in enumerate(pieces):
            # each piece what is left but a reserve for the others (any piece not proved
            # ends the rule, and the engine proves sooner with more time: its phases are
            # shares of it)
            left, more = deadline - clock.now(), len(pieces) - k - 1
            share = max(left / (more + 1), left - PIECE_RESERVE * more)
            step = _plain_first(problem.slack, problem.strict, rels + caps + piece,
                                f"{claim} where " + ", ".join(tex_math(c) for c in piece),
                                share)
            if step.verdict != PROVED:
                return None
            steps.append(step)
        return apply_rule("case split", steps, claim,
                          f"the slack touches 0 at {tex_math(sp.Tuple(*p))}: " + near.reason
                          + "; the rest of the domain (around the box) proved")
    return None


def _definite_at(problem: BoxProblem, p: Sequence[sp.Expr]) -> bool:
    """Whether the Hessian at ``p`` looks positive definite (its leading minors' values, in
    floats: a filter; the engine decides on the box)."""
    xs = problem.variables
    at = dict(zip(xs, p))
    try:
        with time_limit(1.0):
            grad = [sp.diff(problem.slack, v) for v in xs]
            h = [[sp.diff(g, v).xreplace(at) for v in xs] for g in grad]
            return all(float(sp.N(_det([row[:k] for row in h[:k]]), 20)) > 1e-9
                       for k in range(1, len(xs) + 1))
    except (StepTimeout, TypeError, ValueError, ZeroDivisionError):
        return False


def _definite_on(problem: BoxProblem, box: Sequence[tuple]) -> bool:
    """Whether the Hessian looks positive definite (leading minors > 0 in floats) at the
    corners and the middle of ``box`` (a filter before the engine decides it there)."""
    xs = problem.variables
    n = len(xs)
    try:
        grad = [sp.diff(problem.slack, v) for v in xs]
        hess = sp.lambdify(xs, [[sp.diff(g, v) for v in xs] for g in grad], "mpmath")
        points = [[(a + b) / 2 for a, b in box]] + [list(c) for c in product(*box)]
        with mpmath.workdps(20):
            for q in points:
                h = mpmath.matrix(hess(*[mpmath.mpf(sp.Rational(c).p) / sp.Rational(c).q
                                         for c in q]))
                if not all(mpmath.det(h[:k, :k]) > 0 for k in range(1, n + 1)):
                    return False
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return False
    return True


def _det(m: list[list[sp.Expr]]) -> sp.Expr:
    """The determinant by expansion along the first row, unsimplified (SymPy's ``det``
    simplifies, which may take long on the entries of a Hessian)."""
    if len(m) == 1:
        return m[0][0]
    return sp.Add(*[(-1) ** j * m[0][j] * _det([row[:j] + row[j + 1:] for row in m[1:]])
                    for j in range(len(m))])


def _implied_bounds(problem: BoxProblem) -> list[tuple[sp.Symbol, tuple]]:
    """``(v, (R, 1))`` (``v <= R``) or ``(v, (R, -1))`` (``v >= R``) with an integer ``R`` for
    each variable unbounded on that side of its box that a linear condition of the domain
    bounds through the others' finite bounds (``x + y < pi`` with ``x > 0``: ``y <= 4``); a
    guess, each proved by the caller."""
    xs = problem.variables
    out = []
    for i, v in enumerate(xs):
        for side, k in ((1, 1), (0, -1)):
            if problem.bounds[i][side] is not None:
                continue
            best = None
            for g, kind in problem.constraints:
                if kind == "ne" or v not in g.free_symbols or not g.is_polynomial(*xs):
                    continue
                poly = sp.Poly(g, *xs)
                if poly.total_degree() != 1:
                    continue
                c = poly.coeff_monomial(v)
                if not c.is_Rational or (c < 0) != (k > 0):
                    continue
                # c v + sum c_w w + r >= 0: v <= (sum c_w w + r)/(-c) (c < 0), or >=
                rest = (g - c * v) / (-c)
                lo_hi = []
                for j, w in enumerate(xs):
                    if j == i or w not in rest.free_symbols:
                        continue
                    cw = sp.Poly(rest, w).coeffs()[0]
                    want = 1 if (cw > 0) == (k > 0) else 0  # the end that maximises (k > 0)
                    lo_hi.append((w, problem.bounds[j][want]))
                if any(e is None for _, e in lo_hi):
                    continue
                value = sp.N(rest.xreplace(dict(lo_hi)), 20)
                if not value.is_real:
                    continue
                end = sp.Integer(int(sp.ceiling(value)) + 1) if k > 0 else \
                    sp.Integer(int(sp.floor(value)) - 1)
                if best is None or (end < best if k > 0 else end > best):
                    best = end
            if best is not None:
                out.append((v, (best, k)))
    return out


def _box_text(xs: Sequence[sp.Symbol], box: Sequence[tuple]) -> str:
    return ", ".join(tex_math(sp.And(v >= a, v <= b, evaluate=False)) for v, (a, b)
                     in zip(xs, box))


def _as_slack(c: sp.Basic) -> tuple[sp.Expr, bool]:
    """The relation ``c`` as ``(e, strict)``: ``c`` iff ``e >= 0`` (``> 0``)."""
    if isinstance(c, sp.Ne):
        return (c.lhs - c.rhs) ** 2, True
    if isinstance(c, (sp.Gt, sp.Ge)):
        return c.lhs - c.rhs, isinstance(c, sp.Gt)
    return c.rhs - c.lhs, isinstance(c, sp.Lt)


def _touching_points(problem: BoxProblem, deadline: float, below: list | None = None):
    """Exact points inside the domain where the slack looks 0 with gradient 0: grid minima
    (floats) refined by Newton's method on the gradient (mpmath, ``DIGITS``), each
    coordinate named by ``nsimplify`` against ``pi`` (a name is only a guess: the kernel
    checks it, ``critical_point``). A local minimum where the slack is clearly negative goes
    to ``below`` as a rational point near it (a counterexample to check)."""
    xs = problem.variables
    n = len(xs)
    axes = []
    caps = {(v, k): end for v, (end, k) in _implied_bounds(problem)}  # (y < pi - x: y <= 4)
    for v, (lo, hi) in zip(xs, problem.bounds):
        lo = lo if lo is not None else caps.get((v, -1))
        hi = hi if hi is not None else caps.get((v, 1))
        a = float(lo) if lo is not None else -8.0
        b = float(hi) if hi is not None else 8.0
        k = GRID if n == 2 else GRID // 2
        axes.append(np.array([a + (b - a) * (j + 0.5) / k for j in range(k)]))
    try:
        f = sp.lambdify(xs, problem.slack, "numpy")
        cons = [(sp.lambdify(xs, g, "numpy"), kind) for g, kind in problem.constraints]
        mesh = np.meshgrid(*axes, indexing="ij")
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vals = np.asarray(f(*mesh), dtype=complex) * np.ones(mesh[0].shape)
            ok = np.isfinite(vals) & (np.abs(vals.imag) < 1e-12)
            for g, kind in cons:
                gv = np.asarray(g(*mesh), dtype=float) * np.ones(mesh[0].shape)
                ok &= (gv > 0) if kind != "ne" else (gv != 0)
    except Exception:  # noqa: BLE001 -- a form NumPy cannot evaluate: no points to try
        return
    vals = np.where(ok, vals.real, np.inf)
    spread = np.nanmax(np.where(ok, vals, -np.inf)) - np.min(vals)
    if not np.isfinite(spread) or spread <= 0:
        return
    order = np.argsort(vals, axis=None)[: 4 * MAX_POINTS]
    grad = [sp.diff(problem.slack, v) for v in xs]
    hess = [[sp.diff(g, v) for v in xs] for g in grad]
    try:
        fm = sp.lambdify(xs, problem.slack, "mpmath")
        gm = sp.lambdify(xs, grad, "mpmath")
        hm = sp.lambdify(xs, hess, "mpmath")
    except Exception:  # noqa: BLE001 -- no mpmath form: no points
        return
    seen: list = []
    tried = 0
    for flat in order:
        if clock.now() > deadline or tried >= MAX_POINTS:
            return
        idx = np.unravel_index(flat, vals.shape)
        if vals[idx] > 0.05 * spread:
            return
        start = [axes[i][j] for i, j in enumerate(idx)]
        tried += 1
        try:
            with mpmath.workdps(DIGITS):
                x0 = mpmath.matrix([mpmath.mpf(s) for s in start])
                for _ in range(30):
                    g = mpmath.matrix(gm(*x0))
                    h = mpmath.matrix(hm(*x0))
                    step = mpmath.lu_solve(h, g)
                    x0 = x0 - step
                    if mpmath.norm(step) < mpmath.mpf(10) ** (-(DIGITS - 8)):
                        break
                point = [x0[i] for i in range(n)]
                value = fm(*point)
                if below is not None and value < -mpmath.mpf(10) ** -12:
                    below.append([sp.Rational(mpmath.nstr(c, 15)) for c in point])
                if abs(value) > mpmath.mpf(10) ** (-(DIGITS - 12)):
                    continue
                # a Hessian that looks positive definite (a curve of touching points or a
                # saddle is not this rule's; floats only choose)
                h = mpmath.matrix(hm(*point))
                if not all(mpmath.det(h[:k, :k]) > mpmath.mpf(10) ** -9
                           for k in range(1, n + 1)):
                    continue
        except (ZeroDivisionError, ValueError, TypeError, ArithmeticError):
            continue
        if any(all(abs(float(a) - float(b)) < 1e-9 for a, b in zip(q, point)) for q in seen):
            continue
        seen.append(point)
        try:  # strictly inside the domain (a point of another part is not this one's)
            inside = all(float(g(*[float(c) for c in point])) > 1e-9 for g, kind in cons
                         if kind != "ne")
        except (TypeError, ValueError, ZeroDivisionError):
            inside = False
        if not inside:
            continue
        name = [_name(c, deadline) for c in point]
        if None not in name:
            yield name


def _name(c, deadline: float) -> sp.Expr | None:
    """A short exact name for the mpmath number ``c``: a rational, a rational multiple of
    ``pi`` or an algebraic number of small degree (``nsimplify``), or None."""
    s = mpmath.nstr(c, DIGITS - 8)
    tol = sp.Rational(1, 10 ** 25)
    for constants in ([sp.pi], []):
        try:
            with time_limit(max(0.05, min(0.5, deadline - clock.now()))):
                name = sp.nsimplify(s, constants, tolerance=tol)
        except (StepTimeout, ValueError, TypeError):
            continue
        if not name.has(sp.Float) and all(abs(r.p) < 10 ** 6 and r.q < 10 ** 6
                                          for r in name.atoms(sp.Rational)):
            return name
    return None


# ------------------------------------------------------------------------ chord

def chord(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Rule *concave between ends* (module docstring): in a variable ``v`` with a bounded
    range ``[a, b]``, the slack concave (``\\partial_v^2 f <= 0``, decided) and ``>= 0`` on
    the faces ``v = a`` and ``v = b`` (claims in one variable fewer)."""
    from derive.reduce import _exact_ends, _negative_somewhere, smooth

    xs = problem.variables
    key = _guarded(problem, "chord")
    if (key is None or len(xs) < 2 or not smooth(problem.slack)
            or sp.count_ops(problem.slack) > MAX_OPS):
        return None
    deadline = clock.now() + seconds
    for i, v in enumerate(xs):
        a, b = _exact_ends(problem, i)
        if a is None or b is None:
            continue
        others = [(g, k) for g, k in problem.constraints if v not in g.free_symbols]
        if any(v in g.free_symbols and g.free_symbols != {v} for g, _ in problem.constraints):
            continue  # a condition joining v to the others: not a product of intervals
        rest = [_REL[k](g, 0) for g, k in others]
        o_vars = [w for w in xs if w != v]
        o_bounds = [bd for w, bd in zip(xs, problem.bounds) if w != v]
        try:
            with time_limit(max(0.1, min(1.0, deadline - clock.now()))):
                h1 = sp.diff(problem.slack, v)
                h2 = sp.diff(h1, v)
                faces = [problem.slack.xreplace({v: e}) for e in (a, b)]
        except StepTimeout:
            return None
        bounds = tuple((a, b) if w == v else bd for w, bd in zip(xs, problem.bounds))
        inside = rest + [v > a, v < b]
        if _negative_somewhere(h2, xs, bounds, inside, sign=-1) or any(
                _negative_somewhere(f, o_vars, o_bounds, rest) for f in faces):
            continue  # convex somewhere, or a face fails: not this variable
        with _ACTIVE.enter(key):
            step = _chord_in(problem, claim, v, a, b, rest, h1, h2, faces, deadline)
        if step is not None and step.verdict == PROVED:
            return step
    return None


def _chord_in(problem, claim, v, a, b, rest, h1, h2, faces, deadline) -> Step | None:
    closed = rest + [v >= a, v <= b]
    inside = rest + [v > a, v < b]
    premises = []
    todo = []  # (expr, strict, rels, what)
    seen = []
    segment = f"for {tex_math(a)} \\le {tex_math(v)} \\le {tex_math(b)}"
    for exprs, rels, where in (([problem.slack], closed, segment), ([h1, h2], inside, "inside")):
        for e in exprs:
            for c in definedness(e):
                if c in seen:
                    continue
                seen.append(c)
                if c is sp.false:
                    return None
                g, strict = _as_slack(c)
                todo.append((g, strict, rels, f"{tex_math(c)} {where}", False))
    todo.append((-h2, False, inside, f"\\partial^2_{{{tex(v)}}} f \\le 0", True))
    for e, face in zip((a, b), faces):
        todo.append((face, problem.strict, rest,
                     f"the slack at {tex_math(sp.Eq(v, e, evaluate=False))}", True))
    # each premise by SymPy's sign of a form of it (factored: -x^z y^{1-z} (ln x - ln y)^2),
    # one enclosure, or the whole engine (derive.reduce's way of deciding premises)
    from derive.reduce import _Context, _GiveUp

    ctx = _Context(deadline)
    for k, (e, strict, rels, what, full) in enumerate(todo):
        try:
            premises.append(ctx.holds(e, strict, rels, what, share=0.6 if full else
                                      1 / (len(todo) - k), plain=not full))
        except _GiveUp:
            return None
    rel = ">" if problem.strict else "\\ge"
    return apply_rule("concave between ends", premises, claim,
                      f"in {tex_math(v)} on {tex_math(sp.Interval(a, b))} the slack is concave "
                      f"($\\partial^2_{{{tex(v)}}} f \\le 0$) and ${rel} 0$ at both ends "
                      "(each proved), so it lies above its chord")


# ------------------------------------------------------------------------ diagonal

def diagonal(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Rules *change of variable* and *product of signs* (module docstring): two variables
    whose slack is 0 or undefined on ``x = y`` (``(e^x - e^y)/(x - y) \\le (e^x + e^y)/2``,
    the logarithmic mean): ``y = x + t`` (or ``y = x e^t`` where ``x, y > 0``) makes that
    line the face ``t = 0``; when the new slack is ``c A(x) B(t)`` (SymPy's ``separatevars``,
    the identity proved) each factor's sign is decided in its own variable."""
    from derive.reduce import smooth

    key = _guarded(problem, "diagonal")
    if key is None or len(problem.variables) != 2 or not smooth(problem.slack):
        return None
    x, y = problem.variables
    if not _diagonal_touches(problem):
        return None
    deadline = clock.now() + seconds
    # the new variable: a name no symbol of the problem has (a variable t of the notes would
    # be the same symbol, and y = x + t with x = t would be y = 2 t, no change of variable)
    taken = {s.name for s in problem.slack.free_symbols.union(
        *(g.free_symbols for g, _ in problem.constraints))} | {v.name for v in problem.variables}
    t = sp.Symbol(next(n for n in ("t", "s", "u", "v", "tau", "t_0", "s_0") if n not in taken),
                  real=True)
    positive = all(any(g == v and k == "gt" for g, k in problem.constraints) for v in (x, y))
    maps = [(x + t, "y = x + t")] + ([(x * sp.exp(t), "y = x e^t")] if positive else [])
    for phi, name in maps:
        with _ACTIVE.enter(key):
            step = _separated(problem, claim, t, phi, positive, deadline)
        if step is not None:
            return step
    return None


def _diagonal_touches(problem: BoxProblem) -> bool:
    """Whether the slack looks 0 or undefined at points ``x = y`` of the box (floats: a
    filter)."""
    x, y = problem.variables
    (a, b), (c, d) = problem.bounds
    lo = max([v for v in (a, c) if v is not None], default=None)
    hi = min([v for v in (b, d) if v is not None], default=None)
    lo = sp.Integer(-3) if lo is None else lo
    hi = lo + 6 if hi is None else hi
    if lo >= hi:
        return False
    for k in (1, 2, 3):
        p = lo + (hi - lo) * sp.Rational(k, 4)
        try:
            v = complex(sp.N(problem.slack.xreplace({x: p, y: p}), 15))
        except (TypeError, ValueError, ZeroDivisionError):
            continue  # undefined there
        if not (abs(v) < 1e-12 or math.isnan(v.real) or math.isnan(v.imag)):  # (undefined)
            return False
    return True


def _separated(problem, claim, t, phi, positive, deadline) -> Step | None:
    x, y = problem.variables
    moved = problem.slack.xreplace({y: phi})
    rels = []
    xp = sp.Symbol("x", positive=True)
    for g, k in problem.constraints:
        if positive and g == y:
            continue  # y = x e^t > 0 where x > 0
        g = g.xreplace({y: phi})
        if positive and g.free_symbols == {x, t}:
            # with x > 0 (SymPy's assumptions): ln(x e^t) = ln x + t; a condition that holds
            # at every x > 0 and real t (x^2 e^t >= 0) is dropped
            try:
                with time_limit(max(0.1, min(1.0, (deadline - clock.now()) / 8))):
                    gp = sp.expand_log(g.xreplace({x: xp}), force=False)
                    if _REL[k](gp, 0) is sp.true:
                        continue
                    g = gp.xreplace({xp: x})
            except (StepTimeout, TypeError, ValueError):
                pass
        if positive and g.free_symbols == {x, t}:
            try:  # a condition divided by x > 0 keeps its sign (x - x e^t != 0: 1 - e^t)
                with time_limit(max(0.1, min(1.0, (deadline - clock.now()) / 8))):
                    h = sp.simplify(g / x)
            except (StepTimeout, TypeError, ValueError):
                h = g
            g = h if h.free_symbols <= {t} else g
        rels.append(_REL[k](g, 0))
    rels = [r for r in rels if r is not sp.true]
    if any(r is sp.false for r in rels) or any(
            r.free_symbols and r.free_symbols != {x} and r.free_symbols != {t} for r in rels):
        return None  # a condition joining x and t: not a product of domains
    try:
        with time_limit(max(0.1, min(2.0, (deadline - clock.now()) / 4))):
            form = moved.xreplace({x: xp}) if positive else moved
            if positive:
                form = sp.expand_log(form, force=False)
            form = sp.simplify(form).xreplace({xp: x})
            parts = sp.separatevars(form, symbols=[x, t], dict=True)
    except (StepTimeout, TypeError, ValueError, AttributeError):
        return None
    if not parts or set(parts) - {"coeff", x, t}:
        return None
    c, a_x, b_t = parts.get("coeff", sp.Integer(1)), parts.get(x, sp.Integer(1)), \
        parts.get(t, sp.Integer(1))
    if c.free_symbols:
        return None
    signs = [x > 0] if positive else []
    premises = [certify_identity(moved, c * a_x * b_t, "the slack after the change of "
                                 "variable, as a product", domain=signs)]
    if premises[0].verdict != PROVED:
        return None
    x_rels = [r for r in rels if r.free_symbols == {x}]
    t_rels = []
    for r in rels:
        if r.free_symbols != {t}:
            continue
        g = r.lhs - r.rhs
        if isinstance(r, sp.Ne) and not g.is_polynomial(t):
            # g(t) != 0 as t != r_i at its finitely many real zeros (the kernel's solve:
            # 1 - e^t != 0 is t != 0), which the box search cuts out
            try:
                with time_limit(max(0.1, min(1.0, (deadline - clock.now()) / 8))):
                    zeros = sp.solveset(g, t, sp.S.Reals)
            except (StepTimeout, TypeError, ValueError, NotImplementedError):
                zeros = None
            if isinstance(zeros, sp.FiniteSet) and len(zeros) <= 3 and all(
                    z.is_Rational for z in zeros):
                solved = certify_solve(g, t, sp.S.Reals, list(zeros),
                                       f"the zeros of {tex_math(g)}")
                if solved.verdict == PROVED:
                    premises.append(solved)
                    t_rels += [sp.Ne(t, z) for z in zeros]
                    continue
        t_rels.append(r)
    strict = problem.strict
    todo = []
    for e, where in ((a_x, x_rels), (b_t, t_rels)):
        for cond in definedness(e):
            g, st = _as_slack(cond)
            todo.append((g, st, where, f"{tex_math(cond)}"))
    # each factor's sign: c and A > 0, then B >= 0 (> 0 when strict); or all flipped
    for sign in (1, -1):
        if bool(sign * c <= 0):
            continue
        steps = list(premises)
        steps.append(certify_sign(sign * c, "the constant factor's sign", True))
        b_rel = sign * b_t > 0 if strict else sign * b_t >= 0
        todo_all = todo + [(sign * a_x, True, x_rels, tex_math(sign * a_x > 0)),
                           (sign * b_t, strict, t_rels, tex_math(b_rel))]
        ok = True
        for k, (e, st, where, what) in enumerate(todo_all):
            left = deadline - clock.now()
            if left <= 0.1:
                return None
            step = certify_sign(e, what, st) if not e.free_symbols else _decide(
                e, st, where, what, left / (len(todo_all) - k))
            if step.verdict != PROVED:
                ok = False
                break
            steps.append(step)
        if not ok:
            continue
        inner = apply_rule("product of signs", steps, claim,
                           f"with {tex_math(sp.Eq(y, phi))} the slack is "
                           f"{tex_math(c * a_x * b_t)}, each factor of a sign (proved)")
        return apply_rule("change of variable", [inner], claim,
                          f"{tex_math(sp.Eq(y, phi))} maps the new domain onto the domain one "
                          f"to one, the line {tex_math(sp.Eq(x, y))} to the face "
                          f"{tex_math(sp.Eq(t, 0))}; " + inner.reason)
    return None
