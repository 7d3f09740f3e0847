r"""Width-1 networks ("chains") of any depth: symbols, product-form gradients, their proofs,
and numeric evaluation in sign and log-magnitude.

Notation (the book's, layers numbered 1..L): ``a_0 = x``, ``z_j = w_j a_{j-1} + b_j``,
``a_j = f(z_j)``, cost ``C(a_L)``. The gradient in product form is

    dC/db_j = f'(z_j) w_{j+1} f'(z_{j+1}) ... w_L f'(z_L) dC/da_L,
    dC/dw_j = a_{j-1} dC/db_j.

Python lists here are 0-based: ``params.w[j - 1]`` is ``w_j``; this module is the only
place that maps between the two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import mpmath
import numpy as np
import symengine as se  # exact and fast: the concrete check's differentiation (O(L) forward)
import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter
from sympy.simplify.simplify import product_simplify  # joins adjacent Product ranges

from derive import activations, costs, intervals
from derive.errors import InputError
from derive.intervals import contains_zero
from derive.latex import product_tex, product_text, symbol_tex, symbol_text, tex, text
from derive.proof import (
    PROVED,
    UNKNOWN,
    Proof,
    Step,
    certify_all,
    certify_differ,
    certify_identity,
    certify_same,
    timed,
)

COMPOSED_MAX_DEPTH = 16  # up to here the concrete check differentiates the composed network
# (symengine, quadratic in L and ~10x forward mode: 6 ms at 16 but 0.1 s at 64, where forward
# mode takes 0.01 s; beyond, forward mode, linear in L)


# ----------------------------------------------------------------------------- symbols

def sym_name(name: str, j: int) -> str:
    """The name of the book's symbol ``name_j`` (``w``, ``b``, ``z``, ``a``); ``a_0`` is ``x``."""
    return "x" if name == "a" and j == 0 else f"{name}_{j}"


@lru_cache(maxsize=None)  # SymPy's own cache holds 1000 entries: a deep chain thrashes it
def sym(name: str, j: int) -> sp.Symbol:
    """The book's symbol ``name_j`` (``w``, ``b``, ``z``, ``a``); ``a_0`` is ``x``."""
    return sp.Symbol(sym_name(name, j), real=True)


def dC_da(L: int) -> sp.Symbol:
    r"""The symbol ``\partial C / \partial a_L`` (prints as the book's fraction)."""
    return sp.Symbol(f"dC/da_{L}", real=True)


def parse_wrt(wrt: str, depth: int) -> tuple[str, int]:
    """``"b1" -> ("b", 1)``; InputError for anything else or an index outside 1..depth."""
    s = wrt.strip().replace("_", "")
    if len(s) < 2 or s[0] not in "bw" or not s[1:].isdigit():
        raise InputError(f"--wrt must be b<j> or w<j> such as b1 or w7, not {wrt!r}")
    j = int(s[1:])
    if not 1 <= j <= depth:
        raise InputError(f"--wrt {wrt}: layer {j} is outside 1..{depth} for depth {depth}")
    return s[0], j


def check_depth(depth: int) -> int:
    if depth < 1:
        raise InputError(f"depth must be a whole number >= 1, not {depth}")
    return depth


@lru_cache(maxsize=None)
def _prime_at(activation: str, k: int) -> sp.Expr:
    """The abstract ``f'(z_k)`` (built once: a SymPy function call costs ~0.1 ms)."""
    return activations.get(activation).prime(sym("z", k))


# ----------------------------------------------------------------------------- gradient

