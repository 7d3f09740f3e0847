r"""Domains with an order between two variables: ``x < y`` (``x <= y``), with chains such as
``0 < x < y < c`` or ``a <= x <= y <= b`` (issue #11).

``ordered_pair(problem, claim, seconds)`` tries to prove the two-variable ``BoxProblem``
``slack >= 0`` (``> 0``) whose constraints include ``y - x > 0`` (``>= 0``) by a named trusted
rule from decided premises, and returns the proved step or None (a premise that fails never
refutes the claim: the caller's search goes on). The box search cannot finish where the
slack touches 0 along the whole diagonal ``x = y`` (``\sin y / y < \sin x / x``); these can:

* **monotone function**: the slack is exactly ``c + k (g(x) - g(y))`` (a SymPy identity the
  kernel checks) with a constant ``c >= 0``, a factor ``k > 0`` on the domain and one function
  ``g``: the slack's two variable terms ``s_1 a_1(x) b_1(y) + s_2 a_2(x) b_2(y)`` (each a
  product of factors in one variable) give ``k = a_2(x) b_1(y)`` (or ``a_1(x) b_2(y)``) and
  ``s_1 a_1/a_2 = -s_2 b_2/b_1 = g``; ``\frac{x}{y} \le \frac{\sin x}{\sin y}`` is
  ``\frac{x}{\sin y}(\frac{\sin x}{x} - \frac{\sin y}{y})``; a slack with no term joining
  ``x`` and ``y`` is ``c + (a(x) - b(y))`` with ``k = 1`` (``\tan x - x > \tan y - y``).
  Then ``g' <= 0`` (``< 0``) inside
  an interval ``J`` holding every value of ``x`` and ``y`` (its ends proved bounds of the
  domain), ``g`` defined (continuous) on ``J``, is the rule *monotone function* (the mean
  value theorem on ``[x, y]``). A strict claim needs ``g' < 0`` inside ``J`` and ``x < y``,
  or ``c > 0``. Powers with variable exponents (``x^y - y^x``) first become ``e^{y \ln x} -
  e^{x \ln y}``: ``e^t`` increasing, ``y \ln x - x \ln y > 0`` suffices (*mean value
  theorem*), a claim of this form.
* **separated by a constant**: ``c + k (u(x) - v(y))`` with different ``u``, ``v`` and a
  constant ``m`` (the limit of ``u`` at ``J``'s lower end or of ``v`` at its upper end) with
  ``u >= m`` and ``m >= v`` on ``J``, each a claim in one variable (*sum of inequalities*;
  ``\sin x / \sin y \le \pi x / (2 y)``: ``\sin x / x \le 1 \le (\pi/2) \sin y / y``).
* **substitution**: ``y = x + t`` (``t > 0``) or ``x = t y`` (``0 < t < 1``) keeping the
  slack's quotients (*change of variable*; a margin such as ``+ 0.0005`` keeps the slack
  away from 0 on the new edge), each decided by the whole engine with the other bounds as
  its constraints; last, ``x = t y`` with the common denominator shown ``> 0`` and cleared.

The calculus needs continuity and a derivative: ``g`` must be built from the functions of
``derive.reduce.SMOOTH`` (continuous where defined, real-analytic inside), and every
condition of ``derive.proof.definedness`` of ``g``, ``g'`` and ``k`` is a decided premise.
"""

from __future__ import annotations

import sympy as sp

from derive import clock, realprove
from derive.guard import Nesting
from derive.latex import tex
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    certify_sign,
    certify_solve,
    definedness,
    time_limit,
)
from derive.reduce import _Context, _GiveUp, _sample_signs, attempt, difference, smooth

_REL = CONSTRAINT_RELATIONS
_ACTIVE = Nesting()  # the claims under way: a premise is never the same claim again
MONOTONE_SHARE = 0.85  # of the time, for the monotone function (the rest: substitutions)


