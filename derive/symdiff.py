r"""Partial derivatives of elementary expressions, by SymEngine where it is safe (issue #11).

SymPy's ``diff`` spends most of its time in the assumptions system (a quarter of the box
engine's time on the corpora); SymEngine differentiates the same expression tree in C++, tens
of times faster. ``diff(expr, var)`` uses it only when

* every node of ``expr`` is a sum, product, number (integer, rational, ``pi``, ``e``), symbol,
  power with an integer exponent (a fraction only of a variable or a sum: SymPy writes ``u^r``
  of a product or power ``u`` as ``r u^r u'/u``, simplified, which encloses far better than
  SymEngine's ``r u^(r - 1) u'``) or a constant positive base, or one of the elementary
  functions of ``_FUNCS`` (no ``|u|``, ``sign``, ``max``, ``Heaviside``: SymEngine takes the
  derivative of ``Heaviside`` to be 0, and of ``|u|`` leaves it unevaluated);
* ``expr`` converted to SymEngine and back (with the variables' real assumptions) is exactly
  ``expr`` (the same tree: SymEngine did not rewrite it into another function);
* the derivative, converted back to SymPy with the real variables, again has only such nodes.

Otherwise it is SymPy's ``diff``. The derivative rules SymEngine applies to these nodes are
the textbook ones (the kernel trusts them exactly as it trusts SymPy's); the result is the
same function as SymPy's, possibly written differently (``tan(x)^2 + 1``).
"""

from __future__ import annotations

import sympy as sp

_FUNCS = frozenset({sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin,
                    sp.acos, sp.atan, sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch,
                    sp.asinh, sp.atanh, sp.erf, sp.erfc})


def _fits(e: sp.Basic) -> bool:
    """Whether every node of ``e`` is one SymEngine differentiates as SymPy does."""
    if e.is_Symbol:
        return e.is_real is True
    if e.is_Rational or e is sp.pi or e is sp.E:
        return True
    if e.is_Add or e.is_Mul:
        return all(_fits(a) for a in e.args)
    if e.is_Pow:
        base, ex = e.args
        # (u^r with a product or power u and a fraction r: SymPy keeps u^r in the
        # derivative, r u^r u'/u simplified; SymEngine's r u^(r - 1) u' encloses worse)
        return (ex.is_Integer or (ex.is_Rational and (base.is_Symbol or base.is_Add))
                or (base.is_Rational and base > 0) or base is sp.E) and (
            _fits(base) and _fits(ex))
    if e.func in _FUNCS and len(e.args) == 1:
        return _fits(e.args[0])
    return False


def _back(s, real: dict) -> sp.Expr:
    """A SymEngine expression as SymPy, its symbols the real ones of ``real`` (by name)."""
    return sp.sympify(s).xreplace(real)


def diff(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """``d expr / d var`` (see the module docstring)."""
    if _fits(expr) and var.is_Symbol:
        try:
            import symengine as se

            syms = expr.free_symbols | {var}
            real = {sp.Symbol(s.name): s for s in syms}
            if len(real) == len(syms):  # (two symbols of one name: SymPy's diff)
                s = se.sympify(expr)
                if _back(s, real) == expr:
                    d = _back(s.diff(se.Symbol(var.name)), real)
                    if _fits(d):
                        return d
        except Exception:  # noqa: BLE001 -- SymEngine failing on a form: SymPy's diff
            return sp.diff(expr, var)
    return sp.diff(expr, var)