@dataclass(frozen=True)
class Gradient:
    r"""``dC/d<param>_j`` of a depth-``L`` chain as an ordered list of factors.

    ``factors`` are in the book's order; ``expr`` is their SymPy product (built with one
    ``Mul`` call, linear in L). ``cost_grad`` is ``dC/da_L`` for the chosen cost.
    """

    depth: int
    param: str  # "b" or "w"
    layer: int
    activation: str
    cost: str
    factors: tuple[sp.Expr, ...]

    @cached_property
    def expr(self) -> sp.Expr:
        return sp.Mul(*self.factors)

    @cached_property
    def expr_str(self) -> str:
        """``expr`` as SymPy text, factors in the book's order, printed one by one (a SymPy
        ``Mul`` of 20,000 factors takes seconds to build and print)."""
        p = StrPrinter()
        return "*".join(p.parenthesize(f, PRECEDENCE["Mul"]) for f in self.factors)

    @property
    def wrt(self) -> sp.Symbol:
        return sym(self.param, self.layer)

    @property
    def lhs_name(self) -> str:
        return f"dC/d{self.param}_{self.layer}"

    @property
    def cost_grad(self) -> sp.Expr:
        a_L = sym("a", self.depth)
        return costs.get(self.cost).explicit_grad(a_L, sp.Symbol("y", real=True))

    def latex(self) -> str:
        r"""``\frac{\partial C}{\partial b_1} = \sigma'(z_1) w_2 ...`` (one line)."""
        return self._latex

    @cached_property
    def _latex(self) -> str:  # rendered once: 0.6 s at depth 10,000
        return f"{symbol_tex(self.lhs_name)} = {product_tex(self.factors)}"

    def text(self) -> str:
        return self._text

    @cached_property
    def _text(self) -> str:
        return f"{symbol_text(self.lhs_name)} = {product_text(self.factors)}"

    def where_latex(self) -> str:
        """The cost's ``dC/da_L``, e.g. ``a_4 - y``, for the line under the product."""
        return f"{tex(dC_da(self.depth))} = {tex(self.cost_grad)}"

    def where_text(self) -> str:
        return f"{text(dC_da(self.depth))} = {text(self.cost_grad)}"

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"

    def __str__(self) -> str:
        return self.text()


def gradient(depth: int, wrt: str = "b1", activation: str = "sigmoid",
             cost: str = "quadratic") -> Gradient:
    r"""The product form of ``dC/d<wrt>`` for a chain of ``depth`` layers, in O(L).

    ``dC/db_j = \prod_{k=j}^{L-1} [f'(z_k) w_{k+1}] \cdot f'(z_L) \, dC/da_L`` and
    ``dC/dw_j = a_{j-1} dC/db_j``.
    """
    L = check_depth(depth)
    param, j = parse_wrt(wrt, L)
    act = activations.get(activation)
    costs.get(cost)
    factors: list[sp.Expr] = [sym("a", j - 1)] if param == "w" else []
    for k in range(j, L):
        factors += [_prime_at(act.name, k), sym("w", k + 1)]
    factors += [_prime_at(act.name, L), dC_da(L)]
    return Gradient(L, param, j, activation, cost, tuple(factors))


# ----------------------------------------------------------------------------- proofs

_INDUCTION: dict[str, tuple[Step, ...]] = {}


def prove_induction(activation: str = "sigmoid") -> list[Step]:
    """The induction steps for ``activation`` (see ``_prove_induction``). They do not depend
    on the depth, so once all are proved they are kept for the process (a step that timed
    out on a busy machine is not kept: it is tried again next time)."""
    if activation not in _INDUCTION:
        steps = _prove_induction(activation)
        if all(s.verdict == PROVED for s in steps):
            _INDUCTION[activation] = steps
        return list(steps)
    return list(_INDUCTION[activation])


