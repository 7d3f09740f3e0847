r"""One registry of activation functions, each defined once, from its formula.

``activation(name, formula)`` (a SymPy expression of one symbol) is the only way in, for the
book's activations and a user's own alike; from the formula alone derive gets

* an abstract SymPy function ``f(z)`` that prints as ``\sigma(z)`` / ``\operatorname{swish}(z)``
  and whose derivative is the abstract ``f'(z)`` (prints ``\sigma'(z)``), so chain-rule
  expressions stay in the book's notation (no ``Subs``, no dummy variables);
* the closed forms of ``f`` and ``f' = d f/dz`` (SymPy ``diff``), used by the proofs, by
  interval arithmetic (``derive.intervals``) and by ``to_explicit``;
* NumPy forms of ``f``, ``f'`` and ``ln|f'|`` (``lambdify``; a formula written with
  registered activations, e.g. ``z \sigma(z)``, uses their stable NumPy forms);
* a candidate ``gamma`` for ``sup_z |f'(z)|`` (exact when SymPy finds the stationary points,
  otherwise an exact rational just above a located maximum). The registry never trusts it:
  the claims ``gamma.<name>`` (``derive.proofs.activations``) prove or refute it.

The book's activations pass optional hand-written extras, each checked by the tests: the
derivative in the form the book writes (``sigma' = sigma (1 - sigma)``, checked equal to
``diff`` exactly) and numerically stable NumPy forms (checked against the SymPy forms).
The fused NumPy kernels of ``derive.network`` are a further optional speed-up.

Read API (stable, used by the reader and the other modules): ``get(name)`` (names and
aliases), ``names()``, ``ACTIVATIONS`` (canonical name -> ``Activation``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import sympy as sp

from derive.errors import InputError

Array = np.ndarray
Z = sp.Symbol("z", real=True)  # the variable every registered formula is written in


def softplus_np(z: Array) -> Array:
    r"""Stable ``\ln(1 + e^z)``."""
    return np.logaddexp(0.0, z)


def sigmoid_np(z: Array) -> Array:
    r"""Stable ``\sigma(z) = e^{-\ln(1+e^{-z})}``: no overflow warning for any float ``z``."""
    return np.exp(-softplus_np(-np.asarray(z, dtype=float)))


class AbstractActivation(sp.Function):
    """Base of the abstract ``f(z)``; ``activation`` names the registry entry."""

    nargs = 1
    activation: str = ""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""``d f(z)/dz = f'(z)`` (abstract)."""
        return ACTIVATIONS[self.activation].prime(self.args[0])


class AbstractDerivative(sp.Function):
    """Base of the abstract ``f'(z)``; its own derivative is the closed form."""

    nargs = 1
    activation: str = ""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""``d f'(z)/dz = f''(z)``, in closed form."""
        act = ACTIVATIONS[self.activation]
        return sp.diff(act.explicit_prime(Z), Z).xreplace({Z: self.args[0]})


NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.sign)


@dataclass(frozen=True, eq=False)
class Activation:
    r"""An activation ``f`` with everything derive needs, derived from ``formula``.

    ``formula`` is written in ``Z`` (it may use other registered activations, e.g.
    ``z \sigma(z)``); ``derivative`` is ``d formula / dz`` (SymPy), or the hand-written
    form of a built-in activation, which the tests check equal to it.
    """

    name: str
    tex: str  # LaTeX of the name, e.g. r"\sigma"
    text: str  # unicode for terminals, e.g. "σ"
    func: type[AbstractActivation]
    prime: type[AbstractDerivative]
    formula: sp.Expr  # f(Z), possibly with registered activations in it
    derivative: sp.Expr  # f'(Z)
    numpy: Callable[[Array], Array]
    numpy_prime: Callable[[Array], Array]
    log_abs_prime: Callable[[Array], Array]  # natural log of |f'(z)|, -inf where f' = 0
    analytic: bool  # no |.|, max, pieces: complex-step differentiation applies
    convention: str = ""  # how a non-differentiable point is treated
    aliases: tuple[str, ...] = ()
    builtin: bool = False  # shipped with derive (else defined by the user)
    gamma_hint: sp.Expr | None = field(default=None, repr=False)

    @cached_property
    def closed(self) -> sp.Expr:
        """``f(Z)`` in closed form (see ``closed_form``)."""
        return closed_form(self.formula)

    @cached_property
    def closed_prime(self) -> sp.Expr:
        """``f'(Z)`` in closed form."""
        return closed_form(self.derivative)

    def explicit(self, arg: sp.Expr) -> sp.Expr:
        """The closed form ``f(arg)``."""
        return self.closed.xreplace({Z: arg})

    def explicit_prime(self, arg: sp.Expr) -> sp.Expr:
        """The closed form ``f'(arg)``."""
        return self.closed_prime.xreplace({Z: arg})

    def to_explicit(self, expr: sp.Expr) -> sp.Expr:
        """Replace the abstract ``f``, ``f'`` in ``expr`` by their closed forms."""
        return expr.replace(self.func, self.explicit).replace(self.prime, self.explicit_prime)

    @cached_property
    def sup(self) -> Sup:
        """A candidate for ``sup_z |f'(z)|`` and where it is reached (not a proof)."""
        return locate_sup(self)

    @property
    def gamma(self) -> sp.Expr:
        r"""The candidate ``\gamma = \sup_z |f'(z)|`` (exact, or an exact rational just above
        the located maximum); proved or refuted by the claim ``gamma.<name>``."""
        return self.gamma_hint if self.gamma_hint is not None else self.sup.value

    def __repr__(self) -> str:
        return f"Activation({self.name!r}, {sp.sstr(self.formula)})"


