r"""Textbook notation: LaTeX and terminal text for derive's expressions and proofs.

The rules are data: a symbol ``w_12`` prints ``w_{12}`` (``w_2`` for one digit), a symbol
named ``dC/da_4`` prints ``\frac{\partial C}{\partial a_4}``, an activation ``f`` prints its
registered name (``\sigma``) and its derivative with a prime (``\sigma'(z_1)``).
Products built from an ordered list of factors print in that order (SymPy's ``Mul`` would
sort them), which is how ``\sigma'(z_1) w_2 \sigma'(z_2) \dots`` keeps the book's order.
"""

from __future__ import annotations

import re
import unicodedata
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
    lines = [rf"\textbf{{{escape_text(proof.id)}}}: ${proof.statement}$ \quad "
             rf"(\emph{{{proof.verdict}}}, {escape_text(proof.method)})"]
    if proof.steps:
        rows = [rf"& {s.claim} && \text{{{escape_text(s.method)}: {escape_text(s.verdict)}}}"
                for s in proof.steps]
        lines.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- document assembly
# Rules as data: how plain text (reasons, evidence notes) and stray unicode become LaTeX that
# compiles with pdflatex and lualatex alike. The output is pure ASCII.

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
# unicode that appears in derive's terminal output, as LaTeX math (used in both modes)
_UNICODE_MATH = {
    "′": "'", "∂": r"\partial", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx",
    "±": r"\pm", "×": r"\times", "·": r"\cdot", "−": "-", "→": r"\to", "∞": r"\infty",
    "√": r"\surd", "∑": r"\sum", "∏": r"\prod", "∈": r"\in", "∇": r"\nabla", "‖": r"\|",
    "…": r"\dots", "⋯": r"\cdots", "ϵ": r"\epsilon", "ϕ": r"\phi",
}
_UNICODE_TEXT = {"—": "---", "–": "--", "“": "``", "”": "''", "‘": "`", "’": "'", "\u00a0": "~"}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
                   "Psi", "Omega"}


def _unicode_math(ch: str) -> str | None:
    r"""Math-mode LaTeX for one non-ASCII character (``σ -> \sigma``, ``₁ -> _{1}``), or None."""
    if ch in _UNICODE_MATH:
        return _UNICODE_MATH[ch]
    name = unicodedata.name(ch, "")
    if name.startswith(("SUBSCRIPT ", "SUPERSCRIPT ")) and unicodedata.digit(ch, None) is not None:
        return ("_" if name.startswith("SUB") else "^") + "{%d}" % unicodedata.digit(ch)
    m = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if m:
        letter = m[2].capitalize() if m[1] == "CAPITAL" else m[2].lower()
        if letter == "omicron":
            return "o"
        if m[1] == "CAPITAL" and letter not in _GREEK_CAPITALS:
            return unicodedata.lookup(f"LATIN CAPITAL LETTER {m[2][0]}")
        return "\\" + letter
    return None


def escape_text(s: str) -> str:
    r"""Plain text as LaTeX text mode, ASCII only: the specials (``_ % & # $ { } ~ ^ \ < > |``)
    escaped, known unicode (``σ′(z₁) ≤ 1/4``) as inline math, other characters as
    ``\texttt{<U+XXXX>}`` so that the document always compiles."""
    out = []
    for ch in s:
        if ch in _TEXT_SPECIALS:
            out.append(_TEXT_SPECIALS[ch])
        elif ch.isascii():
            out.append(ch)
        elif ch in _UNICODE_TEXT:
            out.append(_UNICODE_TEXT[ch])
        elif (m := _unicode_math(ch)) is not None:
            out.append(f"${m}$" if m[0] in "\\_^" else m)
        elif unicodedata.normalize("NFKD", ch).isascii() is False and unicodedata.normalize(
                "NFKD", ch)[0].isascii():
            out.append(unicodedata.normalize("NFKD", ch)[0])  # accented letter -> letter
        else:
            out.append(r"\texttt{<U+%04X>}" % ord(ch))
    return "".join(out)


def math_ascii(s: str) -> str:
    r"""LaTeX math with any stray unicode replaced (``σ -> \sigma``); ASCII input unchanged."""
    if s.isascii():
        return s
    out = []
    for ch in s:
        m = ch if ch.isascii() else _unicode_math(ch)
        if m is None:
            m = r"\text{<U+%04X>}" % ord(ch)
        out.append(m + " " if m[0] == "\\" and m[-1].isalpha() else m)
    return "".join(out)


_MATH_SPECIALS = {"\\": r"\backslash ", "_": r"\_", "{": r"\{", "}": r"\}", "$": r"\$",
                  "%": r"\%", "&": r"\&", "#": r"\#", "~": r"\sim ", "^": r"\wedge "}


def math_text(s: str) -> str:
    r"""Plain text for use inside math, valid in LaTeX and in MathJax (Jupyter) alike: runs of
    ordinary characters in ``\text{...}``, specials as math symbols outside it (MathJax does
    not interpret ``\_`` inside ``\text``)."""
    out, run = [], []

    def flush() -> None:
        if run:
            out.append(r"\text{%s}" % "".join(run))
            run.clear()

    for ch in s:
        if ch in _MATH_SPECIALS:
            flush()
            out.append(_MATH_SPECIALS[ch])
        elif ch.isascii():
            run.append(ch)
        else:
            flush()
            m = _unicode_math(ch)
            out.append(m + " " if m and m[0] == "\\" else (m or r"\text{?}"))
    flush()
    return "".join(out)


