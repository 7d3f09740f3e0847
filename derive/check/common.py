r"""Shared by the deciders of ``derive check``: limits, the per-equation deadline,
closed forms of the activations, the search grid."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from itertools import product as cartesian

import sympy as sp

from derive import activations, clock
from derive.activations import AbstractActivation, AbstractDerivative
from derive.check.domain import restrict
from derive.proof import UNKNOWN, Step, StepTimeout, _sample_points

MAX_EQUATIONS = 400  # equations beyond this many are listed as "not checked"


def _seconds(name: str, default: float) -> float:
    """A time budget, overridable by the environment variable ``name`` (a positive number
    of seconds; anything else keeps the default). The test suite raises both budgets so that
    its verdicts do not depend on how busy the machine is."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if 0 < value < float("inf") else default


# time limit for deciding one equation
EQUATION_SECONDS = _seconds("DERIVE_EQUATION_SECONDS", 8.0)
# after this, the remaining equations of a file are "not checked"
FILE_SECONDS = _seconds("DERIVE_FILE_SECONDS", 900.0)
MAX_CHAIN_DEPTH = 500  # deepest chain-gradient identity checked
MAX_VARIABLES = 6  # free variables allowed in an identity (inequalities: realprove.MAX_VARIABLES)
FLIP = {"<=": ">=", "<": ">", ">=": "<=", ">": "<"}  # a op b is b FLIP[op] a
COST = ["quadratic"]  # the cost the notes being checked use (the book's default: quadratic)
COST_DEFINED: list = [None]  # C as the notes define it (C = \frac12 (a_L - y)^2), if they do
CHAIN_ACTIVATION: list = [None]  # the activation of the notes' chain (a_j = \tanh(z_j)), if said
OTHER_CHAIN = "other"  # CHAIN_ACTIVATION when the notes define a_j otherwise (\tanh(2 z_j))

_GRID = [sp.Rational(v) for v in
         ("0", "1", "-1", "1/2", "-1/2", "2", "-2", "4", "-4", "9/2", "-9/2", "3", "-3",
          "6", "-6", "1/10", "-1/10", "10", "-10")]
_GRID3 = 11  # grid values per variable with three or four variables


def differentiate(expr: sp.Expr) -> sp.Expr:
    r"""Every ``sp.Derivative`` the reader built (``\frac{d}{dz} f``) evaluated by SymPy
    (exact differentiation; abstract activations differentiate to their abstract ``f'``)."""
    if expr.has(sp.Derivative):
        expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    if expr.has(sp.Sum, sp.Product):  # closed forms of sums with a symbolic bound
        expr = expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product)), lambda e: e.doit())
    return expr


def derivative_problem(expr: sp.Expr) -> str:
    r"""Why a derivative in ``expr`` cannot be read (``\frac{df}{dz}`` of an ``f`` that
    does not contain ``z``: a function of ``z`` left unwritten), or ``""``."""
    for d in expr.atoms(sp.Derivative):
        for var, _ in d.variable_count:
            if var not in d.expr.free_symbols:
                return (f"${_tex(sp.Derivative(d.expr, var))}$, but ${_tex(d.expr)}$ does not "
                        f"contain ${_tex(var)}$ (write the function of ${_tex(var)}$ out, or "
                        "define it earlier in the notes)")
    return ""


def _explicit(expr: sp.Expr) -> sp.Expr:
    """Every derivative evaluated, every activation and derivative replaced by its closed
    form."""
    expr = differentiate(expr)
    for act in activations.ACTIVATIONS.values():
        expr = act.to_explicit(expr)
    return expr


