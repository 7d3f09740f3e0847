r"""The real-analysis prover: decide ``slack >= 0`` (``> 0``) on a domain of one to five reals.

``decide(slack, strict, domain, claim)`` answers for the statement "``slack >= 0`` at every
real point of its variables that satisfies every relational in ``domain`` and where every
subexpression of ``slack`` is real and defined", with a kernel ``Step``:

* **proved** by a box certificate that ``derive.proof.certify_on_boxes`` re-checks: a
  branch-and-bound tree over the domain's box (ends may be infinite) whose leaves are
  rigorous enclosures (``derive.intervals``, on arb), boxes where a domain constraint fails,
  mean-value forms, and *monotone pieces*: along a variable the slack moves in one direction
  (the sign of the derivative's enclosure, itself proved the same way up to the third
  derivative), so it is bounded by its value on the face it starts from. A touching point
  (``e^x - 1 - x`` at ``x = 0``: value 0, first derivative 0, second derivative > 0) is
  such a face, hit exactly because boxes are cut at the simplest rational of their middle
  half (a point the domain excludes, ``x != c``, is cut out with its faces open); a tail
  ``[c, +oo)`` is a monotone piece from ``c`` or, when the slack decreases to its limit,
  SymPy's exact limit at ``+-oo`` (strict claims whose limit is 0: the ``identity theorem``
  for real-analytic slacks). On boxes of constant sign ``|u|`` is resolved (``unabs``) and
  the slack may be rewritten (``scaled``): with the variable's sign as an assumption, or on a
  tail times a positive factor (its denominator, ``e^{-a x}``, ``|x|``; towards ``-oo``
  every exponential flipped to decay). Positively homogeneous slacks of two variables on a
  cone (``x^2 - x y + y^2``, ``|x| + |y| - |x + y|``) reduce to the cone's part of the unit
  square's boundary (the ``positive homogeneity`` rule, the scaling identity proved
  exactly); slacks homogeneous in some variables of a degree affine in the others
  (``(x + y)^z - x^z - y^z`` in ``x, y``, degree ``z``) the same way, the faces decided in the
  remaining variables (``positive homogeneity in some variables``);
  What this plain search leaves open gets two more passes (``PASSES``; the three take turns
  in rounds of growing time slices, ``ROUNDS``, each pass resuming from the subtrees it has
  proved already): a change of variable (``subst``: ``x = a + 1/u`` at an open end where the
  slack or its slope is unbounded, ``x = R - ln u`` on a tail, hyperbolic functions in exp
  form), then
  other forms of a first derivative (``form``: over a common denominator, positive factors
  such as ``e^z`` divided out) proved by the whole search. A strict claim may start from 0
  at an excluded end when its slope is real-analytic, ``>= 0`` and ``> 0`` at the other end
  (the ``identity theorem``); a monotone piece never starts from a face the domain excludes;
  The time goes, in order, to sampling and cheap certificates, homogeneity, a first slice of
  the plain search (``QUICK_SHARE``), ``derive.reduce`` (``REDUCE_SHARE``), the exponential
  tail, the methods of ``_decide``'s tuple (each ``METHOD_SHARE`` of what they have left when
  it starts, all stopping at ``1 - SEARCH_RESERVE`` of the time; each through the one guard
  ``derive.guard.attempt`` and an alarm), then the passes of the search and the kernel;
* **refuted** at an exact rational point (named in the reason) found by sampling and by the
  branch-and-bound, where ``derive.proof.refute_at`` shows the point is in the domain, the
  slack defined, and its enclosure negative;
* **unknown** otherwise (more than ``MAX_VARIABLES`` (5) variables, an unsupported function
  or domain, the time budget ``seconds`` spent), with the reason.
"""

from __future__ import annotations

import functools
import gc
import itertools
import math
import pathlib
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from itertools import product

import sympy as sp

from derive import (
    clock,
    diagonal,
    edge,
    endzero,
    expbound,
    explower,
    factors,
    gausstail,
    graded,
    intervals,
    logtangent,
    meanlog,
    orthant,
    powerbound,
    premises,
    radical,
    recast,
    sincos,
    singular,
    touch,
    trigpoly,
    zerobase,
)
from derive.activations import ACTIVATIONS
from derive.guard import Nesting, attempt
from derive.latex import math as tex_math
from derive.parse import ELEMENTARY
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    UNKNOWN,
    BoxNode,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    bound_rest,
    box_enclosure,
    box_env,
    certify_identity,
    certify_nonnegative,
    certify_on_boxes,
    certify_sign,
    certify_solve,
    check_node,
    core_of,
    definedness,
    endpoints,
    function_forms,
    hyperbolic_in_exp,
    positive_on,
    refute_at,
    somewhere_positive,
    substitute,
    sympy_limit,
    time_limit,
    unabs,
)

MAX_VARIABLES = 5  # (5: the reductions settle what they fit as in 4; a touching point inside
# a box of 3 or more variables is out of reach either way)
MAX_DEPTH = 48  # splits along one branch of the tree
MAX_DERIV = 7  # highest derivative for monotone pieces (Wilker times x^2 touches to order 6)
DEEP_DERIV = 4  # beyond this order, only derivatives of modest size (SymPy's diff swells)
DEEP_OPS = 250
TM_DEPTH = 3  # boxes this deep get a Taylor model about their middle too
TAIL_TM = 4  # tails [R, oo) from this R on get x = 1/u and a Taylor model about u = 0
SUBST_DEPTH = 10  # splits inside a change of variable
FORM_DEPTH = 12  # splits inside another form of a derivative
MAX_REWRITES = 4  # nested rewrites (scaled, forms, substitutions) along a branch
# (level, end of the pass as a share of the search time): level 0 the plain engine, 1 adds
# changes of variable, 2 adds other forms of the derivatives
PASSES = ((0, 0.4), (1, 0.7), (2, 1.0))
# the passes take turns: per round, each level's slice as a share of the search's time (the
# totals are PASSES' shares; a pass that proves little quickly no longer holds up the others,
# and a pass resumes from the subtrees it proved in earlier rounds)
ROUNDS = ((0.08, 0.06, 0.06), (0.16, 0.12, 0.12), (0.16, 0.12, 0.12))
SEARCH_SHARE = 0.75  # of an equation's time, for the search; the kernel's re-check gets the rest
FAR = sp.Integer(2) ** 40  # infinite boxes are cut at most this far out
PLAIN_FAR = sp.Integer(2) ** 12  # ... and in the plain pass (level 0) this far
BITS = 64
TINY = (30, 100, 300)  # 10^-k: sample points near a singular point or end (after the others)
TINY_LEAST = sp.Rational(1, 10 ** 20)  # (SymPy's exact check of a 0 only at points beyond)
EXP_TAIL_SECONDS = 4.0  # at most, for derive.expbound's exponential tails
REDUCE_SHARE = 0.5  # of an equation's time, for the reductions of derive.reduce
# the methods tried in turn before the plain search (_decide's tuple) stop where the last
# SEARCH_RESERVE of the equation's time begins, and each gets METHOD_SHARE of what they have
# left when it starts (a chain of methods failing slowly cannot take more, and the search and
# the kernel's re-check keep the rest); before the reductions and the methods, a first slice
# of the plain search, QUICK_SHARE of the search's time, in one go (most statements it proves
# at once, and its proved subtrees stay for the passes after the methods)
SEARCH_RESERVE = 0.2
METHOD_SHARE = 0.9
METHOD_LEAST = 0.3  # seconds: with less left, no more methods
METHOD_GRACE = 0.5  # seconds a method may run past its share before its alarm
QUICK_SHARE = 0.1
SAMPLE_LEAST = 0.1  # of the time, at least, for sampling (after a face split)
ZERO_BASE_SHARE = 0.75  # of the time, for a face where a base of b^e is 0 and the rest apart
# (derive.zerobase: without it only the plain search runs, and rarely closes such a face)
SIGN_LEAST = 0.5  # seconds, at least, for the sign of |a|'s argument (x - y >= 0 where y <= x
# is a quick reduction, and derive.reduce is tried only with 0.2 s of its own)

_OPS = {sp.StrictGreaterThan: ("gt", 1), sp.GreaterThan: ("ge", 1),
        sp.StrictLessThan: ("gt", -1), sp.LessThan: ("ge", -1)}


class Unsupported(Exception):
    """The statement or domain uses something the engine does not handle."""


class _Found(Exception):
    def __init__(self, step: Step):
        self.step = step


class _Timeout(Exception):
    pass


class _Fails(Exception):
    """A sub-search's claim (about a derivative) fails at a point: abandon it."""


# ------------------------------------------------------------------------ the problem

def _explicit(expr: sp.Expr) -> sp.Expr:
    for act in ACTIVATIONS.values():
        expr = act.to_explicit(expr)
    return expr


def _relations(domain: Sequence[sp.Basic]) -> Iterator[sp.Basic]:
    for d in domain:
        if isinstance(d, sp.And):
            yield from _relations(d.args)
        elif d is sp.true:
            continue
        elif _abs_bound(d) is not None:  # |v| <= c is -c <= v <= c (c > 0); |v| < c alike
            v, c = _abs_bound(d)
            yield from ((v >= -c, v <= c) if isinstance(d, (sp.Le, sp.Ge)) else
                        (v > -c, v < c))
        else:
            yield d


def _abs_bound(r: sp.Basic) -> tuple[sp.Symbol, sp.Rational] | None:
    """``(v, c)`` when ``r`` says ``|v| <= c`` or ``|v| < c`` with a rational ``c > 0``."""
    if isinstance(r, (sp.Le, sp.Lt)):
        small, big = r.lhs, r.rhs
    elif isinstance(r, (sp.Ge, sp.Gt)):
        small, big = r.rhs, r.lhs
    else:
        return None
    if isinstance(small, sp.Abs) and small.args[0].is_Symbol and big.is_Rational and big > 0:
        return small.args[0], big
    return None


def build_problem(slack: sp.Expr, strict: bool, domain: Sequence[sp.Basic]) -> BoxProblem:
    """The statement as a ``BoxProblem`` over real variables (sorted by name): the simple
    bounds ``x >= a``, ``x < b`` (rational ``a``, ``b``) make the box; every relational is
    also kept as a constraint. Raises ``Unsupported``."""
    slack = _explicit(sp.sympify(slack))
    rels = list(_relations(domain))
    syms = set(slack.free_symbols)
    for r in rels:
        if isinstance(r, sp.Unequality) or type(r) in _OPS:
            syms |= r.free_symbols
        else:
            raise Unsupported(f"domain condition {r} is not a relation <, <=, >, >=, !=")
    if len(syms) > MAX_VARIABLES:
        raise Unsupported(f"{len(syms)} variables (the engine decides one to {MAX_VARIABLES})")
    if slack.has(sp.Float) or any(r.has(sp.Float) for r in rels):
        raise Unsupported("a floating-point number (decisions need exact numbers)")
    variables = tuple(sorted(syms, key=lambda s: s.name))
    real = {s: sp.Symbol(s.name, real=True) for s in variables}
    slack = slack.xreplace(real)
    variables = tuple(real[s] for s in variables)
    constraints: list[tuple[sp.Expr, str]] = []
    lo: list = [None] * len(variables)
    hi: list = [None] * len(variables)
    opens: set = set()
    for r in rels:
        r = r.xreplace(real)
        if isinstance(r, sp.Unequality):
            constraints.append((_explicit(r.lhs - r.rhs), "ne"))
            continue
        kind, sign = _OPS[type(r)]
        g = _explicit(sign * (r.lhs - r.rhs))
        constraints.append((g, kind))
        if len(g.free_symbols) != 1:
            continue
        (v,) = g.free_symbols
        i = variables.index(v)
        poly = sp.Poly(g, v) if g.is_polynomial(v) else None
        if poly is None or poly.degree() != 1 or not poly.all_coeffs()[0].is_Rational:
            continue
        a, b = poly.all_coeffs()
        end = -b / a
        if not end.is_Rational:
            # an irrational end (x < pi/2): the box ends at a rational just beyond it (the
            # condition stays, and cuts the box there)
            end = _outside(end, a > 0)
            if end is None:
                continue
            kind = "ge"
        if a > 0:  # v >= end
            if lo[i] is None or end > lo[i] or (end == lo[i] and kind == "gt"):
                lo[i] = end
                opens.discard((i, "lo"))
                if kind == "gt":
                    opens.add((i, "lo"))
        else:  # v <= end
            if hi[i] is None or end < hi[i] or (end == hi[i] and kind == "gt"):
                hi[i] = end
                opens.discard((i, "hi"))
                if kind == "gt":
                    opens.add((i, "hi"))
    for g, kind in constraints:  # v <= b and v != b: the end b is open
        if kind != "ne" or len(g.free_symbols) != 1 or not g.is_polynomial():
            continue
        (v,) = g.free_symbols
        poly = sp.Poly(g, v)
        if poly.degree() == 1 and all(c.is_Rational for c in poly.all_coeffs()):
            a, b = poly.all_coeffs()
            i = variables.index(v)
            for side, end in (("lo", lo[i]), ("hi", hi[i])):
                if end is not None and end == -b / a:
                    opens.add((i, side))
    bounds = tuple(zip(lo, hi))
    return BoxProblem(slack, strict, variables, bounds, frozenset(opens), tuple(constraints))


# ------------------------------------------------------------------------ rationals

def _outside(c: sp.Expr, below: bool) -> sp.Rational | None:
    """A simple rational ``<= c`` (``below``) or ``>= c`` for a real constant ``c``
    (its enclosure's end, moved out by a little to a rational of small denominator)."""
    if c.free_symbols or not c.is_real:
        return None
    try:
        with intervals.precision(BITS):
            e = intervals.compile_expr(c, ())([], True)
    except intervals.NotEnclosable:
        return None
    if e is None or not e.is_finite():
        return None
    lo, hi = endpoints(intervals.to_interval(e))
    step = max(abs(hi), sp.Integer(1)) / 64
    return (intervals.simplest_rational(lo - step, lo) if below
            else intervals.simplest_rational(hi, hi + step))




