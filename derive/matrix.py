r"""Symbolic backprop in matrix form for networks ``[n_0, n_1, ..., n_L]`` of any widths.

Every entry is an explicit scalar symbol: ``x_k`` (= ``a^0_k``), ``w^l_{jk}``, ``b^l_j``,
``z^l_j``, and ``\partial C / \partial a^L_j`` (the gradient of an arbitrary differentiable
cost, left as free symbols ``g_j``). With ``z^l = w^l a^{l-1} + b^l``, ``a^l = f(z^l)``:

    BP1  delta^L = \Sigma'(z^L) \nabla_a C
    BP2  delta^l = \Sigma'(z^l) (w^{l+1})^T delta^{l+1}
    BP3  dC/db^l_j = delta^l_j
    BP4  dC/dw^l_{jk} = a^{l-1}_k delta^l_j
    product  delta^l = \Sigma'(z^l) (w^{l+1})^T \Sigma'(z^{l+1}) ... (w^L)^T \Sigma'(z^L) \nabla_a C

with ``\Sigma'(z) = diag(f'(z))``. The independent oracle differentiates the *composed*
network entry by entry with ``sympy.diff`` on scalar expressions: ``delta^l_j`` is
``sum_i g_i d a^L_i / d z^l_j`` where ``a^L`` is built from free symbols ``z^l`` by composing
the layers above (one use of the multivariate chain rule for the arbitrary cost ``C``);
``dC/db^l_j`` and ``dC/dw^l_{jk}`` differentiate the network composed from the input ``x``.
``MatrixSymbol.diff`` is never used (it returns 0 for some of these gradients in SymPy 1.14).

A claimed right-hand side is a function ``rhs(net, ...)`` (see ``BOOK``); the checks compare
it to the oracle with ``expand`` (exact; a zero difference proves the entry) and hand a nonzero
difference to ``certify_identity`` (simplify, then an interval-checked counterexample).
These finite networks are evidence. The proofs for *every* width and depth are
``general_layer`` and ``general_product`` (last section): symbolic widths, layers as
``MatrixSymbol``\ s of symbolic shape whose *entries* (scalars) SymPy differentiates, and the
kernel rules "chain rule" and "induction".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import sympy as sp
from sympy.matrices.exceptions import ShapeError

from derive import activations
from derive.errors import InputError
from sympy.matrices.expressions.matexpr import MatrixElement

from derive.proof import (
    PROVED, REFUTED, Step, apply_rule, certify_all, certify_identity, certify_same,
)

Matrix = sp.Matrix
EQUATIONS = ("bp1", "bp2", "bp3", "bp4", "delta_product")
SWEEP_MAX_WIDTH = 3  # the claims are proved for every network with widths <= 3 ...
SWEEP_MAX_DEPTH = 4  # ... and depth L <= 4


def _idx(*ix: int) -> str:
    return "".join(str(i) for i in ix) if all(i < 10 for i in ix) else ",".join(map(str, ix))


@dataclass(frozen=True)
class SymbolicNetwork:
    """The scalar symbols and composed expressions of a network ``sizes`` (layers 1..L; the
    Python lists below are indexed by the layer number l itself, entry 0 unused or the input)."""

    sizes: tuple[int, ...]
    activation: str = "sigmoid"

    def __post_init__(self) -> None:
        if len(self.sizes) < 2 or any(int(n) != n or n < 1 for n in self.sizes):
            raise InputError(f"sizes need >= 2 whole numbers >= 1, got {list(self.sizes)}")
        activations.get(self.activation)

    @property
    def L(self) -> int:
        return len(self.sizes) - 1

    @cached_property
    def act(self) -> activations.Activation:
        return activations.get(self.activation)

    def f(self, e: sp.Expr) -> sp.Expr:
        """The abstract activation ``f(e)`` (prints ``\\sigma(e)``)."""
        return self.act.func(e)

    def fprime(self, e: sp.Expr) -> sp.Expr:
        """The abstract derivative ``f'(e)``."""
        return self.act.prime(e)

    # ------------------------------------------------------------------ symbols

    @cached_property
    def x(self) -> Matrix:
        """``a^0 = x``: column of ``x_k``."""
        return Matrix([sp.Symbol(f"x_{_idx(k)}", real=True) for k in range(1, self.sizes[0] + 1)])

    def w(self, l: int) -> Matrix:
        """``w^l``: ``n_l x n_{l-1}`` matrix of symbols ``w^l_{jk}``."""
        return Matrix(self.sizes[l], self.sizes[l - 1],
                      lambda j, k: sp.Symbol(f"w^{l}_{_idx(j + 1, k + 1)}", real=True))

    def b(self, l: int) -> Matrix:
        return Matrix([sp.Symbol(f"b^{l}_{_idx(j)}", real=True)
                       for j in range(1, self.sizes[l] + 1)])

    def z(self, l: int) -> Matrix:
        """Free symbols ``z^l_j`` (the oracle's independent variables)."""
        return Matrix([sp.Symbol(f"z^{l}_{_idx(j)}", real=True)
                       for j in range(1, self.sizes[l] + 1)])

    @cached_property
    def grad_a(self) -> Matrix:
        """``\\nabla_a C``: free symbols ``g_j = \\partial C / \\partial a^L_j``."""
        return Matrix([sp.Symbol(f"g_{_idx(j)}", real=True)
                       for j in range(1, self.sizes[-1] + 1)])

    def sigma_prime(self, z: Matrix) -> Matrix:
        """``\\Sigma'(z) = diag(f'(z_1), ..., f'(z_n))``."""
        return sp.diag(*[self.fprime(e) for e in z])

    # ------------------------------------------------------------------ composition

    def compose_from(self, l: int, zl: Matrix) -> list[Matrix | None]:
        """``z^m`` for ``m = l..L`` as expressions in ``zl`` (entry m; entries < l are None)."""
        zs: list[Matrix | None] = [None] * (self.L + 1)
        zs[l] = zl
        for m in range(l + 1, self.L + 1):
            zs[m] = self.w(m) * zs[m - 1].applyfunc(self.f) + self.b(m)
        return zs

    @cached_property
    def composed(self) -> list[Matrix]:
        """``z^l`` for ``l = 1..L`` composed from the input ``x`` (entry 0: ``x`` itself)."""
        zs: list[Matrix] = [self.x]
        for m in range(1, self.L + 1):
            a = self.x if m == 1 else zs[m - 1].applyfunc(self.f)
            zs.append(self.w(m) * a + self.b(m))
        return zs

    def a_composed(self, l: int) -> Matrix:
        """``a^l`` composed from ``x`` (``a^0 = x``)."""
        return self.x if l == 0 else self.composed[l].applyfunc(self.f)

    # ------------------------------------------------------------------ the oracle

    def _contract(self, aL: Matrix, var: sp.Symbol) -> sp.Expr:
        """``sum_i g_i d a^L_i / d var`` by elementwise differentiation."""
        return sp.Add(*[g * sp.diff(a, var) for g, a in zip(self.grad_a, aL)])

    def delta_oracle(self, l: int) -> Matrix:
        """``delta^l = dC/dz^l`` in the free symbols ``z^l`` (and the layers above)."""
        zl = self.z(l)
        aL = self.compose_from(l, zl)[self.L].applyfunc(self.f)
        return Matrix([self._contract(aL, v) for v in zl])

    def at_composed(self, expr: Matrix, l: int) -> Matrix:
        """``expr`` with the free ``z^l`` replaced by ``z^l`` composed from ``x``."""
        return expr.xreplace(dict(zip(self.z(l), self.composed[l])))

    def grad_b_oracle(self, l: int) -> Matrix:
        """``dC/db^l`` by differentiating the network composed from ``x``."""
        aL = self.a_composed(self.L)
        return Matrix([self._contract(aL, v) for v in self.b(l)])

    def grad_w_oracle(self, l: int) -> Matrix:
        """``dC/dw^l`` (``n_l x n_{l-1}``) by differentiating the network composed from ``x``."""
        aL = self.a_composed(self.L)
        return self.w(l).applyfunc(lambda v: self._contract(aL, v))