def _prove_induction(activation: str) -> tuple[Step, ...]:
    r"""The product form for every depth, by induction on ``j = L, L-1, ..., 1``.

    Writing ``\delta_j = \partial C/\partial z_j``:
    base ``\delta_L = f'(z_L) C'(a_L)`` and step ``\delta_j = f'(z_j) w_{j+1} \delta_{j+1}``
    are each checked by SymPy differentiating the definitions, with ``C`` (base) and the
    rest of the network ``h`` (step) left as arbitrary differentiable functions; the
    product ``P_j = \prod_{k=j}^{L-1} [f'(z_k) w_{k+1}] f'(z_L) C'(a_L)`` (symbolic
    ``j`` and ``L``) satisfies the same base and step, so ``P_j = \delta_j`` for all
    ``1 <= j <= L`` and every ``L >= 1``. Finally ``\partial z_j/\partial b_j = 1`` and
    ``\partial z_j/\partial w_j = a_{j-1}``.
    """
    act = activations.get(activation)
    f, fp = act.func, act.prime
    z, w, b, a = (sp.Symbol(n, real=True) for n in ("z", "w", "b", "a"))
    C, Cp = costs.GenericCost, costs.GenericCostPrime  # any differentiable function
    F, Fp = act.tex, act.tex + "'"
    steps = [
        certify_identity(
            sp.diff(C(f(z)), z), fp(z) * Cp(f(z)),
            rf"\text{{base: }} \frac{{\partial C}}{{\partial z_L}} = {Fp}(z_L)\,"
            rf"\frac{{\partial C}}{{\partial a_L}} \text{{ for any }} C(a_L = {F}(z_L))"),
        # the rest of the network, C as a function of z_{j+1}, is again arbitrary: C(z_{j+1})
        certify_identity(
            sp.diff(C(w * f(z) + b), z), fp(z) * w * Cp(w * f(z) + b),
            rf"\text{{step: }} \frac{{\partial C}}{{\partial z_j}} = {Fp}(z_j)\, w_{{j+1}}"
            rf"\frac{{\partial C}}{{\partial z_{{j+1}}}}, \quad z_{{j+1}} = w_{{j+1}} {F}(z_j)"
            r" + b_{j+1}"),
    ]
    j, k, L = sp.symbols("j k L", integer=True, positive=True)
    Z, W = sp.IndexedBase("z"), sp.IndexedBase("w")
    g = fp(Z[k]) * W[k + 1]
    P = lambda lo: sp.Product(g, (k, lo, L - 1))
    steps.append(certify_identity(
        P(L).doit(), sp.Integer(1),
        r"\text{product, base: } \prod_{k=L}^{L-1} [\,\cdot\,] = 1"))
    single = sp.Product(g, (k, j, j))
    steps.append(certify_all(
        r"\text{product, step: } \prod_{k=j}^{L-1} g_k = g_j \prod_{k=j+1}^{L-1} g_k", "identity",
        [certify_same(product_simplify(single * P(j + 1)), P(j), "join",
                      "SymPy's product_simplify of [j, j] and [j+1, L-1]"),
         certify_identity(single.doit(), g.subs(k, j), "single factor")],
        r"SymPy's product_simplify joins the adjacent ranges $[j, j]$ and $[j+1, L-1]$"))
    zj = w * a + b
    steps.append(certify_all(
        r"\frac{\partial z_j}{\partial b_j} = 1, \quad "
        r"\frac{\partial z_j}{\partial w_j} = a_{j-1}", "identity",
        [certify_identity(sp.diff(zj, b), 1, "db"), certify_identity(sp.diff(zj, w), a, "dw")],
        r"SymPy differentiates $z_j = w_j a_{j-1} + b_j$"))
    return tuple(steps)


class _Untranslatable(Exception):
    """A claimed expression holds a form the symengine translation does not know."""