@functools.lru_cache(maxsize=1 << 16)
def _cut(lo, hi) -> sp.Rational | None:
    """Where to cut ``[lo, hi]`` (ends may be None = infinite; memoised: boxes recur)."""
    if lo is None and hi is None:
        return sp.Integer(0)
    if hi is None:
        c = lo + max(1, abs(lo))
        return c if c < FAR else None
    if lo is None:
        c = hi - max(1, abs(hi))
        return c if c > -FAR else None
    w = hi - lo
    if w < sp.Rational(1, 2 ** 40):
        return None
    c = intervals.simplest_rational(lo + w / 4, hi - w / 4)
    return c if sp.denom(c) < 10 ** 6 else lo + w / 2


def _width(lo, hi):
    return sp.oo if lo is None or hi is None else hi - lo


# ------------------------------------------------------------------------ the search

@dataclass
class _Search:
    problem: BoxProblem
    deadline: float
    unresolved: list = field(default_factory=list)
    tried: set = field(default_factory=set)
    boxes: int = 0
    scaled_from: BoxProblem | None = None  # the original problem, in a rewritten subtree
    rewrites: int = 0
    tailed: bool = False
    signed: bool = False
    probing: bool = True  # False in a derivative's or a substituted variable's search
    level: int = 0  # which methods to use (PASSES)
    moved: bool = False  # inside a change of variable (one per branch)
    max_depth: int = MAX_DEPTH
    local: bool = False  # a derivative's search: stop at a point where its claim fails
    memo: dict = field(default_factory=dict)
    # on a monotone piece's start face: the variables moved along, whose conditions may not
    # exclude boxes (the face must hold as values)
    values: frozenset = frozenset()
    plain: bool = False  # enclosures, mean-value forms and Taylor only (a quick first pass)
    # subtrees proved by earlier rounds and passes (shared by the top-level searches: a
    # proved node is a proof in any pass, the kernel re-checks it)
    proven: dict | None = None
    # the end of the whole search (``deadline`` ends this round's slice): a kernel check or a
    # SymPy limit, whose result is memoised, may run past the slice to it
    hard: float = 0.0

    def left(self, least: float = 0.2) -> float:
        """The time for one memoised step (``hard``, else ``deadline``), at least ``least``."""
        return max(max(self.hard, self.deadline) - clock.now(), least)

    def tick(self) -> None:
        if clock.now() > self.deadline:
            raise _Timeout

    def enc(self, deriv, box, defined):
        """``box_enclosure`` at ``BITS`` bits, memoised (faces and slopes recur)."""
        key = (deriv, tuple(box), defined)
        got = self.memo.get(key)
        if got is None:
            try:
                with intervals.precision(BITS):
                    got = box_enclosure(self.problem, deriv, box, defined)
            except intervals.NotEnclosable as err:
                got = err
            self.memo[key] = got
        if isinstance(got, intervals.NotEnclosable):
            raise got
        return got

    # -- counterexamples ------------------------------------------------------------
    def probe(self, point: Sequence[sp.Rational]) -> None:
        """Refute at ``point`` if the slack is rigorously negative there (raises _Found)."""
        point = tuple(point)
        if not self.probing or point in self.tried:
            return
        self.tried.add(point)
        try:
            v = self.enc((), [(p, p) for p in point], defined=True)
        except intervals.NotEnclosable:
            return
        if v is None or not ((v.hi <= 0) if self.problem.strict else (v.hi < 0)):
            # a strict claim may fail by an exact 0 that the enclosure cannot resolve
            # (e^{-1} - 1 e^{-1}); worth SymPy's time only at modest points
            if not (self.problem.strict and v is not None and v.lo <= 0 <= v.hi
                    and all(p == 0 or TINY_LEAST <= abs(p) <= 100 for p in point)
                    and v.is_finite() and (v.hi - v.lo) < intervals.arb("1e-12")):
                return
        step = refute_at(self.scaled_from or self.problem, point, "")
        if step.verdict == REFUTED:
            raise _Found(step)

    def sample(self) -> None:
        """Probe simple rationals in the domain, and near its ends."""
        base = [sp.Rational(v) for v in ("0", "1/2", "-1/2", "1", "-1", "2", "-2", "3", "-3",
                                         "1/10", "-1/10", "10", "-10", "100", "-100", "1000",
                                         "-1000", "1/100", "-1/100", "20", "-20", "15", "-15",
                                         "50", "-50", "1000000", "-1000000", "5", "-5")]
        # one variable: points very near a singular point or an end too (ln|x| >= -100 fails
        # only for |x| < e^{-100}; the grids of several variables stay as they are)
        tiny = TINY if len(self.problem.bounds) == 1 else ()
        base += [s * sp.Rational(1, 10 ** k) for k in tiny for s in (1, -1)]
        per_var = []
        for lo, hi in self.problem.bounds:
            vals = [b for b in base if (lo is None or b >= lo) and (hi is None or b <= hi)]
            for k in (1, 2, 3, 4, 5, 6, 9, 12, 15, *tiny):
                eps = sp.Rational(1, 10 ** k)
                if lo is not None:
                    vals.append(lo + eps)
                if hi is not None:
                    vals.append(hi - eps)
            if lo is not None and hi is not None:
                vals += [lo + (hi - lo) * sp.Rational(j, 8) for j in range(9)]
            if lo is not None:
                vals.append(lo)
            if hi is not None:
                vals.append(hi)
            per_var.append(list(dict.fromkeys(vals)))
        if len(per_var) >= 2:  # a grid of at most ~600 points
            keep = {2: 24, 3: 8, 4: 5}.get(len(per_var), 4)
            per_var = [v[:keep] for v in per_var]
        for point in product(*per_var):
            self.tick()
            self.probe(point)

    # -- proofs ---------------------------------------------------------------------
    def puncture(self, box) -> tuple[int, sp.Rational] | None:
        """A point ``v = c`` strictly inside the box that the domain excludes (``v != c``)."""
        for c, kind in self.problem.constraints:
            if kind != "ne" or len(c.free_symbols) != 1:
                continue
            (var,) = c.free_symbols
            v = self.problem.variables.index(var)
            poly = sp.Poly(c, var) if c.is_polynomial(var) else None
            if poly is None or poly.degree() != 1 or not all(
                    k.is_Rational for k in poly.all_coeffs()):
                continue
            a, b = poly.all_coeffs()
            if a not in (1, -1):
                continue
            end = -b / a
            lo, hi = box[v]
            if (lo is None or lo < end) and (hi is None or end < hi):
                return v, end
        return None

    def excluded(self, box) -> bool:
        moved = {self.problem.variables[v] for v in self.values}
        with intervals.precision(BITS):
            for c, kind in self.problem.constraints:
                if moved & c.free_symbols:
                    continue
                try:
                    e = intervals.compile_expr(c, self.problem.variables)(
                        _env(box), defined=False)
                except intervals.NotEnclosable:
                    continue
                if e is None or (kind == "ge" and e.hi < 0) or (kind == "gt" and e.hi <= 0):
                    return True
        return False

    def bound(self, box, strict, opens) -> BoxNode | None:
        """The slack is ``lam * g`` plus something ``>= 0`` on the box, where the domain says
        ``g >= 0``: ``lam`` a positive rational with ``slack / g`` exactly ``lam``, else ``1``
        (``6 - y^2 > 0`` where ``y^2 < 6``, cut by the irrational end ``sqrt 6``)."""
        moved = {self.problem.variables[v] for v in self.values}
        for i, (c, kind) in enumerate(self.problem.constraints):
            if kind == "ne" or moved & c.free_symbols or not c.free_symbols:
                continue
            key = ("bound", i)
            if key not in self.memo:
                try:
                    ratio = sp.cancel(self.problem.slack / c)
                except Exception:  # SymPy failing: no such bound
                    ratio = None
                lam = ratio if ratio is not None and ratio.is_Rational and ratio > 0 else (
                    sp.Integer(1) if c.free_symbols <= self.problem.slack.free_symbols
                    and self.problem.slack.is_rational_function() else None)
                rest = None if lam is None else bound_rest(self.problem.slack, c, lam)
                self.memo[key] = lam, rest
            lam, rest = self.memo[key]
            if lam is None:
                continue
            try:
                with intervals.precision(BITS):
                    e = intervals.compile_expr(rest, self.problem.variables)(_env(box), False)
            except intervals.NotEnclosable:
                continue
            if _ok(e, 1, strict and not (kind == "gt")):
                return BoxNode("bound", (), box, 1, strict, opens, cut=(i, lam))
        return None

    def level0(self, box, strict, opens, depth) -> BoxNode | None:
        """Prove the slack's claim on ``box`` (splitting as needed) or return None."""
        if self.proven is None:
            return self._level0(box, strict, opens, depth)
        key = ((), self.plain, tuple(box), strict, opens, self.values, self.local)
        got = self.proven.get(key)
        if got is None:
            got = self._level0(box, strict, opens, depth)
            if got is not None:
                self.proven[key] = got
        return got

    def _level0(self, box, strict, opens, depth) -> BoxNode | None:
        self.tick()
        self.boxes += 1
        try:
            e = self.enc((), box, defined=False)
        except intervals.NotEnclosable as err:
            raise Unsupported(str(err)) from None
        node = dict(deriv=(), box=box, sign=1, strict=strict, opens=opens)
        if e is None:
            return BoxNode("enc", **node)
        if _ok(e, 1, strict):
            return BoxNode("enc", **node)
        if self.excluded(box):
            return BoxNode("excluded", **node)
        bound = self.bound(box, strict, opens)
        if bound is not None:
            return bound
        cuts = [_cut(lo, hi) for lo, hi in box]
        mid = [c if c is not None else (lo if lo is not None else hi)
               for c, (lo, hi) in zip(cuts, box)]
        tried = ("tried", self.plain, tuple(box), strict, opens, self.values, self.local,
                 self.level)
        if self.proven is None or tried not in self.proven:
            got = self._attempts(box, strict, opens, depth, e, mid)
            if got is not None:
                return got
            if self.proven is not None:
                # (a later round goes straight to the split: the attempts' kernel checks,
                # limits and forms had the whole search's time, not just the slice's)
                self.proven[tried] = True
        return self._split(box, strict, opens, depth, cuts)

    def _attempts(self, box, strict, opens, depth, e, mid) -> BoxNode | None:
        """The ways to prove the claim on ``box`` without splitting it."""
        self.probe(mid)
        if (self.local or self.values) and None not in mid:
            # a claim about a derivative (or a form): give up where it fails at a point
            try:
                v = self.enc((), [(p, p) for p in mid], defined=True)
            except intervals.NotEnclosable:
                v = None
            if v is not None and ((v.hi <= 0) if strict else (v.hi < 0)):
                raise _Fails
        resolved = None if self.plain else self.unabs(box, strict, opens, depth)
        if resolved is not None:
            return resolved
        model = self.taylor_model((), box, 1, strict, opens, depth)
        if model is None:
            model = self.tail_model(box, strict, opens)
        if model is not None:
            return model
        early = len(box) == 1 and ((not e.is_finite() and None not in box[0] and opens)
                                   or (self.level >= 1 and None in box[0]))
        if early:  # unbounded towards an open end: change the variable first
            subst = self.substituted(box, strict, opens, depth)
            if subst is not None:
                return subst
        # on an unbounded box with no finite enclosure, later passes cut at once (their
        # tails get a change of variable)
        lo0, hi0 = box[0]
        direct = (early and self.level >= 1 and None in box[0] and not self.rewrites
                  and (lo0 is None or lo0 < 1) and (hi0 is None or hi0 > -1))
        smooth = None if direct else self.smooth((), box, 1, strict, opens, depth)
        if smooth is not None:
            return smooth
        skip = direct or self.local or self.plain or (self.level >= 2 and None in box[0])
        scaled = None if skip else self.scaled(box, strict, opens, depth)
        if scaled is not None:
            return scaled
        subst = None if early else self.substituted(box, strict, opens, depth, ends=False)
        if subst is not None:
            return subst
        return None

    def _split(self, box, strict, opens, depth, cuts) -> BoxNode | None:
        """Cut ``box`` in two (``_cut``) and prove both halves (or return None)."""
        v = _split_var(box, cuts)
        end = box[0][0] if box[0][1] is None else box[0][1]
        if (self.level == 0 and not self.rewrites and len(box) == 1 and end is not None
                and None in box[0] and abs(end) >= PLAIN_FAR):
            # the plain pass does not chase a tail further out: later passes change the
            # variable there (with the time this would spend)
            v = None
        hole = self.puncture(box)
        if hole is not None:
            v, cuts[hole[0]] = hole
        if v is None or depth >= self.max_depth:
            self.unresolved.append(box)
            return None
        c = cuts[v]
        left = tuple((b[0], c) if i == v else b for i, b in enumerate(box))
        right = tuple((c, b[1]) if i == v else b for i, b in enumerate(box))
        kids = []
        for part in (left, right):
            sub = frozenset(o for o in opens if (o[0] != v or
                                                 (o[1] == "lo") == (part is left)))
            if hole is not None:  # the domain excludes the cut: open the faces there
                sub |= {(v, "hi" if part is left else "lo")}
            kids.append(self.level0(part, strict, sub, depth + 1))
        if None in kids:
            return None
        return BoxNode("split", (), box, 1, strict, opens, var=v, cut=c, children=tuple(kids))

    def unabs(self, box, strict, opens, depth) -> BoxNode | None:
        """Where the arguments of ``|u|`` have a sign on the box, drop the bars
        (``|x| + |y| - |x + y|`` is ``0`` where ``x, y >= 0``)."""
        slack = self.problem.slack
        if not slack.has(sp.Abs, sp.Max, sp.Min):
            return None
        new = unabs(slack, self.problem.variables, box)
        if new == slack:
            return None
        sub = _Search(replace(self.problem, slack=new), self.deadline, tried=self.tried,
                      hard=self.hard,
                      scaled_from=self.scaled_from or self.problem, rewrites=self.rewrites,
                      tailed=self.tailed, signed=self.signed, probing=self.probing,
                      level=self.level, moved=self.moved)
        try:
            child = sub.level0(box, strict, opens, depth + 1)
        except (intervals.NotEnclosable, Unsupported):
            child = None
        finally:
            self.boxes += sub.boxes
        if child is None:
            return None
        return BoxNode("unabs", (), box, 1, strict, opens, children=(replace(child, expr=new),))

    def scaled(self, box, strict, opens, depth) -> BoxNode | None:
        """Rewrite the slack on a box of one variable of constant sign: with the sign as a
        SymPy assumption (``|x| = x`` for ``x >= 0``); on a tail ``[c, +oo)`` or
        ``(-oo, -c]`` (``c >= 1``) times a positive factor: its denominator (``together``),
        ``e^{-a x}`` for each ``e^{a x}`` in it, or ``|x|`` (``ln(x)/x`` becomes ``ln x``)."""
        if self.rewrites >= MAX_REWRITES or len(box) != 1:
            return None
        lo, hi = box[0]
        x = self.problem.variables[0]
        if lo is not None and lo >= 0:
            xs = sp.Symbol(x.name, nonnegative=True)
        elif hi is not None and hi <= 0:
            xs = sp.Symbol(x.name, nonpositive=True)
        else:
            return None
        tail = (hi is None and lo >= 1) or (lo is None and hi <= -1)
        slack = self.problem.slack
        factors: list[sp.Expr] = []
        if not self.signed and slack.has(sp.Abs, sp.sign):
            factors.append(sp.Integer(1))
        if tail and not self.tailed:
            try:
                num, den = sp.fraction(sp.together(slack))
            except Exception:  # SymPy may fail on odd forms; then no denominator rewrite
                num, den = slack, sp.Integer(1)
            if den.has(x):
                factors.append((den, sp.expand(num)))
            if slack.has(sp.sinh, sp.cosh, sp.tanh):
                # hyperbolic functions in exp form over a common denominator (tanh x - x/(1+x)
                # is (x + 1)(e^{2x} - 1) - x(e^{2x} + 1) over a positive denominator)
                try:
                    num, den = sp.fraction(sp.together(hyperbolic_in_exp(slack)))
                except Exception:  # SymPy failing: no such rewrite
                    num, den = slack, sp.Integer(1)
                if den.has(x):
                    factors.insert(0, (den, sp.expand(num)))
            for e in sorted(slack.atoms(sp.exp), key=sp.default_sort_key):
                a = sp.Poly(e.args[0], x).coeff_monomial(x) if e.args[0].is_polynomial(x) \
                    else 0
                if a != 0 and e.args[0].is_polynomial(x) and sp.degree(e.args[0], x) == 1:
                    factors.append(sp.exp(-a * x))
            factors.append(sp.Abs(x))
            if lo is None:
                # towards -oo: e^{-a x} as 1/e^{a x}, so that every exponential decays there
                flip = {e: 1 / sp.exp(-e.args[0]) for e in slack.atoms(sp.exp)
                        if e.args[0].is_polynomial(x) and sp.degree(e.args[0], x) == 1
                        and sp.Poly(e.args[0], x).coeff_monomial(x) < 0}
                if flip:
                    try:
                        factors.insert(0, (sp.Integer(1), sp.factor_terms(
                            sp.cancel(sp.together(slack.xreplace(flip))))))
                    except Exception:  # SymPy failing just means no such rewrite
                        pass
        at_open = any((0, side) in opens and end is not None
                      for side, end in (("lo", lo), ("hi", hi)))
        if at_open and not self.tailed:
            # a removable singularity at an open end: times the denominator vanishing there
            try:
                num, den = sp.fraction(sp.together(slack))
            except Exception:  # SymPy failing: no such rewrite
                num, den = slack, sp.Integer(1)
            if den.has(x):
                factors.insert(0, (den, sp.expand(num)))
                try:  # factored, its sign may show where the expanded one's does not
                    with time_limit(min(1.0, self.left(0.1))):  # (factor may take hours)
                        fden = sp.factor(den)
                except Exception:  # SymPy failing or too slow: no such rewrite
                    fden = den
                if fden != den:
                    factors.insert(1, (fden, sp.expand(num)))
        for factor in list(dict.fromkeys(factors))[:5]:
            got = self._rescale(box, strict, opens, depth, x, xs, factor)
            if got is not None:
                return got
        return None

    def _rescale(self, box, strict, opens, depth, x, xs, factor) -> BoxNode | None:
        slack = self.problem.slack
        factor, new = factor if isinstance(factor, tuple) else (factor, None)
        with intervals.precision(BITS):
            try:
                f = intervals.compile_expr(factor, self.problem.variables)(_env(box), True)
            except intervals.NotEnclosable:
                return None
        if not (f.lo > 0 or positive_on(factor, self.problem.variables, box, opens)):
            if not (f.hi < 0 or positive_on(-factor, self.problem.variables, box, opens)):
                return None
            factor, new = -factor, (None if new is None else -new)
        try:
            if new is None and factor == 1:
                new = sp.expand(slack.xreplace({x: xs})).xreplace({xs: x})
            elif new is None:
                new = sp.expand(sp.powsimp((slack * factor).xreplace({x: xs}))).xreplace(
                    {xs: x})
        except Exception:  # a SymPy failure just means no rewrite
            return None
        if new == slack or new.count_ops() > 3 * slack.count_ops() + 12:
            return None
        sub = _Search(BoxProblem(new, self.problem.strict, self.problem.variables,
                                 self.problem.bounds, self.problem.opens,
                                 self.problem.constraints), self.deadline, hard=self.hard,
                      tried=self.tried, scaled_from=self.scaled_from or self.problem,
                      rewrites=self.rewrites + 1, tailed=self.tailed or factor != 1,
                      signed=True, probing=self.probing, level=self.level,
                      moved=self.moved)
        try:
            child = sub.level0(box, strict, opens, depth + 1)
        except intervals.NotEnclosable:
            child = None
        except Unsupported:
            child = None
        finally:
            self.boxes += sub.boxes
        if child is None:
            return None
        return BoxNode("scaled", (), box, 1, strict, opens, cut=factor,
                       children=(replace(child, expr=new),))

    def claim(self, deriv, box, sign, strict, opens, depth) -> BoxNode | None:
        """Prove ``sign * d^deriv slack >= 0`` (``> 0``) on ``box``, without splitting unless
        ``deriv == ()`` (faces of the level-0 boxes)."""
        if not deriv:
            if sign == 1:
                return self.level0(box, strict, opens, depth + 1)
            return None
        if self.proven is None:
            return self._claim(deriv, box, sign, strict, opens, depth)
        key = (deriv, self.plain, tuple(box), sign, strict, opens, self.values, self.local)
        failed = (*key, self.level)  # (the methods, so a failure, depend on the level)
        if key in self.proven or failed in self.proven:
            return self.proven.get(key)
        got = self._claim(deriv, box, sign, strict, opens, depth)
        self.proven[key if got is not None else failed] = got
        return got

    def _claim(self, deriv, box, sign, strict, opens, depth) -> BoxNode | None:
        self.tick()
        try:
            e = self.enc(deriv, box, defined=True)
        except intervals.NotEnclosable:
            return None
        if _ok(e, sign, strict):
            return BoxNode("enc", deriv, box, sign, strict, opens)
        got = self.taylor_model(deriv, box, sign, strict, opens, depth)
        if got is not None:
            return got
        got = self.formed(deriv, box, sign, strict, opens, depth)
        if got is None:
            got = self.smooth(deriv, box, sign, strict, opens, depth)
        return got

    def sub_search(self, problem: BoxProblem, box, strict, opens, depth, **kw):
        """Run ``level0`` on ``box`` for another problem (a form, a substitution), within
        this search's deadline and rewrite budget; the subtree or None."""
        sub = _Search(problem, self.deadline, tried=self.tried, hard=self.hard,
                      scaled_from=self.scaled_from or self.problem,
                      rewrites=kw.get("rewrites", self.rewrites + 1),
                      tailed=kw.get("tailed", self.tailed),
                      signed=self.signed, probing=kw.get("probing", self.probing),
                      level=kw.get("level", self.level), moved=kw.get("moved", self.moved),
                      max_depth=kw.get("max_depth", self.max_depth),
                      local=kw.get("local", self.local))
        try:
            return sub.level0(box, strict, opens, depth + 1)
        except (intervals.NotEnclosable, Unsupported):
            return None
        except _Fails:
            return None
        finally:
            self.boxes += sub.boxes

    def formed(self, deriv, box, sign, strict, opens, depth) -> BoxNode | None:
        """``sign * d^deriv slack`` in another form (``function_forms``: over a common
        denominator, factored, in exp form), or its core (the form times a factor > 0 on
        the box, ``core_of``), proved by the plain level-0 machinery."""
        if (self.level < 2 or self.rewrites >= MAX_REWRITES or len(deriv) > 1
                or (not deriv and self.rewrites)):
            return None
        key = ("forms", deriv, sign)
        if key not in self.memo:
            try:
                with time_limit(min(2.0, self.left(0.1))):
                    self.memo[key] = function_forms(sign * self.problem.derivative(deriv))[:3]
            except StepTimeout:  # out of time in this slice: none now, tried again later
                self.memo[key] = None
            except Exception:  # SymPy failing: no forms
                self.memo[key] = []
        try:
            with intervals.precision(BITS):
                box_enclosure(self.problem, deriv, box, True)
        except intervals.NotEnclosable:
            return None
        for form in self.memo[key] or ():
            self.tick()
            cored = core_of(form, self.problem.variables, box) if deriv else None
            tries = [(None, form)] if cored is None else [cored]
            for factor, expr in tries:
                try:
                    with intervals.precision(BITS):
                        intervals.compile_expr(expr, self.problem.variables)(_env(box), True)
                except intervals.NotEnclosable:
                    continue
                sub = BoxProblem(expr, self.problem.strict, self.problem.variables,
                                 self.problem.bounds, self.problem.opens,
                                 self.problem.constraints if not deriv else ())
                child = self.sub_search(sub, box, strict, opens, depth, level=0,
                                        probing=self.probing and not deriv,
                                        local=bool(deriv) or self.local,
                                        max_depth=min(self.max_depth, depth + FORM_DEPTH))
                if child is not None:
                    return BoxNode("form", deriv, box, sign, strict, opens, cut=factor,
                                   children=(replace(child, expr=expr),))
        return None

    def substituted(self, box, strict, opens, depth, ends=True) -> BoxNode | None:
        """A change of variable (``substitute``) at an open finite end of the box where the
        slope has no finite enclosure near it (or, if ``ends``, the slack) or on a tail."""
        if self.level < 1 or self.moved or self.rewrites >= MAX_REWRITES or len(box) != 1:
            return None
        lo, hi = box[0]
        kinds = []
        if lo is not None and hi is not None and ((0, "lo") in opens or (0, "hi") in opens):
            w = (hi - lo) / 1024
            near = {"recip": ((lo, lo + w),) if (0, "lo") in opens else ((hi - w, hi),),
                    "recip_hi": ((hi - w, hi),)}
            for kind in ("recip", "recip_hi") if (0, "lo") in opens and (
                    0, "hi") in opens else ("recip",):
                try:  # only at an end where the slack is unbounded, or its slope (both
                    # sides of exp(-x/(1 - x)) <= 1 - x tend to 0 as x -> 1)
                    e = self.enc((), near[kind], defined=False)
                except intervals.NotEnclosable:
                    e = None
                side = "lo" if kind == "recip" and (0, "lo") in opens else "hi"
                if (ends and (e is None or not e.is_finite())) or (
                        e is not None and e.is_finite() and self.steep(near[kind])
                        and not self.root_end(box, opens, side)):
                    kinds.append(kind)
        if (lo is None) != (hi is None) and (lo is None or lo >= 1) and (hi is None
                                                                         or hi <= -1):
            kinds.append("exp")
            if not self.problem.slack.has(sp.exp, sp.sinh, sp.cosh, sp.tanh):
                kinds.append("inv")  # x = 1/u: for algebraic growth (e^{1/u} is hopeless;
                # ln(1 + 1/x) becomes ln(1 + u))
        if lo is not None and hi is not None and lo < hi:
            kinds += self.steep_ends(box, opens)
        for kind in kinds:
            end = None
            if kind.startswith(("pow_", "recipc_")):  # the end left out of the image
                side = kind.split("_")[1]
                if (0, side) not in opens:
                    face = ((lo, lo),) if side == "lo" else ((hi, hi),)
                    end = self.claim((), face, 1, strict, frozenset(), depth)
                    if end is None and not strict:
                        end = self.zero((), face, 1)
                    if end is None:
                        continue
            try:
                sub = substitute(self.problem, box, opens, kind)
            except Exception:  # SymPy failing on the mapped form: no substitution
                sub = None
            if sub is None:
                continue
            # (a change of variable happens once along a branch, ``moved``: it does not
            # count as a rewrite, so the new slack keeps its exact touching points, ``zero``,
            # which a rewrite of it, ``scaled``, may need: arccos at 1 as x = 1 - u^2)
            child = self.sub_search(sub, sub.bounds, strict, sub.opens, depth, probing=False,
                                    tailed=False, moved=True, level=min(self.level, 1),
                                    max_depth=min(self.max_depth, depth + SUBST_DEPTH),
                                    rewrites=self.rewrites)
            if child is not None:
                return BoxNode("subst", (), box, 1, strict, opens, cut=kind,
                               children=(child,) if end is None else (child, end))
        return None

    def root_end(self, box, opens, side) -> bool:
        """Whether ``steep_ends`` moves the end ``side`` by ``x = a + (b - a) u^q`` (a root
        vanishing there: ``sqrt(1 - x)`` at 1), the change of variable for it."""
        return _finite_box(box) and any(k.startswith(f"pow_{side}_")
                                     for k in self.steep_ends(box, opens))

    def steep(self, near) -> bool:
        """Whether the slack's slope has no finite enclosure on the box ``near``."""
        try:
            d = self.enc((0,), near, defined=True)
        except intervals.NotEnclosable:
            return True
        return d is None or not d.is_finite()

    def steep_ends(self, box, opens) -> list[str]:
        """``pow_lo_q`` / ``pow_hi_q`` for each end of a finite box where the slack is
        defined but its derivative is not bounded (``x^{1/3}`` at 0: ``x = u^3``); ``q`` is
        the common denominator of the slack's fractional exponents (2 for ``arcsin``,
        ``arccos``)."""
        key = ("steep", box[0], opens)
        if key in self.memo:
            return self.memo[key]
        slack = self.problem.slack
        x = self.problem.variables[0]
        q = 1
        for p in slack.atoms(sp.Pow):
            if p.exp.is_Rational and not p.exp.is_Integer and p.base.has(x):
                q = q * int(p.exp.q) // math.gcd(q, int(p.exp.q))
        if slack.has(sp.asin, sp.acos, sp.acosh):
            q = q * 2 // math.gcd(q, 2)
        out = []
        lo, hi = box[0]
        if 2 <= q <= 6:
            q = max(q, 2)
            w = (hi - lo) / 1024
            for side, near, end in (("lo", ((lo, lo + w),), lo), ("hi", ((hi - w, hi),), hi)):
                try:
                    v = self.enc((), ((end, end),), defined=True)
                except intervals.NotEnclosable:
                    continue  # undefined at the end: not this change of variable
                try:
                    d = self.enc((0,), near, defined=True)
                    steep = d is None or not d.is_finite()
                except intervals.NotEnclosable:
                    steep = True
                if steep and v is not None and v.is_finite():
                    out.append(f"pow_{side}_{q}")
        w = (hi - lo) / 1024
        for side, near, end in (("lo", ((lo, lo + w),), lo), ("hi", ((hi - w, hi),), hi)):
            # a logarithmic end (x ln x at 0, undefined there): x = a + 1/u makes it a tail
            if not slack.has(sp.log) or (0, side) in opens:
                continue
            try:
                v = self.enc((), ((end, end),), defined=False)
            except intervals.NotEnclosable:
                continue
            try:
                d = self.enc((0,), near, defined=True)
                steep = d is None or not d.is_finite()
            except intervals.NotEnclosable:
                steep = True
            if steep and v is None:
                out.append(f"recipc_{side}")
        self.memo[key] = out
        return out

    def smooth(self, deriv, box, sign, strict, opens, depth) -> BoxNode | None:
        """A mean-value form or a monotone piece for ``sign * d^deriv slack`` on ``box``."""
        if len(deriv) >= MAX_DERIV or (len(deriv) >= DEEP_DERIV and not self.small(deriv)):
            return None
        try:
            self.enc(deriv, box, defined=True)
            slopes = [self.enc(deriv + (v,), box, defined=True) for v in range(len(box))]
        except intervals.NotEnclosable:
            return None
        free = [v for v, (lo, hi) in enumerate(box) if lo != hi or lo is None]
        if all(lo is not None and hi is not None for lo, hi in box):
            centre = tuple(_cut(lo, hi) if lo != hi else lo for lo, hi in box)
            if None not in centre:
                try:
                    at = self.enc(deriv, [(c, c) for c in centre], defined=True)
                    total = at
                    env, cen = _env(box), _env([(c, c) for c in centre])
                    for v in range(len(box)):
                        total = total + slopes[v] * (env[v] - cen[v])
                    if _ok(total, sign, strict):
                        return BoxNode("mvf", deriv, box, sign, strict, opens, cut=centre)
                except intervals.NotEnclosable:
                    pass
            got = None if deriv else self.taylor_model(deriv, box, sign, strict, opens,
                                                        depth, middle=True)
            if got is not None:
                return got
            if len(free) >= 2:
                got = self.taylor(deriv, box, sign, strict, opens, free)
                if got is not None:
                    return got
        if self.plain:
            return None
        for v in free:
            s = slopes[v]
            lo_h, hi_h = (s.lo, s.hi) if sign > 0 else (-s.hi, -s.lo)  # slope of sign * g
            if lo_h >= 0:
                dirs = [1]
            elif hi_h <= 0:
                dirs = [-1]
            else:
                dirs = [1, -1]
            for d in dirs:
                got = self.mono(deriv, box, sign, strict, opens, v, d, depth)
                if got is not None:
                    return got
        return None

    def taylor(self, deriv, box, sign, strict, opens, free) -> BoxNode | None:
        """Taylor's theorem of order 2 about a corner of the box where ``sign * d^deriv
        slack`` touches 0 with a vanishing (or inward) gradient and a positive semidefinite
        Hessian (``x^3 + y^3 + z^3 - 3xyz`` near ``x = y = z``; kernel: ``taylor``)."""
        if strict or self.problem.derivative(deriv).has(sp.Abs, sp.Max, sp.Min, sp.sign):
            return None
        for corner in product(*[(lo, hi) if lo != hi else (lo,) for lo, hi in box]):
            point = [(c, c) for c in corner]
            try:
                v = self.enc(deriv, point, defined=True)
            except intervals.NotEnclosable:
                continue
            if v is None or not (v.lo <= 0 <= v.hi) or v.hi - v.lo > intervals.arb("1e-12"):
                continue
            ok = True
            for i in free:
                try:
                    gi = self.enc(deriv + (i,), point, defined=True)
                except intervals.NotEnclosable:
                    ok = False
                    break
                lo, hi = box[i]
                inward = (corner[i] == lo and _ok(gi, sign, False)) or (
                    corner[i] == hi and _ok(gi, -sign, False))
                if not inward and not (gi.lo <= 0 <= gi.hi
                                       and gi.hi - gi.lo < intervals.arb("1e-12")):
                    ok = False
                    break
            if not ok:
                continue
            node = BoxNode("taylor", deriv, box, sign, False, opens, cut=tuple(corner))
            if check_node(self.problem, node, self.left()):
                return node
        return None

    def taylor_model(self, deriv, box, sign, strict, opens, depth, middle=False
                     ) -> BoxNode | None:
        """A Taylor model (``derive.taylor``; kernel: ``tm``) of ``sign * d^deriv slack``
        about an end of a finite box of one variable where plain intervals lose to
        cancellation: an end the box excludes, where the function is undefined (a removable
        singularity), or (the slack itself) where its value may be 0 (a touching point); or
        (``middle``, on a box at least ``TM_DEPTH`` splits deep) about its middle (a thin
        margin)."""
        if len(box) != 1 or None in box[0] or box[0][0] == box[0][1]:
            return None
        lo, hi = box[0]
        points = []
        for side, end in (("lo", lo), ("hi", hi)) if not middle else ():
            if (0, side) in opens and not deriv:
                points.append(end)
                continue
            try:
                v = self.enc(deriv, [(end, end)], defined=True)
            except intervals.NotEnclosable:
                v = None
            if v is None or not v.is_finite() or (not deriv and v.lo <= 0 <= v.hi):
                points.append(end)
        if middle and depth >= TM_DEPTH:
            mid = _cut(lo, hi)
            if mid is not None:
                points.append(mid)
        for c in points:
            key = ("tm", deriv, box, c, sign, strict)
            if key in self.memo:
                continue
            self.memo[key] = True
            self.tick()
            node = BoxNode("tm", deriv, box, sign, strict, opens, cut=c)
            if check_node(self.problem, node, self.left()):
                return node
        return None

    def tail_model(self, box, strict, opens) -> BoxNode | None:
        """On a tail ``[R, oo)`` (``(-oo, -R]``, ``R >= TAIL_TM``) of one variable, in any
        pass: ``x = 1/u`` and one Taylor model of the whole image ``(0, 1/R]`` about
        ``u = 0`` (algebraic growth and ``ln(1 + 1/x)`` become analytic there, or a pole:
        ``atan(1/u)``); no search inside."""
        if len(box) != 1 or self.moved or self.rewrites >= MAX_REWRITES:
            return None
        lo, hi = box[0]
        if (lo is None) == (hi is None) or not ((hi is None and lo >= TAIL_TM) or (
                lo is None and hi <= -TAIL_TM)):
            return None
        key = ("tail", box, strict, opens)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None
        self.tick()
        try:
            sub = substitute(self.problem, box, opens, "inv")
        except Exception:  # SymPy failing on the mapped form: no substitution
            sub = None
        if sub is None:
            return None
        leaf = BoxNode("tm", (), sub.bounds, 1, strict, sub.opens, cut=sp.Integer(0))
        if not check_node(sub, leaf, self.left()):
            return None
        node = BoxNode("subst", (), box, 1, strict, opens, cut="inv", children=(leaf,))
        self.memo[key] = node
        return node

    def small(self, deriv) -> bool:
        """Whether ``d^deriv slack`` is small enough to differentiate further."""
        key = ("ops", deriv)
        if key not in self.memo:
            self.memo[key] = sp.count_ops(self.problem.derivative(deriv)) <= DEEP_OPS
        return self.memo[key]

    def mono(self, deriv, box, sign, strict, opens, v, d, depth) -> BoxNode | None:
        side = "lo" if d == 1 else "hi"
        lo, hi = box[v]
        slope_opens = frozenset(opens | {(v, "lo"), (v, "hi")})
        if (lo if d == 1 else hi) is None:
            if len(box) == 1 and (hi if d == 1 else lo) is not None:
                # monotone towards an infinite end: bounded by the limit there
                slope = self.claim(deriv + (v,), box, sign * d, False, slope_opens, depth)
                if slope is None:
                    return None
                at = sp.oo if d == -1 else -sp.oo
                if self.limit_ok(deriv, sign, strict, at):
                    return BoxNode("limit", deriv, box, sign, strict, opens, var=v, dir=d,
                                   children=(slope, None))
                if strict and self.limit_ok(deriv, sign, False, at):
                    return BoxNode("limit", deriv, box, sign, strict, opens, var=v, dir=d,
                                   cut="analytic", children=(slope, None))
            return None
        face = tuple(((lo, lo) if d == 1 else (hi, hi)) if i == v else b
                     for i, b in enumerate(box))
        face_opens = frozenset(o for o in opens if o[0] != v)
        start = self.start(deriv, face, sign, strict, face_opens, depth, v)
        if start is not None:
            slope = self.claim(deriv + (v,), box, sign * d, False, slope_opens, depth)
            if slope is None:
                return None
        else:
            if not strict or (v, side) not in opens:
                start = self.start(deriv, face, sign, False, face_opens, depth, v)
                if start is None:
                    start = self.zero(deriv, face, sign)
                if start is None or strict:
                    return None
                slope = self.claim(deriv + (v,), box, sign * d, False, slope_opens, depth)
            else:
                start = self.start(deriv, face, sign, False, face_opens, depth, v)
                if start is None:
                    start = self.zero(deriv, face, sign)
                if start is None:
                    return None
                slope = self.claim(deriv + (v,), box, sign * d, True, slope_opens, depth)
                if slope is None:
                    # a non-strict slope of a real-analytic function, > 0 somewhere: strict
                    slope = self.claim(deriv + (v,), box, sign * d, False, slope_opens, depth)
                    node = BoxNode("mono", deriv, box, sign, strict, opens, var=v, dir=d,
                                   cut="analytic", children=(slope, start))
                    if slope is not None and somewhere_positive(self.problem, node):
                        return node
                    return None
            if slope is None:
                return None
        return BoxNode("mono", deriv, box, sign, strict, opens, var=v, dir=d,
                       children=(slope, start))

    def start(self, deriv, face, sign, strict, opens, depth, v) -> BoxNode | None:
        """The claim on the face a monotone piece starts from, shown on the function's
        values (no box of it excluded by the domain: ``x > 0`` says nothing at ``x = 0``)."""
        before = self.values
        self.values = before | {v}
        try:  # (a point of the face where the claim fails ends it: _Fails)
            return _values(self.problem, self.claim(deriv, face, sign, strict, opens, depth),
                           self.values)
        except _Fails:
            if before:
                raise
            return None
        finally:
            self.values = before

    def limit_ok(self, deriv, sign, strict, at=sp.oo) -> bool:
        """SymPy's exact limit of ``sign * d^deriv slack`` at ``at`` is finite, >= 0."""
        key = ("limit", deriv, at)
        if key not in self.memo:
            g = self.problem.derivative(deriv)
            left = self.left()  # SymPy may take its time
            self.memo[key] = sympy_limit(g, self.problem.variables[0], at, left)
        lim = self.memo[key]
        return bool(lim is not None and lim.is_real and lim.is_finite
                    and certify_sign(sign * lim, "limit", strict).verdict == PROVED)

    def zero(self, deriv, face, sign) -> BoxNode | None:
        """An exact zero at a point face whose enclosure straddles 0 (SymPy decides;
        not inside rewritten functions, where SymPy is slow and touching points rare)."""
        if self.rewrites > 1 or any(lo is None or lo != hi for lo, hi in face):
            return None
        try:
            e = self.enc(deriv, face, defined=True)
        except intervals.NotEnclosable:
            return None
        if not (e.lo <= 0 <= e.hi) or not e.is_finite() or e.hi - e.lo > intervals.arb("1e-12"):
            return None
        for bits in (200, 1000):
            with intervals.precision(bits):
                try:
                    e = box_enclosure(self.problem, deriv, face, True)
                except intervals.NotEnclosable:
                    return None
            if not (e.lo <= 0 <= e.hi):
                return None
        node = BoxNode("zero", deriv, face, sign, False)
        ok = check_node(self.problem, node, self.left())
        return node if ok else None