def ordered_pair(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A proved step for a two-variable ``problem`` with an order ``x < y`` (``x <= y``)
    among its constraints (module docstring), or None."""
    if len(problem.variables) != 2:
        return None
    pair = order_of(problem)
    if pair is None:
        return None
    key = (problem.slack, problem.strict)
    if key in _ACTIVE or len(_ACTIVE) >= 2:
        return None
    try:
        with _ACTIVE.enter(key), time_limit(seconds):  # (a search that overruns is cut here)
            return _methods(problem, claim, *pair, seconds)
    except StepTimeout:
        return None


def _methods(problem: BoxProblem, claim: str, x: sp.Symbol, y: sp.Symbol, strict_order: bool,
             seconds: float) -> Step | None:
    deadline = clock.now() + seconds
    ctx = _Memo(clock.now() + MONOTONE_SHARE * seconds)
    for method in (_monotone, _powers):
        got = attempt(method, problem, claim, x, y, strict_order, ctx)
        if got is not None:
            return got
    # (measured on the examples of tests/test_ordered.py: the common denominator cleared
    # proves sin-problem-8 in 0.3 s; y = x + t and x = t y keeping the quotients prove none
    # of them in 8 s each)
    for move in (_cleared, _shift, _ratio):
        left = deadline - clock.now()
        if left <= 0.5:
            return None
        got = attempt(move, problem, claim, x, y, strict_order, left)
        if got is not None:
            return got
    return None


class _Memo(_Context):
    """A context that remembers the premises it proved (``b > 0`` proves ``b != 0``)."""

    def __init__(self, deadline: float):
        super().__init__(deadline)
        self.proved: dict = {}

    def holds(self, expr, strict, rels, claim, share=0.5, plain=False, quick=False) -> Step:
        key = (sp.sympify(expr), strict, tuple(rels))
        if key not in self.proved:
            try:
                self.proved[key] = super().holds(expr, strict, rels, claim, share, plain,
                                                 quick)
            except _GiveUp:
                if not quick:
                    self.proved[key] = None  # failed once: not tried again for another form
                raise
        if self.proved[key] is None:
            raise _GiveUp
        return self.proved[key]

    def defined(self, exprs, rels, where, at=None) -> list[Step]:
        r"""As ``_Context.defined``, with ``b != 0`` in one variable ``t`` on an interval first
        shown by the kernel's ``certify_solve`` (``b = 0`` has no solution there: ``\cos t
        \ne 0`` on ``(-\pi/2, \pi/2)``, where the box search of ``\cos^2 t > 0`` cannot
        start from the open ends, at which it is 0); the step stands for ``b^2 > 0``."""
        if at is None and all(len(r.free_symbols) == 1 for r in rels):
            for e in exprs:
                for c in definedness(e):
                    if isinstance(c, sp.Ne) and len(c.free_symbols) == 1:
                        self._no_zero(c, rels, where)
        return super().defined(exprs, rels, where, at)

    def _no_zero(self, c: sp.Ne, rels, where: str) -> None:
        b = c.lhs - c.rhs
        (t,) = b.free_symbols
        key = (sp.sympify(b ** 2), True, tuple(rels))
        if key in self.proved or any(r.free_symbols != {t} for r in rels):
            return
        try:
            with time_limit(min(1.0, max(0.1, self.left() / 8))):
                on = sp.And(*rels).as_set() if rels else sp.S.Reals
                if not isinstance(on, sp.Interval) and on is not sp.S.Reals:
                    return
                step = certify_solve(b, t, on, [], f"{tex(c)} \\text{{ {where}}}")
        except Exception:  # noqa: BLE001 -- SymPy failing or too slow: the engine decides
            return
        if step.verdict == PROVED:
            self.proved[key] = step


def order_of(problem: BoxProblem) -> tuple[sp.Symbol, sp.Symbol, bool] | None:
    """``(x, y, strict)`` when the constraints say ``y - x > 0`` (``strict``) or ``>= 0``."""
    a, b = problem.variables
    found = None
    for g, kind in problem.constraints:
        if kind not in ("ge", "gt"):
            continue
        e = sp.expand(g)
        for x, y in ((a, b), (b, a)):
            if e == y - x and (found is None or kind == "gt"):
                found = (x, y, kind == "gt")
    return found


def _relations(problem: BoxProblem, keep=lambda g: True) -> list[sp.Basic]:
    return [_REL[k](g, 0) for g, k in problem.constraints if keep(g)]


# ------------------------------------------------------------------------ monotone function

def _factors(term: sp.Expr, x: sp.Symbol, y: sp.Symbol):
    """``(s, a(x), b(y))`` with ``term = s a b``, ``s`` a constant, or None."""
    s, a, b = sp.Integer(1), sp.Integer(1), sp.Integer(1)
    for f in sp.Mul.make_args(term):
        free = f.free_symbols
        if not free:
            s *= f
        elif free == {x}:
            a *= f
        elif free == {y}:
            b *= f
        else:
            return None
    return s, a, b


def _split_forms(slack: sp.Expr, x: sp.Symbol, y: sp.Symbol):
    """Candidate ``(c, k, u(x), v(y))`` with ``slack = c + k (u(x) - v(y))``."""
    parts = sp.Add.make_args(slack)
    c = sp.Add(*[p for p in parts if not p.free_symbols])
    terms = [p for p in parts if p.free_symbols]
    if len(terms) != 2:
        # no term joins x and y: the slack is c + (a(x) - b(y)) with k = 1 (tan x - x -
        # (tan y - y))
        a = sp.Add(*[p for p in terms if p.free_symbols == {x}])
        b = -sp.Add(*[p for p in terms if p.free_symbols == {y}])
        if a != 0 and b != 0 and all(p.free_symbols in ({x}, {y}) for p in terms):
            yield c, sp.Integer(1), a, b
            yield c, sp.Integer(-1), -a, -b
        return
    got = [_factors(t, x, y) for t in terms]
    if None in got:
        return
    (s1, a1, b1), (s2, a2, b2) = got
    # s1 a1 b1 + s2 a2 b2 = a2 b1 (s1 a1/a2 + s2 b2/b1) = a1 b2 (s1 b1/b2 + s2 a2/a1)
    for k, u, v in ((a2 * b1, s1 * a1 / a2, -s2 * b2 / b1),
                    (-a1 * b2, -s2 * a2 / a1, s1 * b1 / b2)):
        yield c, k, u, v
        yield c, -k, -u, -v


def _interval(problem: BoxProblem, x: sp.Symbol, y: sp.Symbol, t: sp.Symbol):
    """``(lo, lo open, hi, hi open)``: the interval ``J`` holding every value of ``x`` and
    ``y`` on the domain (``x``'s lower end, ``y``'s upper end; from the conditions in one
    variable, solved by SymPy; the caller proves each end a bound)."""
    def ends(v):
        # the conditions SymPy solves to an interval (the others only make it smaller)
        s = sp.Interval(-sp.oo, sp.oo)
        for g, kind in problem.constraints:
            if kind == "ne" or g.free_symbols != {v} or not g.is_polynomial(v):
                continue  # (ne: its solution set is no interval; others are slow to solve)
            poly = sp.Poly(g, v)
            a, b = poly.all_coeffs() if poly.degree() == 1 else (None, None)
            if a is not None and a.is_positive:  # a v + b >= 0: v >= -b/a
                got = sp.Interval(-b / a, sp.oo, left_open=kind == "gt")
            elif a is not None and a.is_negative:
                got = sp.Interval(-sp.oo, -b / a, right_open=kind == "gt")
            else:
                with time_limit(1.0):
                    got = sp.Union(*sp.solve_poly_inequality(
                        sp.Poly(g, v), ">" if kind == "gt" else ">="))
            if isinstance(got, sp.Interval):
                s = s.intersect(got)
        if not isinstance(s, sp.Interval):
            raise _GiveUp
        return s
    sx, sy = ends(x), ends(y)
    return sx.inf, sx.left_open, sy.sup, sy.right_open


def _near(end: sp.Expr) -> sp.Rational | None:
    """A rational near the real constant ``end`` (for sample points only), None if infinite."""
    if end.is_infinite:
        return None
    return end if end.is_Rational else sp.Rational(sp.N(end, 20)).limit_denominator(10 ** 6)


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether SymPy sees ``a = b`` (a filter: the kernel's identity decides)."""
    try:
        with time_limit(1.0):
            return sp.simplify(a - b) == 0
    except Exception:  # SymPy failing or too slow: not recognised
        return False