def _to_symengine(factors: Sequence[sp.Expr], activation: str,
                  leaf: Callable[[str], se.Basic | None],
                  prime: Callable[[se.Basic], se.Basic | None],
                  func: Callable[[se.Basic], se.Basic]) -> se.Basic:
    """The product of the SymPy ``factors`` (a claimed product) in symengine: symbols through
    ``leaf`` (by name), ``f'(u)`` through ``prime`` (None: no such factor in the derivation,
    so the product cannot be the same), ``f(u)`` through ``func``, for ``f`` the network's
    ``activation`` only; integers, rationals, sums, products and powers as themselves.
    Anything else (another activation included) raises ``_Untranslatable``."""
    memo: dict[sp.Basic, se.Basic] = {}

    def go(e: sp.Basic) -> se.Basic:
        if e in memo:
            return memo[e]
        if isinstance(e, sp.Symbol):
            out = leaf(e.name)
        elif isinstance(e, sp.Integer):
            out = se.Integer(int(e))
        elif isinstance(e, sp.Rational):
            out = se.Rational(int(e.p), int(e.q))
        elif isinstance(e, sp.Mul):
            out = se.Mul(*[go(a) for a in e.args])
        elif isinstance(e, sp.Add):
            out = se.Add(*[go(a) for a in e.args])
        elif isinstance(e, sp.Pow):
            out = se.Pow(go(e.base), go(e.exp))
        elif isinstance(e, activations.AbstractDerivative) and e.activation == activation:
            out = prime(go(e.args[0]))
        elif isinstance(e, activations.AbstractActivation) and e.activation == activation:
            out = func(go(e.args[0]))
        else:
            out = None
        if out is None:
            raise _Untranslatable(type(e).__name__)
        memo[e] = out
        return out

    return se.Mul(*[go(e) for e in factors])


def _se_symbol(name: str, k: int) -> se.Symbol:
    return se.Symbol(sym_name(name, k))


def check_composed(grad: Gradient) -> Step:
    r"""symengine differentiates the fully composed network ``C(f(w_L f(... f(w_1 x + b_1)
    ...) + b_L))`` (``f`` and the cost ``C`` abstract functions) with respect to the
    parameter, and the claimed product with ``z_k``, ``a_k`` and ``dC/da_L`` written out as
    the same nested expressions must be the identical expression. Quadratic in L (each
    layer rebuilds the product), a few ms at L = 16."""
    L = grad.depth
    f, C = se.Function(activations.get(grad.activation).func.__name__), se.Function("C")
    leaves: dict[str, se.Basic] = {"x": se.Symbol("x"), "y": se.Symbol("y")}
    primes: dict[se.Basic, se.Basic] = {}
    a = leaves["x"]
    for k in range(1, L + 1):
        w, b = _se_symbol("w", k), _se_symbol("b", k)
        z = w * a + b
        primes[z] = f(z).diff(b)  # symengine's f'(z_k): z_k = w_k a_{k-1} + b_k, dz_k/db_k = 1
        a = f(z)
        leaves.update({w.name: w, b.name: b, sym("z", k).name: z, sym("a", k).name: a})
    primes[a] = C(a).diff(_se_symbol("b", L)) / primes[leaves[sym("z", L).name]]  # C'(a_L)
    leaves[dC_da(L).name] = primes[a]
    derived = C(a).diff(_se_symbol(grad.param, grad.layer))
    how = f"symengine diff of the composed depth-{L} network"
    try:
        claimed = _to_symengine(grad.factors, grad.activation, leaves.get, primes.get, f)
    except _Untranslatable as err:
        return _concrete_step(grad, None, None, how, f"holds {err} (not a chain factor)")
    return _concrete_step(grad, derived, claimed, how)


def check_forward(grad: Gradient) -> Step:
    r"""Forward-mode chain rule from the layer definitions, in O(L): symengine differentiates
    each ``z_k = w_k a_{k-1} + b_k`` and ``a_k = f(z_k)`` locally (``f`` abstract), the
    tangent of the parameter is carried forward as one product, and the claimed product
    must be the identical symengine expression."""
    L, j = grad.depth, grad.layer
    f = se.Function(activations.get(grad.activation).func.__name__)
    S = _se_symbol
    tangent = [(S("w", j) * S("a", j - 1) + S("b", j)).diff(S(grad.param, j))]  # dz_j/dp_j
    for k in range(j, L + 1):
        tangent.append(f(S("z", k)).diff(S("z", k)))  # da_k/dz_k
        if k < L:
            tangent.append((S("w", k + 1) * S("a", k) + S("b", k + 1)).diff(S("a", k)))
    tangent.append(se.Symbol(dC_da(L).name))  # dC/da_L, the cost's own derivative
    derived = se.Mul(*tangent)
    how = f"forward-mode chain rule through {L} layer definitions (symengine diff per layer)"
    try:  # the layer variables are independent symbols here, the same names in symengine
        claimed = _to_symengine(grad.factors, grad.activation, se.Symbol,
                                lambda u: f(u).diff(u) if isinstance(u, se.Symbol) else None, f)
    except _Untranslatable as err:
        return _concrete_step(grad, None, None, how, f"holds {err} (not a chain factor)")
    return _concrete_step(grad, derived, claimed, how)