# ----------------------------------------------------------------------------- claimed forms

def book_bp1(net: SymbolicNetwork) -> Matrix:
    """BP1: ``\\Sigma'(z^L) \\nabla_a C`` in the free symbols ``z^L``."""
    return net.sigma_prime(net.z(net.L)) * net.grad_a


def book_bp2(net: SymbolicNetwork, l: int, delta_next: Matrix) -> Matrix:
    """BP2: ``\\Sigma'(z^l) (w^{l+1})^T delta^{l+1}``."""
    return net.sigma_prime(net.z(l)) * net.w(l + 1).T * delta_next


def book_bp3(net: SymbolicNetwork, l: int, delta: Matrix) -> Matrix:
    """BP3: ``dC/db^l = delta^l``."""
    return delta


def book_bp4(net: SymbolicNetwork, l: int, delta: Matrix) -> Matrix:
    """BP4: ``dC/dw^l = delta^l (a^{l-1})^T``, i.e. entries ``a^{l-1}_k delta^l_j``."""
    return delta * net.a_composed(l - 1).T


def book_delta_product(net: SymbolicNetwork, l: int) -> Matrix:
    """``\\Sigma'(z^l) (w^{l+1})^T \\Sigma'(z^{l+1}) ... (w^L)^T \\Sigma'(z^L) \\nabla_a C`` with
    every ``z^m`` composed from the free ``z^l``."""
    zs = net.compose_from(l, net.z(l))
    out = net.sigma_prime(zs[net.L]) * net.grad_a
    for m in range(net.L - 1, l - 1, -1):
        out = net.sigma_prime(zs[m]) * (net.w(m + 1).T * out)
    return out