class BookPrinter(DerivePrinter):
    r"""``DerivePrinter`` for formulas written in the book's order: terms and factors as built
    (``order='none'``; build them with ``evaluate=False``), ``|w|`` and ``\ln``."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({"order": "none", **(settings or {})})

    def _print_Abs(self, expr: sp.Abs, exp: str | None = None) -> str:
        s = f"|{self._print(expr.args[0])}|"
        return s if exp is None else f"{s}^{{{exp}}}"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        s = rf"\ln\left({self._print(expr.args[0])}\right)"
        return s if exp is None else rf"{s}^{{{exp}}}"


def book_tex(expr: sp.Expr) -> str:
    r"""LaTeX of an unevaluated formula in the book's order, e.g. the window width
    ``\frac{2}{|w|} \ln\left(\frac{|w| \left(1 + \sqrt{1 - \frac{4}{|w|}}\right)}{2}
    - 1\right)``."""
    return BookPrinter().doprint(expr)


_WORD = re.compile(r"(?<![\\_^{])\b[A-Za-z]{2,}\b")


def is_plain_text(claim: str) -> bool:
    r"""Whether a step's ``claim``, meant to be LaTeX math, is really plain text (no LaTeX
    command and at least two words, e.g. ``"bp1 for 360 networks"``): set in math it would
    lose its spaces and turn ``delta_product`` into a subscript, so it is shown as text."""
    return "\\" not in claim and len(_WORD.findall(claim)) >= 2


def step_claim_math(claim: str) -> str:
    """A step's claim for use inside math: as given, or as ``math_text`` if plain text."""
    return math_text(claim) if is_plain_text(claim) else math_ascii(claim)


def proof_math(proof) -> str:
    r"""A proof as one display of pure math (for Jupyter's MathJax and for LaTeX alike):
    the id and statement, then one row per step with its method, verdict and reason."""
    rows = [rf"{math_text(proof.id + ': ')} \displaystyle {math_ascii(proof.statement)}",
            rf"\quad \text{{verdict: }}\textbf{{{proof.verdict}}}"
            + (rf"\text{{ by }}{math_text(proof.method)}" if proof.method else "")]
    for i, s in enumerate(proof.steps, 1):
        rows.append(rf"\quad \text{{{i}. }}\displaystyle {step_claim_math(s.claim)}")
        rows.append(rf"\qquad {math_text(f'[{s.verdict}] {s.method}: {s.reason}')}")
    for e in proof.evidence:
        rows.append(rf"\quad {math_text('evidence (not proof): ' + e)}")
    return "$$\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}$$"


# LaTeX -> terminal text, rules as data (applied in order): a readable rendering of the
# LaTeX that derive itself writes, not a general LaTeX parser.
_TEX_SYMBOLS = {
    "sigma": "σ", "tanh": "tanh", "delta": "δ", "gamma": "γ", "chi": "χ", "Sigma": "Σ",
    "pi": "π", "nabla": "∇", "prod": "∏", "sum": "∑", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "cdot": "·", "cdots": "⋯", "dots": "…", "ldots": "…", "ne": "≠",
    "approx": "≈", "infty": "∞", "in": "∈", "to": "→", "partial": "∂", "ln": "ln",
    "log": "log", "exp": "exp", "max": "max", "min": "min", "sup": "sup", "lim": "lim",
    "times": "×", "pm": "±", "mid": "|", "lvert": "|", "rvert": "|", "|": "‖", "erf": "erf",
    "operatorname": "", "mathrm": "", "mathbb": "", "quad": "  ", "qquad": "    ",
}
_TEXT_RULES: tuple[tuple[str, str], ...] = (
    (r"\\frac\{\\partial (\w+)\}\{\\partial ((?:[^{}]|\{[^{}]*\})+)\}", r"∂\1/∂\2"),
    (r"\\(?:text|textbf|textit|emph|mathrm|operatorname)\{([^{}]*)\}", r"\1"),
    (r"\\(?:left|right|displaystyle|big|Big)\b", ""), (r"\\[,;!:]", " "), (r"\\ ", " "),
    (r"\\frac\{([^{}]+)\}\{([^{}]+)\}", r"(\1)/(\2)"), (r"\\sqrt\{([^{}]+)\}", r"√(\1)"),
    (r"\\\{", "{"), (r"\\\}", "}"), (r"\\_", "_"), (r"\\%", "%"), (r"\\&", "&"),
)


def tex_to_text(s: str) -> str:
    r"""Terminal text for LaTeX that derive writes: ``\frac{\partial C}{\partial b_1} =
    \sigma'(z_1) w_2`` -> ``∂C/∂b_1 = σ'(z_1) w_2``. Unknown commands are left as they are."""
    for _ in range(3):  # nested \frac / \text
        for pattern, repl in _TEXT_RULES:
            s = re.sub(pattern, repl, s)
    s = re.sub(r"\\([A-Za-z]+|\|)", lambda m: _TEX_SYMBOLS.get(m[1], m[0]), s)
    s = re.sub(r"([_^])\{(\w+)\}", r"\1\2", s)
    s = re.sub(r"(?<![\w)_^])\{([^{}]*)\}", r"\1", s)  # bare grouping braces
    return re.sub(r"[ ]{2,}(?=\S)", lambda m: m[0] if len(m[0]) >= 4 else " ", s).strip()


def proof_text(proof) -> str:
    """A proof for terminals: id, verdict and method, the statement, one line per step."""
    head = f"{proof.id}: {proof.verdict}" + (f" ({proof.method})" if proof.method else "")
    lines = [head, f"  {tex_to_text(proof.statement)}"]
    for i, st in enumerate(proof.steps, 1):
        lines.append(f"  {i}. {tex_to_text(st.claim)}")
        lines.append(f"     [{st.verdict}] {st.method}: {st.reason}")
    lines += [f"  evidence (not proof): {e}" for e in proof.evidence]
    return "\n".join(lines)