def check_concrete(grad: Gradient) -> Step:
    """The product form at the depth asked, by a route independent of ``gradient``: the
    composed network up to COMPOSED_MAX_DEPTH (a few ms), forward mode beyond (O(L))."""
    return check_composed(grad) if grad.depth <= COMPOSED_MAX_DEPTH else check_forward(grad)


def _concrete_step(grad: Gradient, derived: se.Basic | None, claimed: se.Basic | None,
                   how: str, why: str = "") -> Step:
    """``proved`` if the independent route built the same (symengine) expression; otherwise
    look for a counterexample: a rational point where interval arithmetic shows the claimed
    product differs from the true gradient (refuted); failing that, ``unknown``."""
    claim = rf"{grad.latex()} \text{{ at }} L = {grad.depth}"
    if claimed is None:
        step = Step(claim, "identity", UNKNOWN, f"the claimed product {why}")
    else:
        step = certify_same(derived, claimed, claim, how)
    if step.verdict == PROVED:
        return step
    found = counterexample(grad)
    if found:
        return certify_differ(found[1], claim, found[0])
    return step


def counterexample(grad: Gradient) -> tuple[str, intervals.Interval] | None:
    """Evaluate ``grad`` and the true gradient (the product form built by ``gradient``, which
    the induction proves) at exact rational parameters in interval arithmetic, layer by
    layer (O(L)); the point and the enclosure of ``claimed - true`` if it excludes 0."""
    if grad.cost == "generic":
        return None
    true = gradient(grad.depth, f"{grad.param}{grad.layer}", grad.activation, grad.cost)
    act, cost = activations.get(grad.activation), costs.get(grad.cost)
    t = sp.Symbol("t", real=True)
    y = sp.Symbol("y", real=True)
    L = grad.depth
    for i in range(4):
        point = _rational_point(L, i)
        env = {s: intervals.interval(v) for s, v in point.items()}
        try:
            with intervals.precision(200):
                a = env[sym("a", 0)]
                for k in range(1, L + 1):
                    env[sym("z", k)] = env[sym("w", k)] * a + env[sym("b", k)]
                    a = env[sym("a", k)] = intervals.enclose(act.explicit(t),
                                                             {t: env[sym("z", k)]})
                env[dC_da(L)] = intervals.enclose(cost.explicit_grad(t, y), {t: a, y: env[y]})
                diff = intervals.enclose(grad.expr, env) - intervals.enclose(true.expr, env)
        except intervals.NotEnclosable:
            continue
        if not contains_zero(diff):
            shown = ", ".join(f"{s} = {v}" for s, v in list(point.items())[:6])
            return shown + (", ..." if len(point) > 6 else ""), diff
    return None


def _rational_point(L: int, i: int) -> dict[sp.Symbol, sp.Rational]:
    """The i-th exact rational parameter point (x, y, w_1..w_L, b_1..b_L)."""
    base = [sp.Rational(v) for v in ("3/4", "-1/2", "5/3", "1/5", "-7/4", "2", "1/3")]
    names = [sym("a", 0), sp.Symbol("y", real=True)]
    names += [sym(n, k) for k in range(1, L + 1) for n in ("w", "b")]
    return {s: base[(i + 2 * n) % len(base)] for n, s in enumerate(names)}