def _finite_box(box) -> bool:
    """A finite box of one variable with two different ends."""
    return len(box) == 1 and None not in box[0] and box[0][0] < box[0][1]


def _values(problem: BoxProblem, node: BoxNode | None, moved: frozenset) -> BoxNode | None:
    """``node`` unless a box under it is excluded by a condition on a variable in ``moved``
    (or under a change of variable or another form): the start face of a monotone piece
    must hold as values (``derive.proof`` re-checks the same)."""
    if node is None:
        return None
    names = {problem.variables[v] for v in moved}
    for n in _walk_nodes(node):
        if n.kind in ("subst", "form") and any(m.kind in ("excluded", "bound")
                                               for m in _walk_nodes(n)):
            return None
        if n.kind == "bound" and names & problem.constraints[n.cut[0]][0].free_symbols:
            return None
        if n.kind == "excluded":
            free = replace(problem, constraints=tuple(
                (c, k) for c, k in problem.constraints if not names & c.free_symbols))
            if not check_node(free, n, 2.0):
                return None
    return node


def _walk_nodes(node: BoxNode):
    yield node
    for c in node.children:
        if c is not None:
            yield from _walk_nodes(c)


def _env(box):
    return box_env(box)


def _ok(e, sign, strict) -> bool:
    if e is None:
        return False
    lo = e.lo if sign > 0 else -e.hi
    return bool(lo > 0) if strict else bool(lo >= 0)