BOOK: dict[str, Callable[..., Matrix]] = {
    "bp1": book_bp1, "bp2": book_bp2, "bp3": book_bp3, "bp4": book_bp4,
    "delta_product": book_delta_product,
}


# ----------------------------------------------------------------------------- checks

def _as_polynomial(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every application ``f(...)``, ``f'(...)`` replaced by its own symbol
    (structurally equal applications share one), expanded: a polynomial. If it is 0, so is
    ``expr`` (substitute the applications back)."""
    apps = expr.atoms(activations.AbstractActivation, activations.AbstractDerivative)
    names = {a: sp.Dummy(f"u{i}") for i, a in enumerate(sorted(apps, key=sp.default_sort_key))}
    return sp.expand(expr.xreplace(names))


def _compare(lhs: Matrix, rhs: Matrix | ShapeError, claim: str) -> Step:
    """Entrywise ``lhs == rhs``. Shapes must agree; each entry's difference, with the
    activation applications as independent symbols, must expand to exactly 0
    (``certify_identity`` decides); an entry that does not goes to ``certify_identity`` on the
    original expressions (simplify, then an interval-checked counterexample)."""
    if isinstance(rhs, ShapeError):
        return Step(claim, "identity", REFUTED, f"the claimed product is undefined: {rhs}")
    if lhs.shape != rhs.shape:
        return Step(claim, "identity", REFUTED,
                    f"shapes differ: {lhs.shape} (derivative) vs {rhs.shape} (claimed)")
    steps = []
    for (i, j) in itertools.product(range(lhs.rows), range(lhs.cols)):
        entry = f"{claim}, entry ({i + 1}, {j + 1})"
        step = certify_identity(_as_polynomial(lhs[i, j] - rhs[i, j]), 0,
                                entry + " as a polynomial in the f, f' applications")
        if step.verdict != PROVED:
            step = certify_identity(lhs[i, j], rhs[i, j], entry)
            if step.verdict != PROVED:
                return step
        steps.append(step)
    return certify_all(claim, "identity", steps,
                       f"all {lhs.rows * lhs.cols} entries equal (exact expansion)")


def _text(name: str) -> str:
    """An equation name for ``\\text{...}`` (``delta_product`` -> ``delta\\_product``)."""
    return name.replace("_", r"\_")


def check(net: SymbolicNetwork, equation: str,
          rhs: Callable[..., Matrix] | None = None) -> Step:
    """One equation for every layer of ``net`` against the oracle, as one step."""
    if equation not in EQUATIONS:
        raise InputError(f"unknown equation {equation!r} (choose from {', '.join(EQUATIONS)})")
    if equation == "bp2" and net.L < 2:
        raise InputError("BP2 relates two layers: it needs a network with L >= 2")
    claimed = rhs or BOOK[equation]
    L, name = net.L, rf"\text{{{_text(equation)} for {list(net.sizes)}}}"

    def rhs(*args):  # a claimed product whose shapes do not conform is false as stated
        try:
            return claimed(*args)
        except ShapeError as err:
            return err
    steps: list[Step] = []
    if equation == "bp1":
        steps.append(_compare(net.delta_oracle(L), rhs(net), f"{name}, l = L = {L}"))
    elif equation == "bp2":
        for l in range(1, L):
            nxt = net.delta_oracle(l + 1)
            nxt = nxt.xreplace(dict(zip(net.z(l + 1), net.compose_from(l, net.z(l))[l + 1])))
            steps.append(_compare(net.delta_oracle(l), rhs(net, l, nxt), f"{name}, l = {l}"))
    elif equation in ("bp3", "bp4"):
        for l in range(1, L + 1):
            delta = net.at_composed(net.delta_oracle(l), l)
            lhs = net.grad_b_oracle(l) if equation == "bp3" else net.grad_w_oracle(l)
            steps.append(_compare(lhs, rhs(net, l, delta), f"{name}, l = {l}"))
    else:
        for l in range(1, L + 1):
            steps.append(_compare(net.delta_oracle(l), rhs(net, l), f"{name}, l = {l}"))
    return certify_all(name, "identity", steps, f"every layer l of {list(net.sizes)}")


def architectures(max_width: int = SWEEP_MAX_WIDTH, max_depth: int = SWEEP_MAX_DEPTH,
                  ) -> Iterable[tuple[int, ...]]:
    """Every ``[n_0, ..., n_L]`` with ``1 <= L <= max_depth`` and ``1 <= n_l <= max_width``."""
    for L in range(1, max_depth + 1):
        yield from itertools.product(range(1, max_width + 1), repeat=L + 1)


QUICK = ((2, 3), (3, 1, 2), (1, 2, 2, 1))


def quick_architectures() -> list[tuple[int, ...]]:
    """The default sweep of ``derive prove`` (evidence beside the general proofs): a few
    small networks, ``QUICK``. ``architectures()`` is the exhaustive sweep (360 networks)."""
    return [tuple(s) for s in QUICK]


QUICK_DESCRIPTION = "the networks " + ", ".join(str(list(s)) for s in QUICK)
EXHAUSTIVE_DESCRIPTION = "every network with widths <= 3 and depth <= 4"


def sweep(equation: str, networks: Iterable[Sequence[int]], activation: str = "sigmoid",
          rhs: Callable[..., Matrix] | None = None) -> Step:
    """``check`` over many networks, combined into one step (BP2: the networks with L >= 2)."""
    steps = []
    nets = [tuple(s) for s in networks if equation != "bp2" or len(s) > 2]
    for sizes in nets:
        step = check(SymbolicNetwork(sizes, activation), equation, rhs)
        steps.append(step)
        if step.verdict != PROVED:
            break
    return certify_all(rf"\text{{{_text(equation)} for {len(nets)} networks}}", "identity", steps,
                       f"exact for all {len(nets)} networks ({activation})")


# ----------------------------------------------------------------------------- LaTeX

def sigma_prime_tex(activation: str = "sigmoid") -> str:
    """``\\Sigma'(z^l) = \\operatorname{diag}(\\sigma'(z^l))`` for the activation's symbol."""
    return (r"\Sigma'(z^l) = \operatorname{diag}\left(" + activations.get(activation).tex
            + r"'(z^l)\right)")