@dataclass(frozen=True)
class Sup:
    r"""Where ``|f'|`` is largest: ``value`` (exact; an upper rational bound when located
    numerically), ``at`` (a point, ``oo``/``-oo`` for a limit, or None), ``exact`` (whether
    ``value`` is the exact supremum SymPy found), ``tolerance`` (for a numeric location:
    ``value - tolerance <= |f'(at)| <= value`` is expected), ``how`` (in words)."""

    value: sp.Expr
    at: sp.Expr | None
    exact: bool
    tolerance: sp.Expr
    how: str


ACTIVATIONS: dict[str, Activation] = {}
_ALIASES: dict[str, str] = {}

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# names that already mean something in the book's LaTeX or in SymPy's printers
RESERVED = frozenset({
    "ln", "log", "exp", "sqrt", "frac", "max", "min", "sech", "cosh", "sinh", "cos", "sin",
    "tan", "erf", "abs", "partial", "cdot", "times", "left", "right", "pi", "e", "z", "x",
    "C", "w", "b", "a", "delta", "Sigma", "operatorname", "mathrm", "text",
})


def names() -> list[str]:
    """Every name ``get`` accepts: the canonical names and the aliases (e.g. ``sigma``)."""
    return list(ACTIVATIONS) + list(_ALIASES)


def get(name: str) -> Activation:
    """The registered activation ``name`` (or alias); InputError naming the choices otherwise."""
    key = _ALIASES.get(name, name)
    try:
        return ACTIVATIONS[key]
    except KeyError:
        raise InputError(
            f"unknown activation {name!r} (choose from {', '.join(ACTIVATIONS)}, or define it: "
            "derive.activation(name, formula) or --define \"name(z) = ...\")"
        ) from None