def _split_var(box, cuts) -> int | None:
    best, size = None, -1
    for i, ((lo, hi), c) in enumerate(zip(box, cuts)):
        if c is None or (lo == hi and lo is not None):
            continue
        w = _width(lo, hi)
        if w is sp.oo:
            return i
        if w > size:
            best, size = i, w
    return best


# ------------------------------------------------------------------------ homogeneity

def _homogeneous(problem: BoxProblem, claim: str, deadline: float) -> Step | None:
    """Two or more variables on a cone (no domain, or sign conditions such as ``x >= 0``):
    ``f(t p) = t^k f(p)`` for ``t > 0`` (proved exactly), so ``f >= 0`` on the cone iff
    ``f >= 0`` on the cone's part of the unit cube's boundary (and at the origin)."""
    variables = problem.variables
    n = len(variables)
    if n < 2:
        return None
    f = problem.slack
    t = sp.Symbol("t", positive=True)
    signs = _sign_conditions(problem)
    got = _in_exponentials(problem, claim, deadline, signs)
    if got is not None:
        return got if got.verdict == PROVED else None
    k = _degree_guess(f, variables)
    if k is None:
        # homogeneous in some of the variables, of a degree that may depend on the others
        # (``(x + y)^z - x^z - y^z`` in ``x, y``, of degree ``z``)
        return _homogeneous_in_some(problem, claim, deadline, signs)
    scaled = f.xreplace({v: t * v for v in variables})
    ident = certify_identity(scaled, t ** k * f, f"f(t p) = t^{k} f(p)", domain=signs)
    if ident.verdict != PROVED:  # (e^u with u(t p) = u(p) + ln t: through the logarithms)
        return attempt(meanlog.log_sides, problem, claim, deadline)
    premises = [ident]
    cone = _cone(problem, variables, signs)
    if cone is None:
        return None
    premises += cone
    return _on_faces(problem, claim, deadline, variables, premises, "positive homogeneity",
                     f"f(t p) = t^{k} f(p) exactly")