LATEX = {
    "bp1": r"\delta^L = \Sigma'(z^L) \nabla_a C",
    "bp2": r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}",
    "bp3": r"\frac{\partial C}{\partial b^l_j} = \delta^l_j",
    "bp4": r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
    "delta_product": (r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \Sigma'(z^{l+1}) \cdots "
                      r"(w^L)^T \Sigma'(z^L) \nabla_a C"),
}


def delta_product_tex(l: int, L: int) -> str:
    """The product form for concrete ``l`` and ``L``, e.g. ``l = 1, L = 3``:
    ``\\delta^1 = \\Sigma'(z^1) (w^{2})^T \\Sigma'(z^{2}) (w^{3})^T \\Sigma'(z^{3}) \\nabla_a C``."""
    if not 1 <= l <= L:
        raise InputError(f"need 1 <= l <= L, got l = {l}, L = {L}")
    parts = [rf"\Sigma'(z^{{{l}}})"]
    for m in range(l + 1, L + 1):
        parts += [rf"(w^{{{m}}})^T", rf"\Sigma'(z^{{{m}}})"]
    return rf"\delta^{{{l}}} = " + " ".join(parts) + r" \nabla_a C"


# ----------------------------------------------------------------------------- every width

# Widths and indices are symbols: a layer of ``n`` units, an index ``0 <= p <= n - 1``
# written as ``n = p + q + 1`` with ``p, q >= 0`` integers (so SymPy knows ``p`` is in range
# and a ``KroneckerDelta`` summed over the layer collapses to its value at ``p``).
_p, _j = sp.symbols("p j", integer=True, nonnegative=True)
_q, _r = sp.symbols("q r", integer=True, nonnegative=True)
_N_IN = _p + _q + 1  # n_{l}: the layer the derivative is taken in (index p)
_N_OUT = _j + _r + 1  # n_{l+1} (BP2) or n_l (BP3, BP4): index j
_M = sp.Symbol("m", integer=True, positive=True)  # a width no index refers to