def _rels(t, lo, lo_open, hi, hi_open, inside=False) -> list[sp.Basic]:
    out = []
    if lo is not sp.S.NegativeInfinity:
        out.append(t > lo if (lo_open or inside) else t >= lo)
    if hi is not sp.S.Infinity:
        out.append(t < hi if (hi_open or inside) else t <= hi)
    return out


def _monotone(problem: BoxProblem, claim: str, x: sp.Symbol, y: sp.Symbol,
              strict_order: bool, ctx: _Context) -> Step | None:
    r"""The slack as ``c + k (g(x) - g(y))`` with ``g`` decreasing (module docstring); failing
    that, ``c + k (u(x) - v(y))`` separated by a constant. ``\cot``, ``\sec``, ``\csc`` are
    written with ``\sin``, ``\cos`` (the same value and definedness; the kernel checks the
    identity of the form with the slack as written)."""
    slack = problem.slack.replace(sp.cot, lambda a: sp.cos(a) / sp.sin(a)).replace(
        sp.sec, lambda a: 1 / sp.cos(a)).replace(sp.csc, lambda a: 1 / sp.sin(a))
    rels = _relations(problem)
    t = sp.Dummy("t", real=True)
    bounds = None
    separated = []
    for c, k, u, v in _split_forms(slack, x, y):
        if ctx.left() <= 0.3:
            return None
        g = u.xreplace({x: t})
        if not smooth(g) or not smooth(v):
            continue
        if not _same(g, v.xreplace({y: t})):
            separated.append((c, k, u, v))
            continue
        if bounds is None:
            bounds = _interval(problem, x, y, t)
        lo, lo_open, hi, hi_open = bounds
        inside = _rels(t, lo, lo_open, hi, hi_open, inside=True)
        d1 = sp.diff(g, t)
        _, pos = _sample_signs(d1, [t], [(_near(lo), _near(hi))], inside)
        if pos:
            continue  # not decreasing: the form cannot prove it
        try:
            return _conclude(problem, claim, x, y, strict_order, ctx, rels, c, k, g, t, d1,
                             bounds)
        except _GiveUp:
            continue
    for c, k, u, v in separated:
        if ctx.left() <= 0.3:
            return None
        if bounds is None:
            bounds = _interval(problem, x, y, t)
        try:
            got = _separated(problem, claim, x, y, strict_order, ctx, rels, c, k, u, v, t,
                             bounds)
        except _GiveUp:
            continue
        if got is not None:
            return got
    return None