def _in_exponentials(problem: BoxProblem, claim: str, deadline: float, signs: list
                     ) -> Step | None:
    """A slack with powers ``b^e`` of a variable exponent (the identric mean as written in
    LaTeX, ``(y^y / x^x)^{1/(y - x)}``) written ``e^{e \\ln b}`` with the logarithms of
    products and powers expanded (``(y \\ln y - x \\ln x)/(y - x)``, the variables' signs
    as assumptions), an identity on the domain; every condition where the new form is
    defined one of the slack's or of the domain's, so it is defined wherever the slack is;
    the new form decided by the homogeneity rule (rule *equal functions*). None when the
    rewrite does not apply; an unknown step when it applies and the new form is not proved
    (the old form's faces, powers of a variable exponent, fare no better)."""
    f = problem.slack
    powers = [p for p in f.atoms(sp.Pow) if p.exp.free_symbols & set(problem.variables)
              and p.base.free_symbols]
    if not powers or not signs:
        return None
    rels = [_REL[k](e, 0) for e, k in problem.constraints]
    implied = []  # y > 0 where 0 < x < y: each proved on the domain by the engine
    for v in problem.variables:
        if not any(c.lhs == v for c in signs if isinstance(c, sp.Gt)):
            step = _decide(v, True, rels, f"{tex_math(v)} > 0",
                           min(0.5, max(0.1, 0.1 * (deadline - clock.now()))),
                           homogeneous=False, shift=False)
            if step.verdict == PROVED:
                implied.append(step)
                signs = [*signs, sp.Gt(v, 0)]
    pos = {v: sp.Dummy(v.name, positive=True) for v in problem.variables
           if any(c.lhs == v for c in signs if isinstance(c, sp.Gt))}
    back = {d: v for v, d in pos.items()}
    try:
        with time_limit(max(0.1, min(1.0, deadline - clock.now()))):
            g = f.replace(
                lambda p: isinstance(p, sp.Pow) and bool(p.exp.free_symbols)
                and p.base.xreplace(pos).is_positive is True,
                lambda p: sp.exp(p.exp * sp.expand_log(sp.log(p.base.xreplace(pos)))
                                 .xreplace(back)))
            g = sp.powsimp(g, combine="exp")  # (e^{-1} e^u as e^{u - 1}: the means' form)
    except (StepTimeout, ValueError, TypeError):
        return None
    if g == f or any(isinstance(p, sp.Pow) and p.exp.free_symbols & set(problem.variables)
                     and p.base.free_symbols for p in g.atoms(sp.Pow)):
        return None
    known = set(definedness(f)) | set(_REL[k](e, 0) for e, k in problem.constraints)
    if not set(definedness(g)) <= known:
        return None
    same = certify_identity(f, g, "the powers written as exponentials", domain=signs)
    if same.verdict != PROVED:
        return None
    unknown = Step(claim, "rule", UNKNOWN, "the slack in exponentials not proved homogeneous")
    try:
        step = _homogeneous(build_problem(g, problem.strict, rels),
                            f"{claim}, in exponentials", deadline)
    except Unsupported:
        return unknown
    if step is None or step.verdict != PROVED:
        return unknown
    return apply_rule("equal functions", [*implied, same, step], claim,
                      f"the slack equals {tex_math(g)} wherever it is defined, proved")


def _cone(problem: BoxProblem, scaled: Sequence[sp.Symbol], signs) -> list[Step] | None:
    """The identities showing every condition of the domain, and every condition where the
    slack is defined, homogeneous in ``scaled`` (``x >= 0``, ``x < y``, ``x != y``; a
    condition free of them as it is): the domain and the slack's domain of definition are
    cones in those variables (``t^m > 0`` keeps the sign of ``g``); None if one is not. (A
    slack defined only off the faces, ``y^2 (\\sqrt{x - 2} + 1) - y^2 \\sqrt{x - 2} - y^2`` where
    ``x >= 2``, would have them all hold vacuously.)"""
    t = sp.Symbol("t", positive=True)
    premises = []
    defined = definedness(problem.slack)
    if sp.false in defined:
        return None
    given = [g for g, _ in problem.constraints]
    for g, where in [(g, None) for g in given] + [(c.lhs - c.rhs, c) for c in defined]:
        if g in scaled or -g in scaled or not (g.free_symbols & set(scaled)):
            continue
        m = _degree_guess(g, scaled)
        same = None if m is None else certify_identity(
            g.xreplace({v: t * v for v in scaled}), t ** m * g, f"g(t p) = t^{m} g(p)",
            domain=signs)
        if same is None or same.verdict != PROVED:
            # a condition of definedness that holds on the whole domain (the identric mean's
            # y^y / x^x > 0 where x, y > 0) leaves the set where the slack is defined the
            # domain's cone, homogeneous or not
            same = _holds_on_domain(where, signs) if where is not None else None
            if same is None:
                return None
        premises.append(same)
    return premises


def _holds_on_domain(cond: sp.Basic, signs: list) -> Step | None:
    """The kernel's step that the condition ``cond`` (``g > 0``, ``g >= 0``, ``g != 0``) of
    the slack's definedness holds wherever ``g`` is defined on the domain, from SymPy's
    assumptions under the domain's sign conditions ``signs`` (``y^y / x^x > 0`` for ``x, y
    > 0``: a certificate that is its own form), or None."""
    if not isinstance(cond, (sp.Gt, sp.Ge, sp.Ne)) or cond.rhs != 0:
        return None
    g, strict = cond.lhs, not isinstance(cond, sp.Ge)
    if isinstance(cond, sp.Ne):
        step = _holds_on_domain(sp.Gt(g, 0), signs) or _holds_on_domain(sp.Gt(-g, 0), signs)
        return step
    step = certify_nonnegative(g, g, f"{tex_math(cond)} on the domain", strict=strict,
                               domain=signs)
    return step if step.verdict == PROVED else None


def _homogeneous_in_some(problem: BoxProblem, claim: str, deadline: float, signs
                         ) -> Step | None:
    """``f(t p, q) = t^{k(q)} f(p, q)`` for ``t > 0`` with ``p`` some of the variables (two
    or more) and ``k`` affine in the others ``q`` (a guess from values, the identity proved
    exactly): ``f >= 0`` on the domain iff on its part where ``p`` is on the unit cube's
    boundary (and at ``p = 0``), each decided by the whole engine (rule *positive
    homogeneity in some variables*)."""
    variables = problem.variables
    n = len(variables)
    f = problem.slack
    t = sp.Symbol("t", positive=True)
    for size in range(n - 1, 1, -1):
        for scaled in itertools.combinations(variables, size):
            if clock.now() > deadline:
                return None
            rest = [v for v in variables if v not in scaled]
            k = _degree_in(f, scaled, rest)
            if k is None:
                continue
            ident = certify_identity(f.xreplace({v: t * v for v in scaled}), t ** k * f,
                                     f"f(t p, q) = t^{{{sp.latex(k)}}} f(p, q)", domain=signs)
            if ident.verdict != PROVED:
                continue
            cone = _cone(problem, scaled, signs)
            if cone is None:
                continue
            names = ", ".join(sp.latex(v) for v in scaled)
            return _on_faces(problem, claim, deadline, scaled, [ident, *cone],
                             "positive homogeneity in some variables",
                             f"$f(t p, q) = t^{{{sp.latex(k)}}} f(p, q)$ exactly for $p = "
                             f"({names})$ and every $t > 0$")
    return None


def _degree_in(f, scaled, rest) -> sp.Expr | None:
    """``k(q) = c_0 + sum c_j q_j`` with ``f(2p, q) = 2^{k(q)} f(p, q)`` at rational points
    (a guess, checked exactly later), or None."""
    coords = (sp.Rational(3, 7), sp.Rational(5, 11), sp.Rational(2, 13), sp.Rational(7, 5),
              sp.Rational(4, 9))
    p = dict(zip(scaled, coords))
    q0 = dict(zip(rest, coords[::-1]))

    def degree(q):
        return _log2_ratio(f, p, q, 1.0)

    k0 = degree(q0)
    if k0 is None:
        return None
    k = sp.Integer(0)
    for v in rest:
        kv = degree({**q0, v: q0[v] + sp.Rational(1, 3)})
        if kv is None:
            return None
        c = Fraction(3 * (kv - k0)).limit_denominator(12)
        k += sp.Rational(c.numerator, c.denominator) * v
    c0 = k0 - float(k.xreplace(q0))
    guess = Fraction(c0).limit_denominator(12)
    if abs(c0 - guess) > 1e-9:
        return None
    k += sp.Rational(guess.numerator, guess.denominator)
    return k if k.free_symbols else None  # (a constant degree: the rule for all variables)