def explicit(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every registered activation and derivative in closed form."""
    for _ in range(8):  # a formula may use activations defined with activations
        atoms = expr.atoms(AbstractActivation, AbstractDerivative)
        if not atoms:
            return expr
        for act in {ACTIVATIONS[a.activation] for a in atoms}:
            expr = act.to_explicit(expr)
    return expr


def _indicator(cond: sp.Basic) -> sp.Expr | None:
    """``[cond]`` (1 where it holds, else 0) for ``Z > c``, ``Z >= c``, ``Z < c``, ``Z <= c``
    with ``Heaviside(x, 0)`` (0 at ``x = 0``), or None for another condition."""
    if cond is sp.true:
        return sp.Integer(1)
    if not isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan,
                             sp.LessThan)):
        return None
    d = cond.lhs - cond.rhs  # cond is d > 0, d >= 0, d < 0 or d <= 0
    if isinstance(cond, sp.StrictGreaterThan):
        return sp.Heaviside(d, 0)
    if isinstance(cond, sp.GreaterThan):
        return 1 - sp.Heaviside(-d, 0)
    if isinstance(cond, sp.StrictLessThan):
        return sp.Heaviside(-d, 0)
    return 1 - sp.Heaviside(d, 0)


def closed_form(expr: sp.Expr) -> sp.Expr:
    r"""``expr`` in the closed form proofs and intervals use: registered activations replaced
    by their formulas (``explicit``), ``erfc(x)`` as ``1 - erf(x)``, ``sign(x)`` as
    ``Heaviside(x, 0) - Heaviside(-x, 0)``, and pieces
    ``Piecewise((A, z > c), (B, True))`` as ``A [z > c] + B (1 - [z > c])`` with
    ``[z > c] = Heaviside(z - c, 0)`` (the same value at ``z = c``)."""
    out = explicit(expr).replace(sp.erfc, lambda x: 1 - sp.erf(x)).replace(
        sp.sign, lambda x: sp.Heaviside(x, 0) - sp.Heaviside(-x, 0))

    def fold(*args):
        (a, cond), rest = args[0], args[1:]
        ind = _indicator(cond)
        if ind is None or (not rest and cond is not sp.true):
            return sp.Piecewise(*args)
        return a if not rest or ind == 1 else a * ind + fold(*rest) * (1 - ind)

    return out.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: fold(*e.args))


def _lambdify(expr: sp.Expr) -> Callable[[Array], Array]:
    """A NumPy function of ``Z``; registered activations inside use their NumPy forms."""
    ns: dict[str, Callable] = {}
    subs = {}
    for a in expr.atoms(AbstractActivation, AbstractDerivative):
        act = ACTIVATIONS[a.activation]
        deriv = isinstance(a, AbstractDerivative)
        key = f"derive_{act.name}{'_prime' if deriv else ''}"
        ns[key] = act.numpy_prime if deriv else act.numpy
        subs[a] = sp.Function(key)(a.args[0])
    modules: list = [ns, "numpy"]
    try:
        import scipy.special  # noqa: F401  (erf and friends, when installed)

        modules.append("scipy")
    except ImportError:
        ns["erf"] = np.vectorize(math.erf, otypes=[float])
        ns["erfc"] = np.vectorize(math.erfc, otypes=[float])
    fn = sp.lambdify(Z, expr.xreplace(subs), modules=modules)

    def numpy_form(z: Array) -> Array:
        zz = np.asarray(z, dtype=float)
        with np.errstate(over="ignore", under="ignore"):
            out = fn(zz)
        return np.broadcast_to(np.asarray(out, dtype=float), zz.shape).astype(float)

    return numpy_form


def _log_abs(prime: Callable[[Array], Array]) -> Callable[[Array], Array]:
    def log_abs_prime(z: Array) -> Array:
        with np.errstate(divide="ignore"):
            return np.log(np.abs(prime(z)))

    return log_abs_prime


def _check_formula(name: str, formula: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """The formula written in ``Z``; InputError unless it is a SymPy expression of ``var``."""
    if not isinstance(formula, sp.Expr):
        raise InputError(f"the formula of {name} must be a SymPy expression, not "
                         f"{type(formula).__name__}")
    extra = formula.free_symbols - {var}
    if extra:
        raise InputError(f"the formula of {name} may use only {var}, not "
                         f"{', '.join(sorted(map(str, extra)))}")
    if formula.has(sp.Derivative, sp.Integral, sp.Subs):
        raise InputError(f"the formula of {name} must be closed (no derivatives or integrals)")
    for a in formula.atoms(AbstractActivation, AbstractDerivative):
        if a.activation == name:
            raise InputError(f"the formula of {name} uses {name} itself")
    return formula.xreplace({var: Z}) if var != Z else formula


def activation(
    name: str,
    formula: sp.Expr,
    var: sp.Symbol | None = None,
    *,
    tex: str | None = None,
    text: str | None = None,
    aliases: Iterable[str] = (),
    derivative: sp.Expr | None = None,
    numpy: tuple[Callable[[Array], Array], ...] | None = None,
    convention: str = "",
    gamma: sp.Expr | None = None,
    builtin: bool = False,
) -> Activation:
    r"""Register the activation ``name(var) = formula`` and return it (one entry is enough).

    ``derive.activation("swish", z * derive.sigmoid(z))`` (or ``z / (1 + sp.exp(-z))``).
    ``var`` is the formula's one free symbol (found when omitted). Optional: ``tex``
    (default ``\operatorname{name}``), ``aliases``, ``convention`` (a non-differentiable point).
    For the built-ins only: ``derivative`` (a hand-written form of ``d formula/dz``, checked
    by the tests), ``numpy`` = ``(f, f', ln|f'|)`` (stable forms, checked by the tests) and
    ``gamma`` (a known candidate for ``sup |f'|``; still proved by ``gamma.<name>``).
    Registering the same name again with the same formula returns the existing entry.
    """
    if not isinstance(name, str) or not NAME.match(name) or name in RESERVED:
        raise InputError(f"an activation name must be a word (letters, digits, _) that is not "
                         f"already LaTeX or SymPy notation, not {name!r}")
    if var is None:
        free = formula.free_symbols if isinstance(formula, sp.Basic) else set()
        if len(free) > 1:
            raise InputError(f"the formula of {name} has several variables "
                             f"({', '.join(sorted(map(str, free)))}); an activation has one")
        var = next(iter(free), Z)
    formula = _check_formula(name, sp.sympify(formula) if isinstance(formula, (int, float))
                             else formula, var)
    if name in ACTIVATIONS or name in _ALIASES:
        old = get(name)
        if old.name == name and sp.simplify(explicit(old.formula) - explicit(formula)) == 0:
            return old
        raise InputError(f"activation {name!r} is already defined as {sp.sstr(old.formula)}")
    for a in aliases:
        if a in ACTIVATIONS or a in _ALIASES or not NAME.match(a):
            raise InputError(f"alias {a!r} of {name!r} is taken or not a word")
    d = sp.diff(formula, Z) if derivative is None else derivative.xreplace({var: Z})
    cls_name = {"sigmoid": "sigma"}.get(name, name)
    func = type(cls_name, (AbstractActivation,), {"activation": name})
    prime = type(cls_name + "_prime", (AbstractDerivative,), {"activation": name})
    smooth = not closed_form(formula).has(*NONSMOOTH) and not closed_form(d).has(*NONSMOOTH)
    if numpy is not None:
        f_np, fp_np, log_np = numpy
    else:
        f_np, fp_np = _lambdify(formula), _lambdify(d)
        log_np = _log_abs(fp_np)
    act = Activation(name, tex or rf"\operatorname{{{name}}}", text or name, func, prime,
                     formula, d, f_np, fp_np, log_np, smooth, convention, tuple(aliases),
                     builtin, None if gamma is None else sp.sympify(gamma))
    ACTIVATIONS[name] = act
    for a in aliases:
        _ALIASES[a] = name
    return act


def define(text_: str) -> Activation:
    r"""Register an activation from one line of LaTeX, ``"swish(z) = z\sigma(z)"`` (also
    ``\operatorname{swish}(z) = ...``), read by derive's grammar (``derive.parse``), never
    evaluated. InputError with one line naming the problem otherwise."""
    m = re.fullmatch(r"\s*(?:\\(?:operatorname|mathrm|text)\s*\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}"
                     r"|([A-Za-z][A-Za-z0-9_]*))\s*\(\s*([A-Za-z])\s*\)\s*=(.*)", text_, re.S)
    if not m:
        raise InputError(f"--define needs 'name(z) = formula', e.g. 'swish(z) = z\\sigma(z)', "
                         f"not {text_!r}")
    name, v, rhs = m[1] or m[2], m[3], m[4]
    from derive.parse import NotUnderstood, parse

    try:
        st = parse(rhs)
    except NotUnderstood as err:
        raise InputError(f"cannot read the formula of {name}: {err}") from None
    if st.expr is None:
        raise InputError(f"the formula of {name} must be one expression, not a relation")
    return activation(name, st.expr, sp.Symbol(v, real=True))


# ----------------------------------------------------------------------------- sup |f'|

SUP_TOLERANCE = sp.Rational(1, 10**4)  # a numerically located maximum is rounded up to this
SUP_SECONDS = 30.0  # SymPy's solveset / limit get this long per piece
_P = sp.Symbol("p", positive=True)
_N = sp.Symbol("n", negative=True)


def pieces(act: Activation) -> list[tuple[sp.Interval, sp.Expr]]:
    """``[(domain, f' on it)]`` in ``Z``: the whole line for a smooth ``f``; for ``|.|``,
    ``max``, ``Heaviside`` or pieces with their break at 0, ``z > 0`` and ``z < 0`` (the
    value at 0, the convention, is ``explicit_prime(0)``). Raises ValueError otherwise."""
    fp = act.closed_prime
    if not fp.has(*NONSMOOTH):
        return [(sp.S.Reals, fp)]
    out = []
    for sym, dom in ((_P, sp.Interval.open(0, sp.oo)), (_N, sp.Interval.open(-sp.oo, 0))):
        piece = sp.piecewise_fold(fp.subs(Z, sym))
        piece = piece.replace(lambda e: isinstance(e, sp.Heaviside),
                              lambda e: sp.Heaviside(e.args[0]))  # away from 0 H has no choice
        if piece.has(*NONSMOOTH):
            raise ValueError(f"{act.name}' has a break away from 0")
        out.append((dom, piece.xreplace({sym: Z})))
    return out


def _ends(dom: sp.Interval) -> list[tuple[sp.Expr, str]]:
    return [(dom.inf, "+"), (dom.sup, "-")]


def _num(e: sp.Expr) -> float:
    return float(sp.Abs(e).evalf(30))


def _exact_candidates(fp: sp.Expr, dom: sp.Interval) -> list[tuple[sp.Expr, sp.Expr]] | None:
    """``[(f'(s), s)]`` at every stationary point and ``(lim f', end)`` at both ends, exact;
    None when SymPy does not give a finite solution set."""
    from derive.proof import StepTimeout, time_limit

    if not fp.has(Z):  # a constant piece: its value anywhere in dom
        return [(fp, sp.Integer(0) if dom == sp.S.Reals else sp.sign(dom.inf + dom.sup))]
    try:
        with time_limit(SUP_SECONDS):
            sols = sp.solveset(sp.diff(fp, Z), Z, dom)
            if sols is not sp.S.EmptySet and not isinstance(sols, sp.FiniteSet):
                return None
            out = [(sp.simplify(fp.xreplace({Z: s})), s) for s in sols]
            for end, d in _ends(dom):
                out.append((sp.limit(fp, Z, end, d), end))
    except (StepTimeout, RecursionError, NotImplementedError, ValueError, TypeError):
        return None
    return out


def _numeric_candidates(fp: sp.Expr, dom: sp.Interval) -> list[tuple[float, float]]:
    """``[(|f'(s)|, s)]`` at the sign changes of ``f''`` on a grid of ``dom`` within
    ``[-60, 60]`` (refined by bisection at 40 digits) and at the grid's ends: floats."""
    import mpmath

    lo = max(float(dom.inf), -60.0) if dom.inf.is_finite else -60.0
    hi = min(float(dom.sup), 60.0) if dom.sup.is_finite else 60.0
    grid = np.linspace(lo, hi, 24001)[1:-1]
    f2 = sp.diff(fp, Z)
    f2_np = sp.lambdify(Z, f2, "numpy")
    with np.errstate(all="ignore"):
        vals = np.asarray(f2_np(grid), dtype=float) * np.ones_like(grid)
    fp_mp = sp.lambdify(Z, fp, "mpmath")
    f2_mp = sp.lambdify(Z, f2, "mpmath")
    out = [(abs(float(fp_mp(mpmath.mpf(grid[0])))), grid[0]),
           (abs(float(fp_mp(mpmath.mpf(grid[-1])))), grid[-1])]
    with mpmath.workdps(40):
        for i in np.nonzero(vals == 0)[0]:  # a grid point that is a stationary point
            out.append((abs(float(fp_mp(mpmath.mpf(grid[i])))), float(grid[i])))
        for i in np.nonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) < 0)[0]:
            r = mpmath.findroot(f2_mp, (mpmath.mpf(grid[i]), mpmath.mpf(grid[i + 1])),
                                solver="anderson")
            out.append((abs(float(fp_mp(r))), float(r)))
    return out


def locate_sup(act: Activation) -> Sup:
    r"""A candidate for ``\sup_z |f'(z)|``: the largest ``|f'|`` over the stationary points of
    ``f'`` and the limits at the ends of each piece, exact when SymPy's ``solveset`` gives
    them all; otherwise located numerically and rounded up to a multiple of
    ``SUP_TOLERANCE``. A candidate only: the claim ``gamma.<name>`` proves or refutes it."""
    try:
        parts = pieces(act)
    except ValueError as err:
        return Sup(sp.nan, None, False, sp.Integer(0), f"not located: {err}")
    best: tuple[float, sp.Expr, sp.Expr | None] = (-1.0, sp.nan, None)
    exact = True
    at_zero = act.explicit_prime(sp.Integer(0)) if len(parts) > 1 else None
    if at_zero is not None:
        best = (_num(at_zero), sp.Abs(at_zero), sp.Integer(0))
    for dom, fp in parts:
        cands = _exact_candidates(fp, dom)
        if cands is not None:
            for v, where in cands:
                if v.has(sp.nan, sp.zoo) or v.is_infinite:
                    return Sup(sp.oo, where, True, sp.Integer(0), f"|{act.name}'| is unbounded")
                n = _num(v)
                if n > best[0] + 1e-25:
                    best = (n, sp.Abs(v) if not v.is_nonnegative else v, where)
            continue
        exact = False
        for n, where in _numeric_candidates(fp, dom):
            if n > best[0]:
                best = (n, sp.nan, sp.Rational(repr(round(float(where), 10))))
    if exact:
        return Sup(sp.simplify(best[1]), best[2], True, sp.Integer(0),
                   "stationary points of f' and limits at the ends, exact (solveset, limit)")
    value = math.ceil((best[0] + 1e-12) / SUP_TOLERANCE) * SUP_TOLERANCE  # float slack covered
    return Sup(value, best[2], False, SUP_TOLERANCE,
               f"located numerically (sign changes of f'' refined at 40 digits), rounded up to "
               f"a multiple of {SUP_TOLERANCE}")


# ----------------------------------------------------------------------------- built-ins

def _log_sech2(z: Array) -> Array:
    r"""``\ln \operatorname{sech}^2 z = 2(\ln 2 - |z| - \ln(1 + e^{-2|z|}))``, stable."""
    az = np.abs(z)
    return 2.0 * (np.log(2.0) - az - np.log1p(np.exp(-2.0 * az)))


sigmoid = activation(
    "sigmoid", 1 / (1 + sp.exp(-Z)), tex=r"\sigma", text="σ", aliases=("sigma",),
    derivative=1 / (1 + sp.exp(-Z)) * (1 - 1 / (1 + sp.exp(-Z))),  # sigma' = sigma (1 - sigma)
    numpy=(sigmoid_np, lambda z: np.exp(-softplus_np(z) - softplus_np(-z)),
           lambda z: -softplus_np(z) - softplus_np(-z)),
    gamma=sp.Rational(1, 4), builtin=True).func
tanh = activation(
    "tanh", sp.tanh(Z), tex=r"\tanh", text="tanh",
    derivative=1 - sp.tanh(Z) ** 2,  # tanh' = 1 - tanh^2
    numpy=(np.tanh, lambda z: np.exp(_log_sech2(np.asarray(z, dtype=float))), _log_sech2),
    gamma=1, builtin=True).func
relu = activation(
    "relu", sp.Max(0, Z), tex=r"\operatorname{relu}", text="relu",
    derivative=sp.Heaviside(Z, 0),  # 0 for z < 0, 1 for z > 0; 0 at z = 0
    numpy=(lambda z: np.maximum(z, 0.0), lambda z: (np.asarray(z) > 0).astype(float),
           lambda z: np.where(np.asarray(z) > 0, 0.0, -np.inf)),
    convention="relu'(0) = 0 (relu is not differentiable at 0; derive uses the subgradient 0)",
    gamma=1, builtin=True).func
softplus = activation(
    "softplus", sp.log(1 + sp.exp(Z)), tex=r"\operatorname{softplus}", text="softplus",
    derivative=1 / (1 + sp.exp(-Z)),  # softplus' = sigma
    numpy=(softplus_np, sigmoid_np, lambda z: -softplus_np(-np.asarray(z, dtype=float))),
    gamma=1, builtin=True).func
identity = activation(
    "identity", Z, tex=r"\operatorname{id}", text="id",
    numpy=(lambda z: np.asarray(z, dtype=float) * 1.0,
           lambda z: np.ones_like(np.asarray(z, dtype=float)),
           lambda z: np.zeros_like(np.asarray(z, dtype=float))),
    gamma=1, builtin=True).func
# Beyond the book: defined from the formula alone, like a user's own.
swish = activation("swish", Z * sigmoid(Z), aliases=("silu",), builtin=True).func
gelu = activation("gelu", Z * (1 + sp.erf(Z / sp.sqrt(2))) / 2, tex=r"\operatorname{GELU}",  # z Phi(z)
                  text="GELU", builtin=True).func
softsign = activation("softsign", Z / (1 + sp.Abs(Z)), builtin=True,
                      convention="softsign'(0) = 1 (the two one-sided derivatives agree)").func
elu = activation("elu", sp.Piecewise((Z, Z > 0), (sp.exp(Z) - 1, True)),
                 tex=r"\operatorname{ELU}", text="ELU", builtin=True,
                 convention="elu'(0) = 1 = the limit from both sides (alpha = 1)").func
leaky_relu = activation("leaky_relu", sp.Piecewise((Z, Z > 0), (Z / 100, True)),
                        tex=r"\operatorname{lrelu}", text="lrelu", builtin=True,
                        convention="leaky_relu'(0) = 1/100 (the left derivative)").func