def _canonical(expr: sp.Expr, depth: int = 0) -> sp.Expr:
    """``expr`` with every bound summation index renamed ``i_0, i_1, ...`` by nesting depth
    (alpha-equivalence), so two sums over the same range compare term by term."""
    if isinstance(expr, sp.Sum):
        names = {v: sp.Symbol(f"i_{depth + n}", integer=True)
                 for n, (v, *_) in enumerate(expr.limits)}
        expr = expr.xreplace(names)
        return sp.Sum(_canonical(expr.function, depth + len(expr.limits)), *expr.limits)
    if not expr.args:
        return expr
    return expr.func(*[_canonical(a, depth) for a in expr.args])


def _apply(expr: sp.Expr, vector: sp.MatrixSymbol, fn: Callable[[sp.Expr], sp.Expr],
           argument: sp.MatrixSymbol) -> sp.Expr:
    """Replace each entry ``vector[i, 0]`` of ``expr`` by ``fn(argument[i, 0])``: how an
    elementwise ``a = f(z)`` or ``diag(f'(z))`` enters an entry of a matrix product."""
    return expr.replace(lambda e: isinstance(e, MatrixElement) and e.parent == vector,
                        lambda e: fn(argument[e.i, e.j]))


def _entry_identity(derived: sp.Expr, claimed: sp.Expr, claim: str) -> Step:
    """``derived = claimed`` for symbolic sizes: both sides with their Kronecker sums done
    and bound indices renamed alike, decided by ``certify_identity``."""
    return certify_identity(_canonical(sp.sympify(derived).doit()),
                            _canonical(sp.sympify(claimed).doit()), claim)


def _delta(i: sp.Symbol, j: sp.Expr, n: sp.Expr) -> sp.Expr:
    """The Kronecker delta of two indices of a layer of ``n`` units (0-based)."""
    return sp.KroneckerDelta(i, j, (0, n - 1))


# The book's right-hand sides as matrix expressions of symbolic shape (``S = diag(s)``
# stands for ``Sigma'``): entries are taken by SymPy from the product's definition.
GENERAL_FORMS: dict[str, Callable[..., sp.MatrixExpr]] = {
    "bp1": lambda S, g: S * g,  # Sigma'(z^L) nabla_a C
    "bp2": lambda S, w, d: S * w.T * d,  # Sigma'(z^l) (w^{l+1})^T delta^{l+1}
    "bp3": lambda d: d,  # delta^l
    "bp4": lambda d, a: d * a.T,  # delta^l (a^{l-1})^T
}


