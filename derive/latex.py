r"""Textbook notation: LaTeX and terminal text for derive's expressions and proofs.

The rules are data: a symbol ``w_12`` prints ``w_{12}`` (``w_2`` for one digit), a symbol
named ``dC/da_4`` prints ``\frac{\partial C}{\partial a_4}``, an activation ``f`` prints its
registered name (``\sigma``) and its derivative with a prime (``\sigma'(z_1)``).
Products built from an ordered list of factors print in that order (SymPy's ``Mul`` would
sort them), which is how ``\sigma'(z_1) w_2 \sigma'(z_2) \dots`` keeps the book's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from derive.activations import ACTIVATIONS, AbstractActivation, AbstractDerivative
from derive.costs import GenericCost, GenericCostPrime

_INDEXED = re.compile(r"^([A-Za-z]+)_(\w+)$")
_PARTIAL = re.compile(r"^d(\w+)/d(\w+)$")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def symbol_tex(name: str) -> str:
    r"""``w_2 -> w_2``, ``w_12 -> w_{12}``, ``dC/da_4 -> \frac{\partial C}{\partial a_4}``."""
    m = _PARTIAL.match(name)
    if m:
        return r"\frac{\partial %s}{\partial %s}" % (symbol_tex(m[1]), symbol_tex(m[2]))
    m = _INDEXED.match(name)
    if m:
        base, idx = m[1], m[2]
        return f"{base}_{idx}" if len(idx) == 1 else f"{base}_{{{idx}}}"
    return name


def symbol_text(name: str) -> str:
    """``w_12 -> w₁₂``, ``dC/da_4 -> ∂C/∂a₄`` for terminals."""
    m = _PARTIAL.match(name)
    if m:
        return f"∂{symbol_text(m[1])}/∂{symbol_text(m[2])}"
    m = _INDEXED.match(name)
    if m and m[2].isdigit():
        return m[1] + m[2].translate(_SUB)
    return name


class DerivePrinter(LatexPrinter):
    """SymPy's LaTeX printer with derive's notation rules."""

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return symbol_tex(expr.name)

    def _print_Function(self, expr: sp.Function, exp: str | None = None) -> str:
        arg = self._print(expr.args[0]) if expr.args else ""
        if isinstance(expr, AbstractActivation):
            s = rf"{ACTIVATIONS[expr.activation].tex}({arg})"
        elif isinstance(expr, AbstractDerivative):
            s = rf"{ACTIVATIONS[expr.activation].tex}'({arg})"
        elif isinstance(expr, GenericCost):
            s = rf"C({arg})"
        elif isinstance(expr, GenericCostPrime):
            s = rf"C'({arg})"
        else:
            return super()._print_Function(expr, exp)
        return s if exp is None else rf"{s}^{{{exp}}}"


class TextPrinter(StrPrinter):
    """SymPy's string printer with unicode subscripts and primes, for terminals."""

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return symbol_text(expr.name)

    def _print_Function(self, expr: sp.Function) -> str:
        arg = self._print(expr.args[0]) if expr.args else ""
        if isinstance(expr, AbstractActivation):
            return f"{ACTIVATIONS[expr.activation].text}({arg})"
        if isinstance(expr, AbstractDerivative):
            return f"{ACTIVATIONS[expr.activation].text}′({arg})"
        if isinstance(expr, GenericCost):
            return f"C({arg})"
        if isinstance(expr, GenericCostPrime):
            return f"C′({arg})"
        return super()._print_Function(expr)


def tex(expr: sp.Expr) -> str:
    """LaTeX of ``expr`` in derive's notation."""
    return DerivePrinter().doprint(expr)


def text(expr: sp.Expr) -> str:
    """Terminal text of ``expr`` in derive's notation."""
    return TextPrinter().doprint(expr)


def product_tex(factors: Sequence[sp.Expr]) -> str:
    """The product of ``factors`` in the given order, e.g. ``\\sigma'(z_1) w_2 ...``."""
    return " ".join(_wrap(tex(f), f) for f in factors)


def product_text(factors: Sequence[sp.Expr]) -> str:
    """The product of ``factors`` in the given order, for terminals."""
    return " ".join(_wrap(text(f), f, "(", ")") for f in factors)


def _wrap(s: str, f: sp.Expr, left: str = r"\left(", right: str = r"\right)") -> str:
    return f"{left}{s}{right}" if f.is_Add else s


def proof_latex(proof) -> str:
    """A proof as LaTeX: the statement, then ``align*`` with one step a line and its reason."""
    lines = [rf"\textbf{{{_escape(proof.id)}}}: ${proof.statement}$ \quad "
             rf"(\emph{{{proof.verdict}}}, {_escape(proof.method)})"]
    if proof.steps:
        rows = [rf"& {s.claim} && \text{{{_escape(s.method)}: {_escape(s.verdict)}}}"
                for s in proof.steps]
        lines.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
    return "\n".join(lines)


def _escape(s: str) -> str:
    """Escape LaTeX's special characters in plain text."""
    out = s
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                 ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}"),
                 ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}")):
        out = out.replace(a, b) if a != "\\" else out.replace(a, "\0")
    return out.replace("\0", r"\textbackslash{}")