def max_as_abs(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ``Max(a, b)`` written ``(a + b + |a - b|)/2`` and ``Min(a, b)``
    written ``(a + b - |a - b|)/2`` (exact for real ``a``, ``b``; more arguments nest)."""
    def two(kind, args):
        a, rest = args[0], args[1:]
        b = rest[0] if len(rest) == 1 else two(kind, rest)
        return (a + b + kind * sp.Abs(a - b)) / 2

    while expr.has(sp.Max, sp.Min):
        inner = [m for m in expr.atoms(sp.Max, sp.Min) if not any(
            a.has(sp.Max, sp.Min) for a in m.args)]
        expr = expr.xreplace({m: two(1 if isinstance(m, sp.Max) else -1, list(m.args))
                              for m in inner})
    return expr


def chain_activation(acts: set, claim: str):
    r"""The activation of the width-1 chain a claim is about: the one the notes define
    (``a_j = \tanh(z_j)``), else the one whose derivative the claim writes, else the book's
    sigmoid; an unknown Step when the claim writes several, or another than the notes'."""
    said = CHAIN_ACTIVATION[0]
    if said == OTHER_CHAIN:
        return _unknown(claim, "the notes define the chain's a_j otherwise than one registered "
                        "activation of z_j for every layer (not read)")
    if len(acts) > 1:
        return _unknown(claim, "more than one activation")
    if said and acts and acts != {said}:
        return _unknown(claim, f"the notes define the chain with {said} ($a_j = {said}(z_j)$), "
                        "the claim writes another activation's derivative")
    return said or (next(iter(acts)) if acts else "sigmoid")


def _acts(expr: sp.Expr) -> set:
    return expr.atoms(AbstractActivation, AbstractDerivative)


def _is_partial(s: sp.Symbol) -> bool:
    return s.name.startswith("dC/d")


def _tex(expr: sp.Expr) -> str:
    """LaTeX of ``expr`` (a derivative as ``\\frac{d}{dz}\\left(...\\right)``, the step
    function ``Heaviside(z, 0)`` as ``H(z)``)."""
    from derive.latex import tex

    if isinstance(expr, sp.Derivative):
        (var, n), = expr.variable_count if len(expr.variable_count) == 1 else ((None, 0),)
        if var is not None:
            d = "d" if n == 1 else f"d^{{{n}}}"
            dz = f"d{tex(var)}" if n == 1 else f"d{tex(var)}^{{{n}}}"
            return rf"\frac{{{d}}}{{{dz}}}\left({_tex(expr.expr)}\right)"
    if expr.has(sp.Heaviside, sp.Derivative):
        H = sp.Function("H")
        expr = expr.replace(lambda e: isinstance(e, sp.Heaviside), lambda e: H(e.args[0]))
        if expr.has(sp.Derivative):
            return tex(expr.replace(lambda e: isinstance(e, sp.Derivative),
                                    lambda e: sp.Symbol(_tex(e))))
    return tex(expr)


def tex_math(expr: sp.Expr) -> str:
    """``expr`` as a math segment of rich text, ``$...$``."""
    return f"${_tex(expr)}$"


_LATEX_RUN = re.compile(
    r"(?:\\[A-Za-z]+\*?|\\[^A-Za-z\s])(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\[[^\[\]]*\]|"
    r"[^\s,;'\"$]|\s+(?=\\|[=<>]))*")


def rich_construct(message: str) -> str:
    r"""A message that names LaTeX constructs (``unexpected '\sum'``, ``\max/\min of ...``)
    as rich text: each run of LaTeX in ``$...$`` (never a bare backslash in text output);
    a message that already has math segments is returned as it is."""
    if "$" in message or "\\" not in message:
        return message
    message = _UNEXPECTED_COMMAND.sub(lambda m: f"unexpected LaTeX command '{m[1]}'", message)
    if "\\" not in message:
        return message
    return _LATEX_RUN.sub(lambda m: f"${m[0].strip()}$" + (" " if m[0].endswith(" ") else ""),
                          message)


_UNEXPECTED_COMMAND = re.compile(r"unexpected '\\([A-Za-z]+)'")  # shown by name: as math it
# would be its rendering (\sum as a bare sign, \bigl as nothing), not what was written

_deadline = [float("inf")]  # monotonic time by which the current equation must be decided


def _on_time() -> None:
    """Raise StepTimeout once the current equation's time is used up: a cooperative check
    between steps, in case a SymPy call swallowed the alarm (``except Exception``)."""
    if clock.now() > _deadline[0]:
        raise StepTimeout


def _unknown(claim: str, why: str) -> Step:
    return Step(claim, "parse", UNKNOWN, f"not understood: {rich_construct(why)}")


def _grid(symbols: list[sp.Symbol]) -> list[dict]:
    return [dict(zip(symbols, vals)) for vals in cartesian(_GRID, repeat=len(symbols))]


def _points(symbols: list[sp.Symbol], domain: Sequence[sp.Basic] = ()) -> list[dict]:
    """Candidate counterexample points: the grid (one or two variables) or the kernel's
    sample points, kept only where every condition of ``domain`` rigorously holds."""
    pts = _grid(symbols) if len(symbols) <= 2 else list(_sample_points(symbols))
    return restrict(pts, domain) if domain else pts