def general_layer(activation: str = "sigmoid",
                  forms: dict[str, Callable[..., sp.MatrixExpr]] | None = None,
                  ) -> dict[str, tuple[Step, ...]]:
    r"""BP1-BP4 for every width and depth, one layer at a time, by the multivariable chain
    rule (``derive.proof.RULES``) applied to premises SymPy checks for symbolic widths:

    * Jacobians by differentiating the defining sums (``n_l``, ``n_{l+1}`` symbols):
      ``\partial a^L_i/\partial z^L_p = \delta_{ip} f'(z^L_p)``,
      ``\partial z^{l+1}_k/\partial z^l_p = w^{l+1}_{kp} f'(z^l_p)`` from
      ``z^{l+1}_k = \sum_{i=1}^{n_l} w^{l+1}_{ki} f(z^l_i) + b^{l+1}_k``,
      ``\partial z^l_k/\partial b^l_j = \delta_{kj}``, ``\partial z^l_k/\partial w^l_{jp} =
      \delta_{kj} a^{l-1}_p``;
    * contractions: the chain-rule sum ``\sum_k \partial C/\partial u_k \, \partial u_k/\partial v``
      with those Jacobians equals the entry of the book's matrix product (SymPy's own entry
      of ``DiagMatrix``, ``.T`` and ``*`` on ``MatrixSymbol``\ s of symbolic shape).

    Returns, keyed by equation, the checked premises and last the conclusion (an
    ``apply_rule("chain rule", ...)``); ``forms`` replaces some of ``GENERAL_FORMS`` (a wrong
    one is not proved)."""
    forms = {**GENERAL_FORMS, **(forms or {})}
    act = activations.get(activation)
    f, fp = act.func, act.prime
    F = act.tex
    z_in, a_prev = sp.MatrixSymbol("z", _N_IN, 1), sp.MatrixSymbol("a", _N_IN, 1)
    s = sp.MatrixSymbol("s", _N_IN, 1)  # the diagonal of Sigma'
    out: dict[str, tuple[Step, ...]] = {}

    # BP1: a^L = f(z^L), C = C(a^L): delta^L_p = sum_i g_i da^L_i/dz^L_p
    g = sp.MatrixSymbol("g", _N_IN, 1)  # nabla_a C
    i = sp.Symbol("i", integer=True, nonnegative=True)
    jac = sp.diff(f(z_in[i, 0]), z_in[_p, 0])
    jac_step = _entry_identity(jac, _delta(i, _p, _N_IN) * fp(z_in[i, 0]),
                               rf"\frac{{\partial a^L_i}}{{\partial z^L_p}} = \delta_{{ip}}\,"
                               rf"{F}'(z^L_i)")
    chain = sp.Sum(g[i, 0] * jac, (i, 0, _N_IN - 1))
    book = _apply(forms["bp1"](sp.DiagMatrix(s), g)[_p, 0], s, fp, z_in)
    out["bp1"] = _chain_rule([jac_step, _entry_identity(
        chain, book, r"\sum_{i=1}^{n_L} \frac{\partial C}{\partial a^L_i} \frac{\partial a^L_i}"
        r"{\partial z^L_p} = (\Sigma'(z^L) \nabla_a C)_p,\ \text{every } n_L")],
        r"\text{BP1 for every width } n_L: " + LATEX["bp1"],
        "chain rule through a^L = f(z^L), each step checked for a symbolic width n_L")

    # BP2: z^{l+1} = w^{l+1} f(z^l) + b^{l+1}, widths n_l = p + q + 1 and m
    w_next = sp.MatrixSymbol("w", _M, _N_IN)
    b_next = sp.MatrixSymbol("b", _M, 1)
    d_next = sp.MatrixSymbol(r"\delta", _M, 1)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    z_next_k = _apply((w_next * a_prev)[k, 0], a_prev, f, z_in) + b_next[k, 0]
    jac = sp.diff(z_next_k, z_in[_p, 0])
    jac_step = _entry_identity(jac, w_next[k, _p] * fp(z_in[_p, 0]),
                               rf"\frac{{\partial z^{{l+1}}_k}}{{\partial z^l_p}} = "
                               rf"w^{{l+1}}_{{kp}} {F}'(z^l_p),\ z^{{l+1}}_k = "
                               rf"\sum_{{i=1}}^{{n_l}} w^{{l+1}}_{{ki}} {F}(z^l_i) + b^{{l+1}}_k")
    chain = sp.Sum(d_next[k, 0] * jac.doit(), (k, 0, _M - 1))
    book = _apply(forms["bp2"](sp.DiagMatrix(s), w_next, d_next)[_p, 0], s, fp, z_in)
    out["bp2"] = _chain_rule([jac_step, _entry_identity(
        chain, book, r"\sum_{k=1}^{n_{l+1}} \delta^{l+1}_k \frac{\partial z^{l+1}_k}"
        r"{\partial z^l_p} = (\Sigma'(z^l) (w^{l+1})^T \delta^{l+1})_p,\ \text{every } n_l, "
        r"n_{l+1}")],
        r"\text{BP2 for every width } n_l, n_{l+1}: " + LATEX["bp2"],
        "chain rule through z^{l+1}(z^l), each step checked for symbolic widths")

    # BP3, BP4: z^l = w^l a^{l-1} + b^l, widths n_{l-1} = p + q + 1 and n_l = j + r + 1
    w_l = sp.MatrixSymbol("w", _N_OUT, _N_IN)
    b_l = sp.MatrixSymbol("b", _N_OUT, 1)
    d_l = sp.MatrixSymbol(r"\delta", _N_OUT, 1)
    z_l_k = (w_l * a_prev)[k, 0] + b_l[k, 0]
    for eq, var, jac_claim, book, tex in (
        ("bp3", b_l[_j, 0], _delta(k, _j, _N_OUT), forms["bp3"](d_l)[_j, 0],
         r"\frac{\partial z^l_k}{\partial b^l_j} = \delta_{kj}"),
        ("bp4", w_l[_j, _p], _delta(k, _j, _N_OUT) * a_prev[_p, 0], forms["bp4"](d_l, a_prev)[_j, _p],
         r"\frac{\partial z^l_k}{\partial w^l_{jp}} = \delta_{kj} a^{l-1}_p"),
    ):
        jac = sp.diff(z_l_k, var)
        jac_step = _entry_identity(jac, jac_claim, tex + r",\ z^l_k = \sum_{i=1}^{n_{l-1}} "
                                   r"w^l_{ki} a^{l-1}_i + b^l_k")
        chain = sp.Sum(d_l[k, 0] * jac.doit(), (k, 0, _N_OUT - 1))
        out[eq] = _chain_rule([jac_step, _entry_identity(
            chain, book, r"\sum_{k=1}^{n_l} \delta^l_k " + tex.split(" = ")[0]
            + " = " + LATEX[eq].split(" = ")[1] + r",\ \text{every } n_{l-1}, n_l")],
            rf"\text{{{eq.upper()} for every width }} n_{{l-1}}, n_l: " + LATEX[eq],
            "chain rule through z^l(b^l, w^l), each step checked for symbolic widths")
    return out