def _frame(problem, x, y, strict_order, ctx, rels, c, k, form, t, bounds):
    """The premises every form needs: the margin ``c`` (``>= 0``, or ``> 0``: then the rest
    need not be strict), ``slack = form`` (SymPy identity), the ends of ``J`` bounds of ``x``
    and ``y``, every factor of ``k`` defined and ``> 0`` on ``J``. Returns ``(premises,
    strict, closed, inside)``: whether the rest must be strict, and ``J`` and its inside as
    relations in ``t``."""
    lo, lo_open, hi, hi_open = bounds
    premises = []
    strict = problem.strict
    if strict and c != 0 and certify_sign(c, "m", True).verdict == PROVED:
        premises.append(certify_sign(c, f"{tex(c)} > 0", True))
        strict = False
    else:
        premises.append(ctx.need(certify_sign(c, f"{tex(c)} \\ge 0", False)))
    # the slack is the form where it is defined; k and the functions are defined there
    signs = [r for r in rels if isinstance(r, (sp.Gt, sp.Ge)) and r.lhs in (x, y)]
    left = ctx.left()
    if left <= 0.2:
        raise _GiveUp
    with time_limit(min(3.0, left / 3)):
        same = certify_identity(problem.slack, form, f"{tex(problem.slack)} = {tex(form)}",
                                domain=signs)
    premises.append(ctx.need(same))
    # J holds every x and y: its ends are bounds proved on the conditions in each variable
    own_x = _relations(problem, lambda e: e.free_symbols == {x})
    own_y = _relations(problem, lambda e: e.free_symbols == {y})
    if not lo.is_infinite:
        premises.append(_end(problem, ctx, x, x - lo, lo_open, own_x))
    if not hi.is_infinite:
        if not lo.is_infinite:  # y > x >= lo (y >= x >= lo)
            own_y.append(y > lo if lo_open or strict_order else y >= lo)
        premises.append(_end(problem, ctx, y, hi - y, hi_open, own_y))
    closed = _rels(t, lo, lo_open, hi, hi_open)
    inside = _rels(t, lo, lo_open, hi, hi_open, inside=True)
    # k defined and > 0: each factor, of one variable, on J
    for f in sp.Mul.make_args(k):
        if not f.free_symbols:
            premises.append(ctx.need(certify_sign(f, f"{tex(f)} > 0", True)))
            continue
        (v,) = f.free_symbols
        ft = f.xreplace({v: t})
        # b^n with n odd (1/b) has the sign of b (proved first: then b != 0 is known)
        base = ft.base if ft.is_Pow and ft.exp.is_Integer and ft.exp % 2 else ft
        premises.append(ctx.holds(base, True, closed, f"{tex(base)} > 0", share=0.5))
        premises += ctx.defined([ft], closed, "on the interval J")
    return premises, strict, closed, inside