def _on_faces(problem: BoxProblem, claim: str, deadline: float, scaled, premises: list,
              rule: str, how: str) -> Step | None:
    """The homogeneity rule ``rule`` from ``premises`` (the scaling identity, the cone) and
    the slack decided on each face ``v = +-1`` (``v`` in ``scaled``, the others of them in
    ``[-1, 1]``) and at ``scaled = 0`` when the domain holds that point."""
    variables = problem.variables
    f = problem.slack
    n = len(variables)
    premises = list(premises)
    one = sp.Integer(1)
    moved = [variables.index(v) for v in scaled]

    def clip(i):
        lo, hi = problem.bounds[i]
        if i not in moved:
            return lo, hi
        return (max(lo, -one) if lo is not None else -one, min(hi, one) if hi is not None
                else one)

    edges = []
    for i in moved:
        for end in (one, -one):
            lo, hi = problem.bounds[i]
            if (lo is not None and end < lo) or (hi is not None and end > hi):
                continue
            box = tuple((end, end) if j == i else clip(j) for j in range(n))
            if any(a is not None and b is not None and a > b for a, b in box):
                continue
            edges.append((i, box))
    faces = []
    for i, box in edges:
        # the face as a problem in the other variables (the whole engine, one dimension
        # down): the fixed variable substituted into the slack and every condition
        fix = {variables[i]: box[i][0]}
        rels = [_REL[kind](g.xreplace(fix), 0) for g, kind in problem.constraints]
        if any(r is sp.false for r in rels):
            continue  # the face is outside the domain
        if any(a.free_symbols == {variables[i]} and a.xreplace(fix).is_extended_real is False
               for a in sp.preorder_traversal(f) if isinstance(a, sp.Expr)):
            continue  # a subexpression of the fixed variable alone is not real on the face
            # (ln y at y = -1): no point of the face is where the slack is defined
        clips = [c for j in moved if j != i for c in (variables[j] >= -1, variables[j] <= 1)]
        faces.append((i, box, fix, rels + ([] if _inside(f.xreplace(fix), rels) else clips)))
    # (the time shared among the faces left, not those skipped above)
    for n_left, (i, box, fix, rels) in zip(range(len(faces), 0, -1), faces):
        left = deadline - clock.now()
        if left <= 0:
            return None
        # (faces of a homogeneity in all variables: the box search in their small budget;
        # with other variables left, the reductions too, fewer variables each time)
        face, what = f.xreplace(fix), f"on the face {variables[i]} = {box[i][0]}"
        end, step = clock.now() + left / n_left / 0.7, None
        if n == 2 and len(moved) == 2 and len(face.free_symbols) == 1:
            # one variable: pieces graded towards an end where the face touches 0 (where it
            # meets the diagonal of two means), each piece decided by the whole engine; then
            # the face over a common denominator (L I - A G: ln x)
            (lo, hi), = [b for j, b in enumerate(box) if j != i]
            cleared = attempt(_common_denominator, face)
            step = attempt(graded.pieces, face, problem.strict, rels, lo, hi, what,
                           (0.75 if cleared else 1.0) * (end - clock.now()), _decide)
            if step is None and cleared:
                step = attempt(_cleared_face, face, cleared, problem.strict, rels, lo, hi,
                               what, end)
        unit = _unit_exponentials(face) if step is None else None
        if unit is not None:  # (e^{u - 1} as e^{-1} e^u: half the time, then the face)
            step = _scaled_face(face, unit, problem.strict, rels, what,
                                clock.now() + 0.5 * (end - clock.now()), len(moved) < n)
        if step is None:
            step = _decide(face, problem.strict, rels, what, max(end - clock.now(), 0.1),
                           homogeneous=len(moved) < n)
        if step.verdict != PROVED:
            return None
        premises.append(step)
    at_origin = all((lo is None or lo <= 0) and (hi is None or hi >= 0) and (j, "lo") not in
                    problem.opens and (j, "hi") not in problem.opens
                    for j, (lo, hi) in enumerate(problem.bounds) if j in moved)
    if at_origin and len(moved) == n:
        origin = certify_sign(f.xreplace({v: 0 for v in variables}), "f(0)", problem.strict)
        if origin.verdict == REFUTED:
            return None  # the search refutes at the origin
        if origin.verdict == PROVED:
            premises.append(origin)
        elif not origin.reason.startswith("no enclosure"):
            return None  # (no enclosure: undefined at the origin, nothing to show there)
    elif at_origin:  # p = 0 with the other variables free: a problem in those
        fix = {variables[j]: 0 for j in moved}
        rels = [_REL[kind](g.xreplace(fix), 0) for g, kind in problem.constraints]
        if not any(r is sp.false for r in rels):
            left = deadline - clock.now()
            if left <= 0:
                return None
            step = _decide(f.xreplace(fix), problem.strict, [r for r in rels if r is not
                                                             sp.true],
                           "where " + ", ".join(f"{variables[j]} = 0" for j in moved),
                           left)
            if step.verdict != PROVED:
                return None
            premises.append(step)
    return apply_rule(rule, premises, claim,
                      f"{how}, and f {'>' if problem.strict else '>='} 0 on the unit cube's "
                      "boundary (interval branch-and-bound)")


def _inside(face: sp.Expr, rels: list) -> bool:
    """Whether the face's own conditions ``rels`` already keep its one variable in ``[-1,
    1]`` (the box's bounds from them), so that the unit cube's conditions add nothing (and
    the methods see the domain as written: ``0 < x < 1``)."""
    if len(face.free_symbols) != 1:
        return False
    try:
        ((lo, hi),) = build_problem(face, False, rels).bounds
    except (Unsupported, ValueError):
        return False
    return lo is not None and hi is not None and lo >= -1 and hi <= 1