def _chain_rule(premises: list[Step], claim: str, reason: str) -> tuple[Step, ...]:
    """The premises, then the conclusion by the kernel rule "chain rule"."""
    return (*premises, apply_rule("chain rule", premises, claim, reason))


def general_product(layer: dict[str, tuple[Step, ...]]) -> tuple[Step, ...]:
    r"""The product form for every width and depth, by induction on ``l = L, L-1, ..., 1``:
    the base is BP1 (``\Pi_L = \Sigma'(z^L) \nabla_a C``); the step is BP2 with the hypothesis
    ``\delta^{l+1} = \Pi_{l+1}`` and ``\Pi_l = \Sigma'(z^l) (w^{l+1})^T \Pi_{l+1}``, which is
    associativity of the matrix product (SymPy flattens ``MatMul`` of symbolic shapes).
    Returns the two checked premises it adds to BP1 and BP2, then the conclusion."""
    n, m, o = sp.symbols("n m o", integer=True, positive=True)
    S_l, S_next = sp.MatrixSymbol(r"\Sigma'(z^l)", n, n), sp.MatrixSymbol(r"\Sigma'(z^{l+1})", m, m)
    W_next, W_after = sp.MatrixSymbol("w^{l+1}", m, n), sp.MatrixSymbol("w^{l+2}", o, m)
    rest = sp.MatrixSymbol("R", o, 1)  # (w^{l+2})^T ... nabla_a C reduced to a vector
    pi_next = S_next * W_after.T * rest
    assoc = certify_same(sp.MatMul(S_l, W_next.T, pi_next).doit(),
                         sp.MatMul(S_l, W_next.T, S_next, W_after.T, rest).doit(),
                         r"\Sigma'(z^l) (w^{l+1})^T \Pi_{l+1} = \Pi_l \text{ (associativity)}",
                         "SymPy's MatMul of symbolic shapes")
    base = certify_same(sp.MatMul(S_l, sp.MatrixSymbol(r"\nabla_a C", n, 1)),
                        S_l * sp.MatrixSymbol(r"\nabla_a C", n, 1),
                        r"\Pi_L = \Sigma'(z^L) \nabla_a C", "the product with no (w^T) factor")
    return base, assoc, apply_rule(
        "induction", [layer["bp1"][-1], base, layer["bp2"][-1], assoc],
        r"\text{for every width and depth } L,\ 1 \le l \le L: " + LATEX["delta_product"],
        "base l = L by BP1; step l+1 -> l by BP2 and associativity")