def prove(grad: Gradient) -> Proof:
    """Prove ``grad``: the induction for every depth, the concrete depth by an independent
    route (the composed network up to COMPOSED_MAX_DEPTH, forward mode beyond), and the
    cost's own derivative ``dC/da_L``."""
    proof = Proof("chain.product_form", grad.latex())
    with timed(proof):
        for s in prove_induction(grad.activation):
            proof.add(s)
        proof.add(check_concrete(grad))
        if grad.cost != "generic":
            cost = costs.get(grad.cost)
            a, y = sym("a", grad.depth), sp.Symbol("y", real=True)
            proof.add(certify_identity(sp.diff(cost.explicit(a, y), a), grad.cost_grad,
                                       rf"{grad.where_latex()} \text{{ ({grad.cost} cost)}}"))
    return proof


# ----------------------------------------------------------------------------- numbers

@dataclass(frozen=True)
class Params:
    """Numbers for a chain: input ``x``, target ``y``, ``w[j-1] = w_j``, ``b[j-1] = b_j``."""

    x: float
    y: float
    w: np.ndarray
    b: np.ndarray

    @property
    def depth(self) -> int:
        return len(self.w)

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "w": self.w.tolist(), "b": self.b.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> Params:
        try:
            w = np.asarray(d["w"], dtype=float)
            b = np.asarray(d["b"], dtype=float)
            x, y = float(d["x"]), float(d["y"])
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"parameters need numbers x, y and lists w, b ({err})") from None
        if w.ndim != 1 or w.shape != b.shape or len(w) == 0:
            raise InputError("parameters w and b must be non-empty lists of the same length")
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b)) and np.isfinite(x)
                and np.isfinite(y)):
            raise InputError("parameters must be finite numbers")
        return cls(x, y, w, b)


def random_params(depth: int, rng: np.random.Generator) -> Params:
    """``w_j, b_j ~ N(0, 1)`` (the book's default init), ``x, y ~ U(0, 1)``."""
    check_depth(depth)
    return Params(float(rng.uniform()), float(rng.uniform()),
                  rng.standard_normal(depth), rng.standard_normal(depth))


def forward(params: Params, activation: str = "sigmoid") -> tuple[np.ndarray, np.ndarray]:
    """``z`` (length L, ``z[j-1] = z_j``) and ``a`` (length L+1, ``a[0] = x``)."""
    act = activations.get(activation)
    z = np.empty(params.depth)
    a = np.empty(params.depth + 1)
    a[0] = params.x
    for k in range(params.depth):
        z[k] = params.w[k] * a[k] + params.b[k]
        a[k + 1] = act.numpy(z[k])
    return z, a


@dataclass(frozen=True)
class LogGrad:
    """Gradients as ``sign * 10**log10_abs``, per layer (index j-1 for layer j)."""

    sign_b: np.ndarray
    log10_b: np.ndarray
    sign_w: np.ndarray
    log10_w: np.ndarray

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """Plain float64 ``(dC/db, dC/dw)``: under- or overflows for deep chains."""
        with np.errstate(over="ignore", under="ignore"):
            return self.sign_b * 10.0 ** self.log10_b, self.sign_w * 10.0 ** self.log10_w


