"""SymPy's polynomial generators, capped: a power is not split into a huge power of a root.

To see an expression as a polynomial (``cancel``, ``factor``, ``gcd``, ``Poly``), SymPy
splits each power into a generator and an integer exponent (``decompose_power``):
``exp(3x/2)`` is ``exp(x/2)^3`` and ``x^(3/2)`` is ``sqrt(x)^3``. A decimal in an exponent,
as MetiTarski-style statements write them, makes that exponent huge: ``e^{2.2134 x}`` is
``exp(x/5000)^11067``, and ``e^{-3(x - 0.3689)^2} / x`` a polynomial of degree 430 million,
whose heuristic gcd asks GMP for gigabytes; GMP then aborts the whole process, which no time
limit can stop (one row of a held-out corpus did so).

Imported by the kernel (``derive.proof``), this module caps that split: where it would take a
root and leave an exponent above ``MAX_ROOT_POWER``, the power stays one generator, to the
power 1. That is still an exact decomposition (``b^e = (b^e)^1``), so every polynomial result
stays exact and equal to its input; SymPy only sees fewer relations between such generators
(it may cancel less). Integer powers of a generator (``x^2000``) are left as SymPy splits them,
but not those of a constant (``e^{-9000}`` is one generator, not ``e`` to the power -9000).
"""

from __future__ import annotations

import sympy as sp
from sympy.core import exprtools
from sympy.polys import polyutils

MAX_ROOT_POWER = 64  # the largest exponent of a root that SymPy may still split out

_SPLIT = exprtools.decompose_power


def decompose_power(expr: sp.Expr) -> tuple[sp.Expr, int]:
    """``sympy.core.exprtools.decompose_power``, unless that takes a root of the base and
    leaves an exponent above ``MAX_ROOT_POWER``: then ``(expr, 1)``."""
    base, exp = _SPLIT(expr)
    if abs(exp) > MAX_ROOT_POWER and (base != expr.as_base_exp()[0] or base.is_number):
        return expr, 1  # (a constant's power too: e^{-9000} as E^9000 made factor and
        # cancel work on E^9000 - 1, a polynomial of degree 9000)
    return base, exp


polyutils.decompose_power = decompose_power  # (the name SymPy's polynomial code calls)