def _common_denominator(face: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(N, D)`` with ``face = N/D`` over a common denominator ``D`` that holds the variable
    and a logarithm (the logarithmic mean's ``ln y - ln x``), else None."""
    num, den = sp.fraction(sp.together(face))
    return (num, den) if den.free_symbols and den.has(sp.log) else None


def _cleared_face(face: sp.Expr, cleared: tuple, strict: bool, rels: list, lo, hi,
                  what: str, end: float) -> Step | None:
    """The face ``N/D`` as the product ``(s N) (1/(s D))`` (an exact identity) with ``s D >
    0`` and ``s N >= 0`` (``> 0``) decided by the whole engine (``s N`` graded towards a
    touching end first; rule *product of signs*), or None."""
    num, den = cleared
    if not set(definedness(num) + definedness(1 / den)) <= set(definedness(face)):
        return None  # (a factor undefined where the face is defined)
    same = certify_identity(face, num / den, f"the face is {sp.latex(num / den)}")
    if same.verdict != PROVED:
        return None
    for s in (1, -1):
        left = end - clock.now()
        sign = _decide(1 / (s * den), True, rels, f"{sp.latex(1 / (s * den))} > 0",
                       max(min(max(0.3 * left, 1.0), left), 0.1), homogeneous=False)
        if sign.verdict == PROVED:
            break
    else:
        return None
    rel = ">" if strict else "\\ge"
    top = f"{sp.latex(s * num)} {rel} 0"
    got = graded.pieces(s * num, strict, rels, lo, hi, top, end - clock.now(), _decide)
    if got is None:
        got = _decide(s * num, strict, rels, top, max(end - clock.now(), 0.1),
                      homogeneous=False)
    if got.verdict != PROVED:
        return None
    return apply_rule("product of signs", [same, sign, got], what,
                      f"the face is $({sp.latex(s * num)}) \\cdot {sp.latex(1 / (s * den))}$, each "
                      "factor proved of its sign")


def _unit_exponentials(f: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(g, c)`` with ``g = e^{-c} f`` written with ``e^{u + c} = e^c e^u`` for the one
    nonzero constant term ``c`` that arguments of exponentials of ``f`` have (the identric
    mean's ``e^{u - 1}``: ``e I - 1 - x``, where ``e^u >= 1 + u`` applies), else None."""
    def const(e):
        return e.args[0].as_coeff_Add()[0] if e.args[0].free_symbols else 0

    cs = {const(e) for e in f.atoms(sp.exp)} - {0}
    if len(cs) != 1:
        return None
    (c,) = cs
    g = f.replace(lambda e: isinstance(e, sp.exp) and const(e) == c,
                  lambda e: sp.exp(e.args[0] - c) * sp.exp(c))
    return sp.expand(g * sp.exp(-c), deep=False, log=False, multinomial=False,
                     power_base=False), c


def _scaled_face(face: sp.Expr, unit: tuple, strict: bool, rels: list, what: str,
                 end: float, homogeneous: bool) -> Step | None:
    """The face ``f`` from ``g = e^{-c} f`` (``_unit_exponentials``: an exact identity, and
    ``e^{-c} > 0``) decided by the whole engine until ``end`` (rule *change of variable*: a
    function times a factor ``> 0`` has its sign), or None."""
    g, c = unit
    same = certify_identity(g, sp.exp(-c) * face, f"{sp.latex(g)} = e^{{{sp.latex(-c)}}} f")
    if same.verdict != PROVED:
        return None
    got = _decide(g, strict, rels, what, max(end - clock.now(), 0.1), homogeneous=homogeneous)
    if got.verdict != PROVED:
        return None
    return apply_rule("change of variable", [same, got], what,
                      f"$e^{{{sp.latex(-c)}}} > 0$ times the face is ${sp.latex(g)}$, "
                      f"{got.reason}")


def _log2_ratio(f, p: dict, fixed: dict, seconds: float) -> float | None:
    """``log2(f(2p, q) / f(p, q))`` at the rational point ``p`` (scaled) and ``q`` (``fixed``),
    a float (a numerical guess: the identity is proved exactly afterwards), or None."""
    a = f.xreplace({**p, **fixed})
    b = f.xreplace({**{v: 2 * c for v, c in p.items()}, **fixed})
    try:
        with time_limit(seconds):
            ratio = complex(sp.N(b / a, 30)) if a != 0 else None
    except Exception:  # SymPy failing or too slow, or no number: no degree
        return None
    if ratio is None or abs(ratio.imag) > 1e-20 or ratio.real <= 0:
        return None
    return math.log2(ratio.real)


def _degree_guess(f, variables) -> sp.Rational | None:
    """The k with f(2p) = 2^k f(p) at a rational point p (a guess, checked exactly later)."""
    coords = (sp.Rational(3, 7), sp.Rational(5, 11), sp.Rational(2, 13), sp.Rational(7, 5))
    k = _log2_ratio(f, dict(zip(variables, coords)), {}, 2.0)
    if k is None:
        return None
    guess = Fraction(k).limit_denominator(12)
    if abs(k - guess) > 1e-9:
        return None
    return sp.Rational(guess.numerator, guess.denominator)


# ------------------------------------------------------------------------ decide

_CALLS = Nesting()  # the decisions under way (a method's premises are decisions too)
_SINCE_COLLECT = [0.0]  # seconds of decisions of their own since the last full collection
COLLECT_SECONDS = 10.0


def decide(slack: sp.Expr, strict: bool, domain: Sequence[sp.Basic], claim: str,
           seconds: float = 8.0) -> Step:
    """Decide ``slack >= 0`` (``> 0`` if ``strict``) on ``domain`` (see the module
    docstring): a kernel ``Step`` proved, refuted at a named point, or unknown."""
    if _CALLS:  # a premise of a decision under way
        return _unknown_on_error(slack, strict, domain, claim, seconds)
    # a decision of its own: what is alive now (earlier statements' objects, the caches) is
    # kept out of the garbage collector's scans while it runs (a collection then takes a
    # time that depends on this statement, not on what ran before); after COLLECT_SECONDS
    # of such decisions a full collection, before the clock starts, frees what died
    if _SINCE_COLLECT[0] >= COLLECT_SECONDS:
        gc.collect()
        _SINCE_COLLECT[0] = 0.0
    t0 = clock.now()
    gc.freeze()
    try:
        # an alarm too: one SymPy call (factor, expand) may run for minutes past the budget
        with _CALLS.enter(), time_limit(2 * seconds + 2):
            return _unknown_on_error(slack, strict, domain, claim, seconds)
    except StepTimeout:  # (an enclosing limit that fires sooner ends here the same way)
        return Step(claim, "interval", UNKNOWN, f"not decided within {seconds:.3g} s (one "
                    "step of SymPy ran past it)")
    finally:
        gc.unfreeze()
        _SINCE_COLLECT[0] += clock.now() - t0


def _unknown_on_error(slack, strict, domain, claim, seconds) -> Step:
    try:
        return _decide(slack, strict, domain, claim, seconds)
    except Exception as err:  # SymPy or the engine failing on a form is "unknown", not a crash
        where = traceback.extract_tb(err.__traceback__)[-1]
        return Step(claim, "interval", UNKNOWN, f"not decided: {type(err).__name__} in the "
                    f"engine ({pathlib.Path(where.filename).name}, {where.name})")


def _decide(slack, strict, domain, claim, seconds, homogeneous=True, shift=True) -> Step:
    start = clock.now()
    search_end = SEARCH_SHARE * seconds  # the search; the kernel's re-check gets the rest
    try:
        problem = build_problem(slack, strict, domain)
    except Unsupported as err:
        return Step(claim, "interval", UNKNOWN, f"not decided: {err}")
    if not problem.variables:
        return certify_sign(problem.slack, claim, strict)
    if not _bases_positive(problem, domain, min(1.0, 0.1 * seconds)):
        homogeneous = shift = False  # 0^y = 0 is defined where the rules' domain says not
        # (helper "ends": the face where such a base is 0 apart, the rules run on the rest)
        got = attempt(zerobase.split, problem, claim,
                      ZERO_BASE_SHARE * (start + seconds - clock.now()))
        if got is not None:
            return got
    zero = _identically_zero(problem, claim, min(2.0, 0.25 * seconds)) if shift else None
    if zero is not None:
        return zero
    # (sampling keeps a slice when the face split above spent the plain pass's share: a
    # counterexample is cheap to find)
    search = _Search(problem, max(start + PASSES[0][1] * search_end,
                                  clock.now() + SAMPLE_LEAST * seconds))
    info = {"boxes": 0, "timed_out": False, "where": None}  # what the passes left, for the reason
    try:
        search.sample()
        if len(problem.variables) >= 2:
            # a product of factors of one sign each (|w| (1/4 - sigma'(z))): each factor
            # decided on its own, before the search meets the lines where the slack is 0
            got = attempt(factors.product_signs, problem, claim,
                          0.5 * (start + search_end - clock.now()), _decide)
            if got is not None:
                return got
        # a rational slack with coefficients of one sign on a cone of the domain's affine
        # conditions (cheap: before the search meets a line where the slack is 0)
        got = attempt(orthant.orthant, problem, claim, 0.0)
        if got is not None:
            return got
        # reductions to easier problems, each decided by the whole engine: a homogeneous
        # slack to the faces of the unit cube, an irrational end moved to 0, an ordered
        # pair 0 < x < y to x = t y (each with much of the time: the plain search rarely
        # succeeds where they apply, beyond its first slice)
        if len(problem.variables) >= 2 and homogeneous:
            homog = _homogeneous(problem, claim, start + 0.8 * search_end)
            if homog is not None and homog.verdict == PROVED:
                return homog
        memo, proven, tried, done = search.memo, {}, search.tried, set()
        methods_end = start + (1 - SEARCH_RESERVE) * seconds
        if shift and len(problem.variables) < 3:
            # a first slice of the plain search: it settles most statements at once (and what
            # it proves then waits for no reduction); the rounds below resume from its
            # subtrees (three or more variables: the plain quick pass below)
            got = _pass(problem, claim, 0, min(start + search_end, clock.now()
                                                + QUICK_SHARE * search_end),
                        start, seconds, start + search_end, memo, proven, tried, done, info)
            if got is not None:
                return got
        if len(problem.variables) >= 2 and homogeneous:
            # fewer variables by a trusted rule (derive.reduce; not on the faces of the
            # homogeneity reduction, which the box search settles in their small budget)
            from derive import reduce as reductions
            share = min(REDUCE_SHARE * seconds, start + 0.8 * seconds - clock.now())
            got = attempt(reductions.reduce, problem, claim, share) if share > 0.2 else None
            if got is not None:
                return got
        tail_tried = False  # (the last method: an exponential tail, e^{ax} by a proved
        # polynomial bound, at most EXP_TAIL_SECONDS: the passes settle others, swish')
        if shift and methods_end - clock.now() > METHOD_LEAST:
            for reduce in (premises.combine,  # (premises combined linearly)
                           _reflected, trigpoly.one_trig,  # (one of sin v, cos v per v)
                           gausstail.monotone_tail,  # (erf: monotone to its limit)
                           gausstail.gauss_tail,  # (erf at an infinite end: Mills)
                           touch.periodic, edge.even, edge.isolated, edge.chord,
                           edge.diagonal, diagonal.near_diagonal,
                           logtangent.tangent_logs,  # (ln z <= z - 1 and its kin)
                           singular.singular,
                           powerbound.power_bound,  # (b^e against b^n at e's bound)
                           endzero.end_zero,  # (a zero like t^p at an excluded end)
                           recast.recast, touch.touching,
                           sincos.symmetric_sum,  # (t = sin x + cos x)
                           _irrational_end, _ordered_pair,
                           radical.radical, _max_min_cases, _simpler_form, explower.tangent,
                           _exp_tail):
                # each method a share of what the methods have left now (the search and the
                # kernel keep SEARCH_RESERVE of the time, whatever the methods take)
                left = methods_end - clock.now()
                if left < METHOD_LEAST:
                    break
                tail_tried = reduce is _exp_tail
                got = _method(reduce, problem, claim, METHOD_SHARE * left)
                if got is not None:
                    return got
        # the search's end: its share of the time, or half of what is left when the methods
        # ran past it (the kernel's re-check gets the other half)
        now = clock.now()
        stop = max(start + search_end, now + 0.5 * (start + seconds - now))
        if len(problem.variables) >= 3:
            # many boxes cheaply first: three or more variables make every monotone piece a
            # search of its own
            got = _plain_pass(problem, claim, now + 0.25 * (stop - now), start + seconds,
                              search.tried)
            if got is not None:
                return got
        # the plain search in what time is left
        begin = clock.now()
        span = max(stop - begin, 0.1 * search_end)
        end = begin
        for k, shares in enumerate(ROUNDS):
            for level, share in enumerate(shares):
                # cheap methods first, then changes of variable, then other forms of the
                # derivatives, in turns of growing slices (time a pass leaves rolls over)
                end += share * span
                if level in done:
                    continue
                if level == 1 and k == 1 and not tail_tried:  # an exponential tail: e^{ax}
                    # by a proved polynomial bound (when the methods did not try it)
                    got = _exp_tail(problem, claim, 0.8 * (start + seconds - clock.now()))
                    if got is not None:
                        return got
                got = _pass(problem, claim, level, min(end, stop), start, seconds, stop, memo,
                            proven, tried, done, info)
                if got is not None:
                    return got
    except _Found as found:
        return Step(claim, "counterexample", REFUTED, found.step.reason)
    except _Timeout:
        info["timed_out"] = True
    except Unsupported as err:
        return Step(claim, "interval", UNKNOWN, f"not decided: {err}")
    timed_out, boxes, where = info["timed_out"], info["boxes"], info["where"]
    if timed_out and where is None:
        return Step(claim, "interval", UNKNOWN,
                    f"not decided within {seconds:.3g} s ({boxes} boxes)")
    return Step(claim, "interval", UNKNOWN,
                "branch-and-bound left boxes undecided"
                + (f", first near {_show_box(problem, where)}" if where else ""))


def _pass(problem: BoxProblem, claim: str, level: int, deadline: float, start: float,
          seconds: float, hard: float, memo: dict, proven: dict, tried: set, done: set,
          info: dict) -> Step | None:
    """One slice (until ``deadline``) of the search at ``level`` (``PASSES``), resuming from
    the subtrees ``proven`` already: the kernel's step when it proves the statement, else None
    (``done`` gets the levels that ended, ``info`` the boxes, a timeout, the first box left
    undecided). Raises ``_Found`` (a counterexample) and ``Unsupported``."""
    search = _Search(problem, deadline, tried=tried, level=level, memo=memo, proven=proven,
                     hard=hard)
    try:
        root = search.level0(problem.bounds, problem.strict, problem.opens, 0)
    except _Timeout:
        info["timed_out"], info["boxes"] = True, info["boxes"] + search.boxes
        return None
    except ArithmeticError:  # (a float overflow in this pass: the next one)
        done.add(level)
        return None
    done.add(level)
    info["boxes"] += search.boxes
    if root is not None:
        # the kernel re-checks (or rejects, saying why) the engine's certificate
        return certify_on_boxes(problem, root, claim,
                                max(start + seconds - clock.now(), 0.5))
    if info["where"] is None and search.unresolved:
        info["where"] = search.unresolved[0]
        try:  # (a counterexample found there ends the decision: _Found)
            for box in search.unresolved[:64]:
                _probe_box(search, box)
        except _Timeout:
            pass  # the slice's end ends its probes, not the decision: the methods go on
    return None


def _plain_pass(problem: BoxProblem, claim: str, deadline: float, end: float,
                tried: set | None = None) -> Step | None:
    """The plain search (enclosures, mean-value forms, Taylor models; no monotone pieces, no
    rewrites) until ``deadline``, its tree re-checked by the kernel until ``end``: the
    step when it proves the claim, else None. Raises ``_Found`` (a counterexample)."""
    quick = _Search(problem, deadline, tried=set() if tried is None else tried, plain=True)
    try:
        root = quick.level0(problem.bounds, problem.strict, problem.opens, 0)
    except _Timeout:
        return None
    if root is None:
        return None
    return certify_on_boxes(problem, root, claim, max(end - clock.now(), 0.5))


def plain(slack: sp.Expr, strict: bool, domain: Sequence[sp.Basic], claim: str,
          seconds: float) -> Step | None:
    """``slack >= 0`` (``> 0``) on ``domain`` by the plain search alone, within ``seconds``
    (its first ``SEARCH_SHARE``; the kernel's re-check the rest): the proved step, else None.
    For premises with a margin on a small box (a Hessian's minors near a touching point),
    where the whole engine's sampling and methods would spend the time first."""
    start = clock.now()
    try:
        problem = build_problem(slack, strict, domain)
        got = _plain_pass(problem, claim, start + SEARCH_SHARE * seconds, start + seconds)
    except (Unsupported, _Found, intervals.NotEnclosable, ArithmeticError):
        return None
    return got if got is not None and got.verdict == PROVED else None


def _method(method, problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """``method(problem, claim, seconds)`` through the one guard (``derive.guard.attempt``:
    a SymPy failure means the method does not apply) and held to its time by an alarm too
    (a method's own nested decisions may overrun it): None when that alarm ends it."""
    try:
        with time_limit(seconds + METHOD_GRACE):
            return attempt(method, problem, claim, seconds)
    except StepTimeout:
        return None  # (its own limit; an enclosing one fires again and is re-raised)


def _exp_tail(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """``derive.expbound.exp_tail`` for at most ``EXP_TAIL_SECONDS`` of ``seconds``, held to
    it by an alarm as well: a single SymPy ``expand`` of its premises (``(L + t)^475`` for
    ``e^{3x/12500}`` beside ``e^{-19x/1000}``) may take longer than the whole equation's
    time."""
    seconds = min(seconds, EXP_TAIL_SECONDS)
    if seconds <= 0.05 or not expbound.applies(problem):
        return None
    try:
        with time_limit(seconds + 0.05):
            return attempt(expbound.exp_tail, problem, claim, seconds)
    except StepTimeout:
        return None


_REL = CONSTRAINT_RELATIONS


def _bases_positive(problem: BoxProblem, domain: Sequence[sp.Basic], seconds: float) -> bool:
    """Whether every power ``b^e`` of the slack with a variable exponent has ``b > 0`` on the
    domain (decided). The kernel's ``definedness`` takes such a power as defined for ``b > 0``
    only, so the reductions concluding by rules "where the slack is defined" would pass over
    the points ``b = 0``, where ``0^e = 0`` (``e > 0``) is defined: without ``b > 0`` only the
    box search decides (it evaluates ``0^e``)."""
    bases = {p.base for p in problem.slack.atoms(sp.Pow) if p.exp.free_symbols}
    for b in bases:
        # SymPy's sign of b under the domain's sign conditions (y^z/2 where y > 0) first:
        # the box search rarely shows y^z > 0 near y = 0 with z unbounded
        try:
            with time_limit(min(0.5, seconds)):
                quick = certify_nonnegative(b, b, f"{b} > 0", True, points=[],
                                            domain=list(domain))
        except StepTimeout:
            quick = None
        if quick is not None and quick.verdict == PROVED:
            continue
        if _decide(b, True, list(domain), f"{b} > 0", seconds, homogeneous=False,
                   shift=False).verdict != PROVED:
            return False
    return True


def _irrational_end(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """One variable with an end ``c`` that is not rational (``x < pi/2``) where the slack
    touches 0 or has no finite value (``tan(x/2) >= 1 - cos x`` at ``pi/2``): the domain cut
    at a rational ``r`` near ``c``, the part towards ``c`` moved to ``u = c - x`` (or ``x -
    c``) so that the end is ``u = 0``, each part decided by the whole engine (*case split*,
    *change of variable*)."""
    if len(problem.variables) != 1:
        return None
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    for g, kind in problem.constraints:
        if kind == "ne" or not g.is_polynomial(x) or sp.degree(g, x) != 1:
            continue
        a, b = sp.Poly(g, x).all_coeffs()
        c = -b / a
        if not a.is_Rational or c.is_Rational or not c.is_real or c.free_symbols:
            continue
        up = a < 0  # x <= c
        try:
            with intervals.precision(BITS):
                e = intervals.compile_expr(problem.slack.xreplace({x: c}), ())([], True)
            touches = e is None or not e.is_finite() or (
                e.lo <= 0 <= e.hi or abs(e.lo) < intervals.arb("1e-9"))
        except (intervals.NotEnclosable, ZeroDivisionError):
            touches = True  # no value at c: a pole, or a removable singularity
        if not touches:
            continue
        approx = sp.Rational(sp.nsimplify(sp.N(c, 30), rational=True))
        far = lo if up else hi
        width = min(sp.Integer(1), abs(approx - far) if far is not None else sp.Integer(1))
        r = (intervals.simplest_rational(approx - width / 2, approx - width / 4) if up
             else intervals.simplest_rational(approx + width / 4, approx + width / 2))
        phi = c - x if up else c + x  # the new variable keeps the name
        rels = [_REL[k](h, 0) for h, k in problem.constraints]
        # (without x < c, implied by x <= r: another irrational end is decided the same way)
        inner = [_REL[k](h, 0) for h, k in problem.constraints if h is not g] + [
            x <= r if up else x >= r]
        outer = [rel.xreplace({x: phi}) for rel in rels] + [
            (phi >= r) if up else (phi <= r)]
        if any(rel is sp.false for rel in outer):
            continue
        # the part moved next to c first, with half the time; the rest (which may hold
        # another irrational end, decided the same way) with all that is left then
        deadline = clock.now() + seconds
        # tan, cot as quotients (the same function, defined at the same points): a
        # denominator vanishing at u = 0 shows as one (cot u = cos u / sin u)
        moved = problem.slack.xreplace({x: phi}).replace(
            lambda f: isinstance(f, (sp.tan, sp.cot)),
            lambda f: (sp.sin(f.args[0]) / sp.cos(f.args[0]) if isinstance(f, sp.tan)
                       else sp.cos(f.args[0]) / sp.sin(f.args[0])))
        second = _decide(moved, problem.strict, outer,
                         f"{claim}, {x} = {phi} near {c}", seconds / 2, shift=False)
        if second.verdict != PROVED:
            return None
        first = _decide(problem.slack, problem.strict, inner, f"{claim}, {x} to {r}",
                        max(deadline - clock.now(), 0.1),
                        shift=any(not h.is_polynomial(x) or not all(
                            co.is_Rational for co in sp.Poly(h, x).all_coeffs())
                            for h, k in problem.constraints if h is not g and k != "ne"))
        if first.verdict != PROVED:
            return None
        return apply_rule("case split", [first, second], claim,
                          f"the domain cut at {tex_math(sp.Eq(x, r))}; towards "
                          f"{tex_math(c)} with {tex_math(sp.Eq(x, phi, evaluate=False))} "
                          "(change of variable), each part proved")
    return None


def _reflected(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    r"""One variable on ``(-oo, c]``: ``x = -u`` maps ``u >= -c`` onto it (*change of
    variable*), and the engine's tails are at ``+oo`` (``-t^3/48 - \sigma(t) + 1/2 + t/4
    >= 0`` for ``t <= 0`` is the mirror of a claim it proves on ``t >= 0`` at once)."""
    if len(problem.variables) != 1 or problem.bounds[0][0] is not None or (
            problem.bounds[0][1] is None):
        return None
    (x,) = problem.variables
    rels = [_REL[k](g.xreplace({x: -x}), 0) for g, k in problem.constraints]
    moved = problem.slack.xreplace({x: -x})
    step = _decide(moved, problem.strict, rels,
                   tex_math(moved > 0 if problem.strict else moved >= 0), 0.6 * seconds)
    if step.verdict != PROVED:
        return None
    u, hi = sp.Symbol("u", real=True), problem.bounds[0][1]
    return apply_rule("change of variable", [step], claim,
                      f"{tex_math(sp.Eq(x, -u))} maps {tex_math(u >= -hi)} onto "
                      f"{tex_math(x <= hi)}; there (with {tex_math(u)} written "
                      f"{tex_math(x)}) " + step.reason)


def _ordered_pair(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """Two variables with an order ``x < y`` among the conditions: ``derive.ordered``."""
    from derive import ordered

    return ordered.ordered_pair(problem, claim, seconds)


def _case_split(problem: BoxProblem, rels: list, cases: list, claim: str, seconds: float,
                why: str) -> Step | None:
    """Each ``(slack, condition)`` of ``cases`` decided by the whole engine on the domain with
    the condition added (each an equal share of the time left when it starts: what a quick
    case leaves goes to the next); the rule *case split* when all are proved (the
    conditions cover the domain), else None."""
    steps = []
    cases = [(slack, cond) for slack, cond in cases if cond is not sp.false]
    deadline = clock.now() + seconds
    for k, (slack, cond) in enumerate(cases):
        share = (deadline - clock.now()) / (len(cases) - k)
        if share <= 0.1:
            return None
        step = _decide(slack, problem.strict, rels + [cond], f"{claim} where {cond}", share)
        if step.verdict != PROVED:
            return None
        steps.append(step)
    return apply_rule("case split", steps, claim, why)


def _max_min_cases(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """``max(a, b)`` (``min``) in the slack with ``a - b`` of no fixed sign: the cases
    ``a >= b`` and ``b >= a``, each with the max (min) replaced by its value there and the
    case's condition added to the domain, decided by the whole engine (*case split*;
    ``max(x, y) >= x``: the case ``y >= x`` is ``y - x >= 0`` where ``y - x >= 0``)."""
    slack = problem.slack
    terms = sorted((m for m in slack.atoms(sp.Max, sp.Min)
                    if len(m.args) == 2 and all(arg.free_symbols for arg in m.args)),
                   key=sp.default_sort_key)
    rels = [_REL[k](g, 0) for g, k in problem.constraints]
    if not terms:
        return _abs_cases(problem, rels, claim, seconds)
    m = terms[0]
    a, b = m.args
    # where first >= second: max is first, min is second
    cases = [(slack.xreplace({m: first if isinstance(m, sp.Max) else second}),
              first - second >= 0) for first, second in ((a, b), (b, a))]
    return _case_split(problem, rels, cases, claim, seconds,
                       f"the cases {tex_math(a >= b)} and {tex_math(b >= a)} of {tex_math(m)}, "
                       "each proved")


def _abs_cases(problem: BoxProblem, rels: list, claim: str, seconds: float) -> Step | None:
    """``|a|`` in the slack with ``a`` of no fixed sign on the domain's box (the outermost
    first: ``x^2 - |ln(1 + x) - x|``, ``|x + y| <= |x| + |y|``): the cases ``a >= 0`` and
    ``a <= 0``, each with ``|a|`` replaced by ``a`` (``-a``) and the case's condition added to
    the domain, decided by the whole engine (*case split*)."""
    terms = sorted((m for m in problem.slack.atoms(sp.Abs) if m.args[0].free_symbols),
                   key=lambda m: (sp.count_ops(m), sp.default_sort_key(m)))
    for m in terms:
        (a,) = m.args
        try:
            with intervals.precision(BITS):
                enc = intervals.compile_expr(a, problem.variables)(box_env(problem.bounds),
                                                                    defined=False)
        except Exception:  # not enclosable on the whole box: its sign is not known there
            enc = None
        if enc is not None and (enc.lo >= 0 or enc.hi <= 0):
            continue  # of one sign on the whole box: the search resolves it (unabs)
        for sign in (-1, 1):  # of one sign on the domain, shown by the engine: no cases
            # (sigma(t) - 1/2 - t/4 <= 0 where t >= 0: the case of its other sign would
            # leave the search a domain that is almost empty)
            one = _decide(sign * a, False, rels, tex_math(sign * a >= 0),
                          min(1.0, max(0.15 * seconds, SIGN_LEAST)))
            if one.verdict == PROVED:
                g = problem.slack.xreplace({m: sign * a})
                step = _decide(g, problem.strict, rels, claim, 0.7 * seconds)
                if step.verdict != PROVED:
                    return None
                return apply_rule("equal functions", [one, step], claim,
                                  f"{tex_math(m)} = {tex_math(sign * a)} on the domain, where "
                                  f"{tex_math(sign * a >= 0)}; there " + step.reason)
            if one.verdict != REFUTED:
                break  # (undecided: the cases below)
        cases = [(problem.slack.xreplace({m: a}), a >= 0),
                 (problem.slack.xreplace({m: -a}), a <= 0)]
        return _case_split(problem, rels, cases, claim, seconds,
                           f"the cases {tex_math(a >= 0)} and {tex_math(a <= 0)} of "
                           f"{tex_math(m)}, each proved")
    return None


def _sign_conditions(problem: BoxProblem) -> list[sp.Basic]:
    """The domain's conditions ``x >= 0``, ``x > 0`` (assumptions for SymPy's identities)."""
    return [sp.Gt(g, 0) if kind == "gt" else sp.Ge(g, 0) for g, kind in problem.constraints
            if kind in ("ge", "gt") and g in problem.variables]


def _identically_zero(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A slack equal to a constant ``c`` wherever it is defined (``sin^2 x + cos^2 x - 1``,
    ``sin(x - y) sin(x + y) - sin^2 x + sin^2 y + 1/7``): SymPy's ``simplify`` gives ``c``
    exactly (``certify_identity``, the domain's sign conditions as assumptions), ``c``'s
    sign is certified, the rule ``constant function`` concludes. Tried only when the slack's
    enclosures at a few rational points agree."""
    slack = problem.slack
    if sp.count_ops(slack) > 80 or not slack.has(sp.Function, sp.Pow):
        return None
    ks = (sp.Rational(1, 3), sp.Rational(5, 7), sp.Rational(-2, 9), sp.Rational(13, 4))
    values = []
    for j in range(len(ks)):
        point = []
        for i, (lo, hi) in enumerate(problem.bounds):
            k = ks[(j + i) % len(ks)]  # a different coordinate for each variable
            if lo is not None and hi is not None:
                point.append(lo + (hi - lo) * (k - math.floor(k)))
            elif lo is not None:
                point.append(lo + abs(k))
            elif hi is not None:
                point.append(hi - abs(k))
            else:
                point.append(k)
        try:
            with intervals.precision(BITS):
                e = box_enclosure(problem, (), [(p, p) for p in point], defined=True)
        except intervals.NotEnclosable:
            continue
        if e is None or not e.is_finite() or e.hi - e.lo > intervals.arb("1e-9"):
            return None
        values.append(e)
    if not values or max(e.lo for e in values) > min(e.hi for e in values):
        return None  # no defined point, or two different values: not a constant
    # the domain's sign conditions (x > 0) may serve as assumptions: ln(x y) = ln x + ln y
    signs = _sign_conditions(problem)
    try:
        with time_limit(seconds):
            if all(e.lo <= 0 <= e.hi for e in values):
                c = sp.Integer(0)
            else:
                c = sp.simplify(slack)
                if c.free_symbols or not c.is_number:
                    return None
            ident = certify_identity(slack, c, "the slack is a constant", domain=signs)
    except StepTimeout:
        return None
    if ident.verdict != PROVED:
        return _zero_derivative(problem, claim, seconds)
    sign = certify_sign(c, "the constant's sign", problem.strict)
    if sign.verdict != PROVED:
        return None
    return apply_rule("constant function", [ident, sign], claim,
                      "the slack simplifies to exactly a constant (SymPy) of the claimed sign, "
                      "wherever it is defined")


# each elementary function of the reader's registry is continuous where it is defined, and
# so are |u|, max and min: no jumps (sign, floor, Heaviside, an activation's derivative)
_CONTINUOUS = tuple({e.func for e in ELEMENTARY.values() if isinstance(e.func, type)}) + (
    sp.Abs, sp.Max, sp.Min)


def _zero_derivative(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """One variable, a slack constant on its interval that SymPy does not simplify to a
    constant (``\arctan\frac{2x}{1 - x^2} - 2\arctan x`` on ``|x| < 1``): its derivative is
    exactly 0 (``certify_identity``), no condition of the domain has a root inside the
    interval (``certify_solve``: the slack is defined and continuous on all of it, which is
    connected), and its value at a rational point there has the claimed sign (rule *zero
    derivative*)."""
    if len(problem.variables) != 1 or any(not isinstance(f, _CONTINUOUS)
                                          for f in problem.slack.atoms(sp.Function)):
        return None  # (each function continuous where it is defined: no jumps)
    (x,) = problem.variables
    lo, hi = problem.bounds[0]
    inside = sp.Interval.open(-sp.oo if lo is None else lo, sp.oo if hi is None else hi)
    deadline = clock.now() + seconds
    try:
        with time_limit(seconds):
            inner = [r for r in (x > lo if lo is not None else sp.true,
                                 x < hi if hi is not None else sp.true) if r is not sp.true]
            flat = certify_identity(sp.diff(problem.slack, x), 0, "the derivative is 0",
                                    domain=inner)  # (where it is: inside the interval)
            if flat.verdict != PROVED:
                return None
            steps = [flat]
            # the domain's conditions and where the slack is defined: no boundary inside
            defined = definedness(problem.slack)
            if any(c is sp.false for c in defined):
                return None
            ends = [g for g, _ in problem.constraints] + [
                c.lhs - c.rhs for c in defined if c.is_Relational]
            for g in dict.fromkeys(ends):
                steps.append(certify_solve(g, x, inside, [], f"{tex_math(g)} has no root inside"))
                if steps[-1].verdict != PROVED:
                    return None
            for p in (0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2, 10, -10):
                if clock.now() > deadline or p not in inside:
                    continue
                value = sp.simplify(problem.slack.subs(x, p))
                sign = certify_sign(value, f"the value at {p}", problem.strict)
                if sign.verdict == PROVED:
                    return apply_rule("zero derivative", steps + [sign], claim,
                                      f"the slack's derivative is exactly 0 on the interval, "
                                      f"where every condition holds throughout, and its value "
                                      f"at ${sp.latex(x)} = {p}$ is {tex_math(value)}")
    except (StepTimeout, RecursionError, ValueError, TypeError, NotImplementedError):
        return None
    return None


_ENTIRE = (sp.sin, sp.cos, sp.exp, sp.sinh, sp.cosh)


def _entire(e: sp.Expr) -> bool:
    """Whether ``e`` is built from numbers, symbols, sums, products, powers with natural
    exponents, sin, cos, exp, sinh, cosh: defined and real at every real point."""
    if e.is_Symbol or e.is_Number:
        return e.is_real is not False and e.is_finite is not False
    if isinstance(e, (sp.Add, sp.Mul)) or isinstance(e, _ENTIRE):
        return all(_entire(a) for a in e.args)
    if e.is_Pow:
        return e.exp.is_Integer and e.exp >= 0 and _entire(e.base)
    return e in (sp.pi, sp.E)


def _simpler_form(problem: BoxProblem, claim: str, seconds: float) -> Step | None:
    """A slack defined everywhere (polynomials, sin, cos, exp, ...) that SymPy's
    ``simplify`` makes smaller and still defined everywhere (``2 cos x cos y - cos(x + y)``
    is ``cos(x - y)``): the identity certified, the smaller form decided by the whole
    engine (rule ``equal functions``)."""
    slack = problem.slack
    # (only where a trigonometric identity may apply: several arguments)
    if (len({a.args[0] for a in slack.atoms(sp.sin, sp.cos)}) < 2 or not _entire(slack)
            or sp.count_ops(slack) > 60):
        return None
    try:
        with time_limit(min(2.0, seconds / 4)):
            small = sp.simplify(slack)
    except Exception:  # SymPy failing or too slow: no such form
        return None
    if not _entire(small) or sp.count_ops(small) >= sp.count_ops(slack):
        return None
    same = certify_identity(slack, small, "the slack in a simpler form")
    if same.verdict != PROVED:
        return None
    rels = [_REL[k](g, 0) for g, k in problem.constraints]
    step = _decide(small, problem.strict, rels, f"{claim}, simplified", 0.8 * seconds,
                   shift=False)
    if step.verdict != PROVED:
        return None
    return apply_rule("equal functions", [same, step], claim,
                      f"the slack equals {sp.sstr(small)} everywhere (SymPy), proved")


def _probe_box(search: _Search, box) -> None:
    """Probe a grid of rationals in an undecided box."""
    axes = []
    for lo, hi in box:
        if lo is None or hi is None or lo == hi:
            axes.append([lo if lo is not None else hi])
            continue
        axes.append([lo + (hi - lo) * sp.Rational(j, 16) for j in range(17)])
    for point in product(*axes):
        if None in point:
            continue
        search.tick()
        search.probe(point)


def _show_box(problem: BoxProblem, box) -> str:
    def end(e, inf):
        return inf if e is None else str(e)

    return ", ".join(f"{v} in [{end(lo, '-oo')}, {end(hi, 'oo')}]"
                     for v, (lo, hi) in zip(problem.variables, box))