def _jtext(bounds) -> str:
    lo, lo_open, hi, hi_open = bounds
    return f"{'(' if lo_open else '['}{tex(lo)}, {tex(hi)}{')' if hi_open else ']'}"


def _conclude(problem, claim, x, y, strict_order, ctx, rels, c, k, g, t, d1, bounds) -> Step:
    gx, gy = g.xreplace({t: x}), g.xreplace({t: y})
    premises, strict, closed, inside = _frame(problem, x, y, strict_order, ctx, rels, c, k,
                                              c + k * (gx - gy), t, bounds)
    if strict and not strict_order:
        raise _GiveUp  # x = y is allowed and makes the slack c = 0 at best
    premises += ctx.defined([g], closed, "on the interval J")
    premises += ctx.defined([g, d1], inside, "inside the interval J")
    # g' <= 0 (< 0 for a strict claim) inside J
    lt = "<" if strict else r"\le"
    what = f"{tex(d1)} {lt} 0"
    premises.append(ctx.holds(-d1, strict, inside, what, share=0.9))
    order = "<" if strict_order else r"\le"
    margin = f"{tex(c)} + " if c != 0 else ""
    return apply_rule("monotone function", premises, claim,
                      f"the slack is ${margin}k\\,(g({tex(x)}) - g({tex(y)}))$ with $k = "
                      f"{tex(k)} > 0$ and $g(t) = {tex(g)}$, whose derivative is "
                      f"${lt} 0$ inside $J = {_jtext(bounds)}$ (every "
                      f"${tex(x)} {order} {tex(y)}$ lies in $J$)")


def _separated(problem, claim, x, y, strict_order, ctx, rels, c, k, u, v, t, bounds
               ) -> Step | None:
    """``c + k (u(x) - v(y))`` with ``u >= m >= v`` on ``J`` for a constant ``m``: the limit of
    ``u`` at ``J``'s lower end or of ``v`` at its upper end (``pi x / (2 sin x) >= pi/2 >=
    y / sin y``): *sum of inequalities*, times ``k > 0`` (*change of variable*)."""
    lo, _, hi, _ = bounds
    ut, vt = u.xreplace({x: t}), v.xreplace({y: t})
    candidates = []
    for f, end, side in ((ut, lo, "+"), (vt, hi, "-")):
        if end.is_infinite:
            continue
        try:
            with time_limit(min(1.0, ctx.left() / 4)):
                m = sp.limit(f, t, end, side)
        except Exception:  # SymPy failing or too slow: no such constant
            continue
        if m.is_real and m.is_finite and not m.free_symbols and m not in candidates:
            candidates.append(m)
    if not candidates:
        return None
    premises, strict, closed, _ = _frame(problem, x, y, strict_order, ctx, rels, c, k,
                                         c + k * (u - v), t, bounds)
    premises += ctx.defined([ut, vt], closed, "on the interval J")
    ge = ">" if strict else r"\ge"
    for m in candidates:
        try:
            # a strict claim: u > m (then m >= v suffices)
            first = ctx.holds(ut - m, strict, closed, f"{tex(ut)} {ge} {tex(m)}", share=0.5)
            second = ctx.holds(m - vt, False, closed, f"{tex(m)} \\ge {tex(vt)}", share=0.9)
        except _GiveUp:
            continue
        ux, vy = ut.xreplace({t: x}), vt.xreplace({t: y})
        inner = apply_rule("sum of inequalities", [first, second],
                           f"{tex(ux)} - {tex(vy)} {ge} 0",
                           f"$u(t) = {tex(ut)} \\ge {tex(m)} \\ge v(t) = {tex(vt)}$ on "
                           f"$J = {_jtext(bounds)}$, which holds every value of ${tex(x)}$ "
                           f"and ${tex(y)}$")
        margin = f"{tex(c)} + " if c != 0 else ""
        return apply_rule("change of variable", [*premises, inner], claim,
                          f"the slack is ${margin}k\\,(u({tex(x)}) - v({tex(y)}))$ with $k = "
                          f"{tex(k)} > 0$, and {inner.reason}")
    return None