def _sign_log10(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore"):
        return np.sign(v), np.log10(np.abs(v))


def backprop(params: Params, activation: str = "sigmoid", cost: str = "quadratic") -> LogGrad:
    r"""Numeric backprop in sign and log-magnitude, every layer, O(L):
    ``\delta_L = f'(z_L) C'(a_L)``, ``\delta_j = f'(z_j) w_{j+1} \delta_{j+1}``,
    ``dC/db_j = \delta_j``, ``dC/dw_j = a_{j-1} \delta_j``. Finite for any depth."""
    act, cst = activations.get(activation), costs.get(cost)
    z, a = forward(params, activation)
    ln10 = np.log(10.0)
    log_fp = act.log_abs_prime(z) / ln10
    # the sign of f' (swish and GELU have f' < 0 somewhere); copysign keeps an underflowed -0.0
    sign_fp = np.where(np.isfinite(log_fp), np.copysign(1.0, act.numpy_prime(z)), 0.0)
    s_c, l_c = _sign_log10(np.asarray(cst.numpy_grad(a[-1], params.y), dtype=float))
    s_w, l_w = _sign_log10(params.w)
    L = params.depth
    sign, lg = np.empty(L), np.empty(L)
    sign[-1], lg[-1] = sign_fp[-1] * s_c, log_fp[-1] + l_c
    for k in range(L - 2, -1, -1):
        sign[k] = sign_fp[k] * s_w[k + 1] * sign[k + 1]
        lg[k] = log_fp[k] + l_w[k + 1] + lg[k + 1]
    s_a, l_a = _sign_log10(a[:-1])
    sign = np.where(sign == 0, 0.0, sign)
    lg = np.where(sign == 0, -np.inf, lg)
    sign_w = sign * s_a
    return LogGrad(sign, lg, sign_w, np.where(sign_w == 0, -np.inf, lg + l_a))


def cost_value(params: Params, activation: str = "sigmoid", cost: str = "quadratic") -> float:
    """``C(a_L, y)`` in float64."""
    _, a = forward(params, activation)
    return float(costs.get(cost).numpy(a[-1], params.y))


def high_precision(params: Params, activation: str = "sigmoid", cost: str = "quadratic",
                   dps: int = 50) -> tuple[int, mpmath.mpf]:
    r"""``dC/db_1`` evaluated in mpmath at ``dps`` digits from the closed forms (a reference
    independent of ``backprop``'s log-space arithmetic): returns its sign and
    ``log10|dC/db_1|``. Float parameters are taken exactly as the binary numbers they are."""
    act, cst = activations.get(activation), costs.get(cost)
    t, y = sp.Symbol("t", real=True), sp.Symbol("y", real=True)
    f = sp.lambdify(t, act.explicit(t), "mpmath")
    fp = sp.lambdify(t, act.explicit_prime(t), "mpmath")
    dc = sp.lambdify((t, y), cst.explicit_grad(t, y), "mpmath")
    with mpmath.workdps(dps):
        a, zs = mpmath.mpf(params.x), []
        for w, b in zip(params.w, params.b):
            zs.append(mpmath.mpf(w) * a + mpmath.mpf(b))
            a = f(zs[-1])
        g = dc(a, mpmath.mpf(params.y)) * fp(zs[-1])
        for k in range(len(zs) - 2, -1, -1):
            g *= mpmath.mpf(params.w[k + 1]) * fp(zs[k])
        return (0, mpmath.mpf("-inf")) if g == 0 else (int(mpmath.sign(g)),
                                                        mpmath.log10(abs(g)))


def lambdified(grad: Gradient):
    """``grad`` with the cost's ``dC/da_L`` substituted, as a NumPy function of
    ``(x, y, w_1..w_L, b_1..b_L, z_1..z_L, a_1..a_L)``. For checks, not for deep chains
    (Python's compiler rejects products of more than a few thousand factors)."""
    act = activations.get(grad.activation)
    L = grad.depth
    args = ([sym("a", 0), sp.Symbol("y", real=True)] + [sym("w", k) for k in range(1, L + 1)]
            + [sym("b", k) for k in range(1, L + 1)] + [sym("z", k) for k in range(1, L + 1)]
            + [sym("a", k) for k in range(1, L + 1)])
    expr = grad.expr.xreplace({dC_da(L): grad.cost_grad})
    modules = [{act.func.__name__: act.numpy, act.prime.__name__: act.numpy_prime}, "numpy"]
    fn = sp.lambdify(args, expr, modules=modules)

    def evaluate(params: Params) -> float:
        z, a = forward(params, grad.activation)
        return float(fn(params.x, params.y, *params.w, *params.b, *z, *a[1:]))

    return evaluate
