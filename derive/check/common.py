r"""Shared by the deciders of ``derive check``: limits, the per-equation deadline,
closed forms of the activations, the search grid."""

from __future__ import annotations

import time
from itertools import product as cartesian

import sympy as sp

from derive import activations
from derive.activations import AbstractActivation, AbstractDerivative
from derive.proof import UNKNOWN, Step, StepTimeout

MAX_EQUATIONS = 400  # equations beyond this many are listed as "not checked"
EQUATION_SECONDS = 8.0  # time limit for deciding one equation
FILE_SECONDS = 120.0  # after this, the remaining equations are "not checked"
MAX_CHAIN_DEPTH = 500  # deepest chain-gradient identity checked
MAX_VARIABLES = 6  # free variables allowed in an identity (inequalities: 2)

_GRID = [sp.Rational(v) for v in
         ("0", "1", "-1", "1/2", "-1/2", "2", "-2", "4", "-4", "9/2", "-9/2", "3", "-3",
          "6", "-6", "1/10", "-1/10", "10", "-10")]
_GRID3 = 11  # grid values per variable with three or four variables


def _explicit(expr: sp.Expr) -> sp.Expr:
    """Every activation and derivative replaced by its closed form."""
    for act in activations.ACTIVATIONS.values():
        expr = act.to_explicit(expr)
    return expr


def _acts(expr: sp.Expr) -> set:
    return expr.atoms(AbstractActivation, AbstractDerivative)


def _is_partial(s: sp.Symbol) -> bool:
    return s.name.startswith("dC/d")


def _tex(expr: sp.Expr) -> str:
    from derive.latex import tex

    return tex(expr)


_deadline = [float("inf")]  # monotonic time by which the current equation must be decided


def _on_time() -> None:
    """Raise StepTimeout once the current equation's time is used up: a cooperative check
    between steps, in case a SymPy call swallowed the alarm (``except Exception``)."""
    if time.monotonic() > _deadline[0]:
        raise StepTimeout


def _unknown(claim: str, why: str) -> Step:
    return Step(claim, "parse", UNKNOWN, f"not understood: {why}")


def _grid(symbols: list[sp.Symbol]) -> list[dict]:
    return [dict(zip(symbols, vals)) for vals in cartesian(_GRID, repeat=len(symbols))]