def _end(problem: BoxProblem, ctx: _Context, v: sp.Symbol, e: sp.Expr, strict: bool,
         own: list[sp.Basic]) -> Step:
    """``e >= 0`` (``> 0``) where the conditions ``own`` in ``v`` hold (``e`` is ``v - lo``
    or ``hi - v``): by the engine, or when a condition ``g >= 0`` (``> 0``) is a polynomial
    multiple ``q e`` of it (``6 - y^2 = (\\sqrt 6 - y)(\\sqrt 6 + y)``) with ``q > 0`` there
    (*change of variable*: ``e`` times a factor ``> 0`` is ``g``)."""
    rel = ">" if strict else r"\ge"
    what = f"{tex(e)} {rel} 0"
    for g, kind in problem.constraints:
        if kind not in ("ge", "gt") or g.free_symbols != {v} or (strict and kind != "gt"):
            continue
        if not g.is_polynomial(v) or not e.is_polynomial(v) or sp.degree(g, v) < 2:
            continue
        try:
            with time_limit(1.0):
                q, r = sp.div(g, e, v)
                r = sp.simplify(r)
        except Exception:  # SymPy failing or too slow: not this condition
            continue
        if r != 0:
            continue
        try:
            premises = [ctx.identity(e * q, g, f"({tex(e)}) ({tex(q)}) = {tex(g)}", own),
                        ctx.holds(q, True, own, f"{tex(q)} > 0", share=0.3),
                        ctx.holds(g, kind == "gt", own, f"{tex(g)} \\ge 0", share=0.3)]
        except _GiveUp:
            continue
        return ctx.need(apply_rule("change of variable", premises, what,
                                   f"${tex(e)}$ times ${tex(q)} > 0$ is ${tex(g)}$"))
    return ctx.holds(e, strict, own, what, share=0.3)


def _powers(problem: BoxProblem, claim: str, x: sp.Symbol, y: sp.Symbol, strict_order: bool,
            ctx: _Context) -> Step | None:
    """``c + k (u^v - p^q)`` with variable exponents (``x^y - y^x``), ``k > 0``, ``c >= 0``:
    the slack is ``c + k (e^A - e^B)`` with ``A = v ln u``, ``B = q ln p`` (where a power with
    a variable exponent is defined its base is ``> 0``), and ``e^t`` is increasing, so ``A - B
    >= 0`` (``> 0``) suffices (*mean value theorem*), a claim for the monotone function."""
    slack = problem.slack
    got = difference(slack)
    if got is None:
        return None
    c, k1, f1, f2 = got
    if not all(f.is_Pow and f.exp.free_symbols for f in (f1, f2)):
        return None
    a, b = f1.exp * sp.log(f1.base), f2.exp * sp.log(f2.base)
    rels = _relations(problem)
    premises = [ctx.need(certify_sign(c, f"{tex(c)} \\ge 0", False))]
    strict = problem.strict
    if strict and c != 0:
        premises = [ctx.need(certify_sign(c, f"{tex(c)} > 0", True))]
        strict = False
    form = c + k1 * (sp.exp(a) - sp.exp(b))
    premises.append(ctx.identity(slack, form, f"{tex(slack)} = {tex(form)}", rels))
    t = sp.Dummy("t", real=True)
    premises.append(ctx.holds(sp.exp(t), True, [], "e^t > 0"))
    inner = realprove.build_problem(a - b, strict, rels)
    rel = ">" if strict else r"\ge"
    what = f"{tex(a)} {rel} {tex(b)}"
    step = _monotone(inner, what, x, y, strict_order, ctx)
    if step is None:
        return None
    premises.append(ctx.need(step))
    return apply_rule("mean value theorem", premises, claim,
                      f"the slack is ${tex(form)}$ and $e^t$ is increasing ($(e^t)' = e^t > 0$), "
                      f"so ${what}$ suffices: {step.reason}")


# ------------------------------------------------------------------------ substitutions

def _fresh(problem: BoxProblem) -> sp.Symbol:
    names = {v.name for v in problem.variables}
    name = next(n for n in ("t", "s", "u", "w", "t_1") if n not in names)
    return sp.Symbol(name, real=True)


def _moved(problem, claim, x, y, strict_order, seconds, phi, extra, what) -> Step | None:
    rels = [r.xreplace(phi) for r in _relations(problem, lambda g: sp.expand(g) !=
                                                  sp.expand(y - x))]
    rels = [r for r in rels if r is not sp.true] + extra
    if any(r is sp.false for r in rels):
        return None
    moved = problem.slack.xreplace(phi)
    step = realprove._decide(moved, problem.strict, rels, f"{claim} with {what}", seconds,
                             shift=False)
    if step.verdict != PROVED:
        return None
    return apply_rule("change of variable", [step], claim,
                      f"${what}$ maps the domain onto itself bijectively, the slack as it "
                      "is (no factor cleared)")


def _shift(problem, claim, x, y, strict_order, seconds) -> Step | None:
    """``y = x + t`` with ``t > 0`` (``>= 0``)."""
    t = _fresh(problem)
    return _moved(problem, claim, x, y, strict_order, seconds / 2, {y: x + t},
                  [t > 0 if strict_order else t >= 0], f"{tex(y)} = {tex(x)} + {t}")


def _ratio(problem, claim, x, y, strict_order, seconds) -> Step | None:
    """``x = t y`` with ``0 < t < 1`` where ``x > 0`` (``t in [0, 1]`` as the bounds say)."""
    t = _fresh(problem)
    low = {k for g, k in problem.constraints if sp.expand(g) == x}
    if not low & {"ge", "gt"}:
        return None
    extra = [y > 0, t > 0 if "gt" in low else t >= 0, t < 1 if strict_order else t <= 1]
    if "gt" not in low and not strict_order:
        return None  # y = 0 is allowed: x = t y is not onto
    return _moved(problem, claim, x, y, strict_order, seconds, {x: t * y}, extra,
                  f"{tex(x)} = {t} {tex(y)}")


def _cleared(problem: BoxProblem, claim: str, x, y, strict_order, seconds: float
             ) -> Step | None:
    """``0 <= x < y`` (or ``0 < x <= y``): ``x = t y`` maps the domain onto ``t`` in ``[0,
    1)``, ``y > 0`` (*change of variable*; ``t`` keeps the name ``x``), where the slack's
    common denominator ``P`` is shown ``> 0`` and its numerator ``>= 0`` (``sin x / sin y -
    x / y`` becomes ``sin(t y) - t sin y`` over ``sin y``), each by the whole engine."""
    cons = {(sp.expand(g), k) for g, k in problem.constraints}
    low = {k for g, k in cons if g == x} & {"ge", "gt"}
    if not low or ("gt" not in low and not strict_order):
        return None
    # (x >= 0 and y - x > 0 themselves become the bounds of t)
    rels = [_REL[k](g.xreplace({x: x * y}), 0) for g, k in problem.constraints
            if sp.expand(g) not in (x, sp.expand(y - x))]
    rels += [y > 0, x > 0 if "gt" in low else x >= 0, x < 1 if strict_order else x <= 1]
    if any(r is sp.false for r in rels):
        return None
    moved = problem.slack.xreplace({x: x * y})
    try:
        with time_limit(2.0):
            num, den = sp.fraction(sp.together(moved))
            num = sp.expand(num)
    except Exception:  # SymPy failing or too slow: no such form
        return None
    deadline = clock.now() + seconds
    premises = []
    if den.free_symbols:
        # each factor > 0, on the conditions in its own variables (a superset of the domain)
        for f in sp.Mul.make_args(den):
            base = f.base if f.is_Pow and f.exp.is_Integer and f.exp > 0 else f
            if not base.free_symbols:
                if not (base.is_Number and base > 0):
                    return None
                continue
            own = [r for r in rels if r.free_symbols <= base.free_symbols]
            positive = realprove._decide(base, True, own, "a factor of the denominator is > 0",
                                         0.3 * seconds / len(sp.Mul.make_args(den)),
                                         shift=False)
            if positive.verdict != PROVED:
                return None
            premises.append(positive)
        signs = [r for r in rels if isinstance(r, (sp.Gt, sp.Ge)) and r.lhs in (x, y)]
        same = certify_identity(moved * den, num, "the slack times its denominator",
                                domain=signs)
        if same.verdict != PROVED:
            return None
        premises.append(same)
    else:
        num = moved
    left = deadline - clock.now()
    if left <= 0.5:
        return None
    step = realprove._decide(num, problem.strict, rels, f"{claim} with {x} = t {y}", left,
                             shift=False)
    if step.verdict != PROVED:
        return None
    return apply_rule("change of variable", premises + [step], claim,
                      f"{x} = t {y} maps the domain onto 0 <= t <= 1, {y} > 0 (t named "
                      f"{x}); there the slack is its numerator over a denominator > 0")
