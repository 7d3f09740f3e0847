r"""The one renderer: textbook notation for LaTeX documents, Jupyter (MathJax) and terminals.

Every string that reaches LaTeX, MathJax or a terminal goes through this module. The
notation rules are data: a symbol ``w_12`` prints ``w_{12}`` (``w_2`` for one digit), a
symbol named ``dC/da_4`` prints ``\frac{\partial C}{\partial a_4}``, an activation ``f``
prints its registered name (``\sigma``) and its derivative with a prime (``\sigma'(z_1)``),
the natural logarithm is ``\ln``. Products built from an ordered list of factors print in
that order (SymPy's ``Mul`` would sort them), which is how ``\sigma'(z_1) w_2 \sigma'(z_2)
\dots`` keeps the book's order.

Reasons and notes are *rich text*: words with ``$...$`` segments of LaTeX math, built with
``math``, ``inline``, ``point_math``, ``interval_math``; each is rendered three ways by
``rich_latex``, ``rich_mathjax`` and ``rich_text``. Proofs are rendered by ``claim_block``
(the notes), ``proof_latex`` (``derive prove --format latex``), ``proof_math`` (Jupyter)
and ``proof_text`` (``print``); check results by ``result_math`` and ``result_text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from math import floor as math_floor

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
    r"""SymPy's LaTeX printer with derive's notation rules (``\ln``, never ``\log``)."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({"ln_notation": True, **(settings or {})})

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
    "√": r"\surd", "∑": r"\sum", "∼": r"\sim", "∏": r"\prod", "∈": r"\in", "∇": r"\nabla",
    "‖": r"\|",
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
        super().__init__({"order": "none", **(settings or {})})  # DerivePrinter adds \ln

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




# ============================================================================= the one renderer
# Everything that reaches LaTeX, MathJax (Jupyter) or a terminal goes through the functions
# below. The unit of text is *rich text*: plain words with ``$...$`` segments of LaTeX math,
# as in a LaTeX source (``"> 0 by the certificate $(s - \frac{1}{2})^{2}$"``). Code that
# builds a reason puts mathematics in with ``math(expr)`` (a SymPy expression), ``inline``
# (LaTeX it wrote), ``point_math`` and ``interval_math``; never ``str(expr)``.
# A rich string is rendered three ways: ``rich_latex`` (a document, ASCII), ``rich_mathjax``
# (inside one MathJax display) and ``rich_text`` (a terminal, Unicode math such as
# ``σ′(z) ≤ 1/4``).

def math(expr: sp.Expr) -> str:
    r"""A SymPy expression as a math segment of rich text: ``$\frac{1}{4}$``."""
    return f"${tex(sp.sympify(expr))}$"


def inline(latex_math: str) -> str:
    r"""LaTeX math (a step's claim, a formula written by hand) as a math segment."""
    return f"${latex_math}$"


def point_math(point) -> str:
    r"""A point ``{x: 1/3, y: -2}`` as one math segment ``$x = 1/3, y = -2$`` (rationals in
    the slash form of running text; the empty point: the empty string)."""
    if not point:
        return ""

    def value(v) -> str:
        v = sp.sympify(v)
        return f"{v.p}/{v.q}" if v.is_Rational and v.q != 1 else tex(v)

    return "$" + ", ".join(f"{tex(k)} = {value(v)}" for k, v in point.items()) + "$"


def number_math(x) -> str:
    r"""An exact number as LaTeX math: a decimal string as written (``"0.4477432046"``), a
    rational that is a finite decimal (denominator 2^a 5^b) as that decimal, anything else
    through ``tex``."""
    if isinstance(x, str):
        return x
    v = sp.sympify(x)
    if v.is_Rational and v.q > 1:
        q = int(v.q)
        for f in (2, 5):
            while q % f == 0:
                q //= f
        if q == 1:  # a finite decimal: exact in Decimal at this precision
            with localcontext() as ctx:
                ctx.prec = 2 * len(str(int(v.q))) + len(str(abs(int(v.p)))) + 5
                return format((Decimal(int(v.p)) / Decimal(int(v.q))).normalize(), "f")
    return tex(v)


def _fraction(raw: tuple) -> Fraction | None:
    """An endpoint of an mpmath interval (its raw ``(sign, man, exp, bc)`` tuple) as an exact
    Fraction; None if it is infinite or NaN."""
    from mpmath import libmp

    if raw in (libmp.finf, libmp.fninf, libmp.fnan):
        return None
    p, q = libmp.to_rational(raw)
    return Fraction(p, q)


def _decimal(q: Fraction, digits: int, up: bool) -> str:
    """``q`` rounded to ``digits`` significant digits, down (``up=False``) or up: outward
    rounding, so a printed enclosure still contains the value. Plain decimals for moderate
    exponents, ``m \\cdot 10^{e}`` beyond."""
    if q == 0:
        return "0"
    a = abs(q)
    # (from the bit lengths, not the decimal strings: Python refuses those past 4300 digits)
    e = int((a.numerator.bit_length() - a.denominator.bit_length()) * 0.30103)
    while Fraction(10) ** e > a:
        e -= 1
    while Fraction(10) ** (e + 1) <= a:
        e += 1
    k = digits - 1 - e
    scaled = q * Fraction(10) ** k
    n = math_floor(scaled) if not up else -math_floor(-scaled)
    d = Decimal(n).scaleb(-k).normalize()
    if -7 <= e <= 12:
        out = format(d, "f")
        return out.rstrip("0").rstrip(".") if "." in out else out
    m = (Decimal(n).scaleb(-(digits - 1))).normalize()
    return f"{format(m, 'f')} \\cdot 10^{{{e}}}"


def interval_math(enc, digits: int = 17) -> str:
    r"""A rigorous enclosure (mpmath ``iv`` interval) as a math segment ``$[lo, hi]$``, the
    ends rounded outward to ``digits`` significant digits (still an enclosure)."""
    lo, hi = (_fraction(t) for t in enc._mpi_)
    a = r"-\infty" if lo is None else _decimal(lo, digits, up=False)
    b = r"\infty" if hi is None else _decimal(hi, digits, up=True)
    return f"$[{a}, {b}]$"


_NUMBER = r"-?\d+(?:\.\d+)?(?: \\cdot 10\^\{-?\d+\})?"
_ENCLOSURE = re.compile(rf"^\[({_NUMBER}), ({_NUMBER})\]$")
READING_DIGITS = 4  # significant digits of a number rounded for reading
LONG_DIGITS = 12  # an enclosure with more digits than this goes to a footnote


def _significant(num: str) -> int:
    mant = num.split(r" \cdot")[0].lstrip("-").replace(".", "").lstrip("0")
    return len(mant)


def reading_value(latex_interval: str) -> str | None:
    r"""For a long enclosure ``[0.44774320469430284, 0.44774320469430286]`` (more than
    ``LONG_DIGITS`` significant digits), its midpoint rounded for reading,
    ``0.4477``; None for a short interval such as a claimed box ``[0.3, 1]``."""
    m = _ENCLOSURE.match(latex_interval.strip())
    if not m or max(_significant(m[1]), _significant(m[2])) <= LONG_DIGITS:
        return None

    def value(s: str) -> Fraction:
        parts = s.split(r" \cdot 10^{")
        v = Fraction(Decimal(parts[0]))
        return v * Fraction(10) ** int(parts[1].rstrip("}")) if len(parts) > 1 else v

    mid = (value(m[1]) + value(m[2])) / 2
    return _decimal(mid, READING_DIGITS, up=mid < 0) if mid else "0"


def segments(s: str) -> list[tuple[bool, str]]:
    r"""Split rich text into ``(is_math, text)`` pieces at unescaped ``$``; a ``$`` without
    a partner is ordinary text (``"costs $5"``)."""
    out: list[tuple[bool, str]] = []
    i, n, buf = 0, len(s), []
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n and s[i + 1] == "$":
            buf.append("$")
            i += 2
            continue
        if ch == "$":
            j = i + 1
            while j < n and not (s[j] == "$" and s[j - 1] != "\\"):
                j += 1
            if j < n and j > i + 1:
                if buf:
                    out.append((False, "".join(buf)))
                    buf = []
                out.append((True, s[i + 1:j]))
                i = j + 1
                continue
        buf.append(ch)
        i += 1
    if buf:
        out.append((False, "".join(buf)))
    return out


def source_text(s: str) -> str:
    r"""Rich text as one line of plain text with the math as its LaTeX source (the ``$``
    dropped): ``at $z = 0$ the expression lies in $[0, 0]$`` -> ``at z = 0 the expression
    lies in [0, 0]``; for reasons read next to LaTeX the user wrote (``derive check``)."""
    return "".join(t for _, t in segments(s))


def plain(s: str) -> str:
    """Text that may contain ``$`` as rich text (the ``$`` escaped)."""
    return s.replace("$", r"\$")


# ----------------------------------------------------------------------------- math, normalised

_LOG = re.compile(r"\\log(?![A-Za-z])")


def normalise_math(s: str) -> str:
    r"""LaTeX math in derive's one spelling: ``\ln`` for the natural logarithm (the book's
    ``\log``), ASCII only (``σ -> \sigma``)."""
    return _LOG.sub(r"\\ln", math_ascii(s))


_MAJOR = r"\s*[,;:]?\s*\\q?quad(?![A-Za-z])\s*|;\s*(?:\\[ ,]\s*)?"
_MINOR = r",\s*\\[ ,]\s*"
LONG_LINE = 90  # characters of LaTeX source above which a part is split at ",\ " too


def _split_top(s: str, sep: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for m in re.finditer(r"\\left(?![A-Za-z])|\\right(?![A-Za-z])|\\[{}]|[{}]|" + sep, s):
        tok = m[0]
        if tok in ("{", r"\left"):
            depth += 1
        elif tok in ("}", r"\right"):
            depth -= 1
        elif tok.strip() not in ("{", "}", r"\{", r"\}") and depth == 0 and m.end() > m.start():
            punct = tok.strip()[:1] if tok.strip()[:1] in ",;:" else ""
            parts.append(s[last:m.start()].strip() + punct)
            last = m.end()
    parts.append(s[last:].strip())
    return [p for p in parts if p]


def math_lines(s: str) -> list[str]:
    r"""A long formula split for one display line each: at its top-level ``\quad`` and
    ``;`` separators (``a = b, \quad c < d`` -> ``["a = b,", "c < d"]``), and a part longer
    than ``LONG_LINE`` also at ``,\ ``; braces and ``\left..\right`` are never split."""
    out = []
    for part in _split_top(s, _MAJOR):
        out += _split_top(part, _MINOR) if len(part) > LONG_LINE else [part]
    return out


# ----------------------------------------------------------------------------- LaTeX -> terminal

_TEXT_SYMBOLS: dict[str, str] = {
    **{g: unicodedata.lookup(f"GREEK SMALL LETTER {'LAMDA' if g == 'lambda' else g.upper()}")
       for g in (
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
        "omega")},
    **{g: unicodedata.lookup(f"GREEK CAPITAL LETTER {'LAMDA' if g == 'Lambda' else g.upper()}")
       for g in _GREEK_CAPITALS},
    "varepsilon": "ε", "varphi": "φ", "vartheta": "ϑ", "ell": "ℓ",
    "le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥", "geqslant": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "∼", "equiv": "≡", "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "in": "∈",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "setminus": "∖",
    "to": "→", "mapsto": "↦", "rightarrow": "→", "Rightarrow": "⇒", "implies": "⇒",
    "Leftarrow": "⇐", "iff": "⇔", "Leftrightarrow": "⇔", "infty": "∞", "partial": "∂",
    "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "oplus": "⊕", "otimes": "⊗",
    "odot": "⊙",
    "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨", "neg": "¬", "lnot": "¬",
    "forall": "∀", "exists": "∃", "emptyset": "∅", "dots": "…", "ldots": "…", "cdots": "⋯",
    "vdots": "⋮", "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|",
    "rvert": "|", "mid": "|", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "circ": "∘", "star": "⋆", "ast": "∗", "top": "ᵀ",
    "prime": "′", "{": "{", "}": "}", "_": "_", "%": "%", "&": "&", "#": "#", "$": "$",
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "   ",
    "colon": ":", "backslash": "\\",
}
_RELATIONS = set("≤≥≠≈∼≡∈∉⊂⊆→↦⇒⇐⇔=<>∧∨")
_WORD_COMMANDS = {"ln", "log", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "sech",
                  "max", "min", "sup", "inf", "lim", "arg", "det", "erf", "erfc", "diag",
                  "argmax", "argmin", "sgn", "gcd", "Pr"}
_STYLE_COMMANDS = {"text", "textrm", "textbf", "textit", "emph", "mathrm", "mathit", "mathbf",
                   "mathsf", "mathtt", "texttt", "operatorname", "boldsymbol", "mbox",
                   "textnormal", "hbox", "mathcal"}
_DROP = {"left", "right", "displaystyle", "textstyle", "big", "Big", "bigl", "bigr", "Bigl",
         "Bigr", "bigg", "Bigg", "nonumber", "notag", "limits", "nolimits", "middle"}
_TEXT_MODE = {"text", "textrm", "textnormal", "mbox", "hbox", "textit", "emph", "textbf"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvx",
                      "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUPERSCRIPT = dict(zip("0123456789+-=()nilTLkj*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˡᵀᴸᵏʲ*"))
_TOKEN = re.compile(r"\\[A-Za-z]+\s*|\\.|[{}_^&]|\s+|.", re.S)
_SOFT = "\x00"  # a space that survives only before a letter or digit


class _Tex:
    """A tiny reader of the LaTeX math derive writes, for ``tex_to_text``."""

    def __init__(self, s: str) -> None:
        self.toks = _TOKEN.findall(s)
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def arg(self) -> str:
        """The next argument: a group, or one token."""
        while self.peek() is not None and self.peek().isspace():
            self.i += 1
        tok = self.peek()
        if tok is None:
            return ""
        if tok == "{":
            self.i += 1
            return self.seq(stop="}")
        return self.atom()

    def raw_arg(self) -> str:
        while self.peek() is not None and self.peek().isspace():
            self.i += 1
        if self.peek() != "{":
            return self.take() if self.peek() is not None else ""
        depth, out = 0, []
        while self.peek() is not None:
            tok = self.take()
            depth += {"{": 1, "}": -1}.get(tok, 0)
            if depth == 0:
                break
            if not (tok == "{" and depth == 1):
                out.append(tok)
        return "".join(out)

    def seq(self, stop: str | None = None) -> str:
        out = []
        while self.peek() is not None:
            if self.peek() == stop:
                self.i += 1
                break
            out.append(self.atom())
        return "".join(out)

    def atom(self) -> str:
        tok = self.take()
        if tok == "{":
            return self.seq(stop="}")
        if tok == "}":
            return ""
        if tok in ("_", "^"):
            return _script(self.arg(), tok == "_")
        if tok == "&":
            return ""
        if tok == "'":
            return "′"
        if tok.isspace():
            return " "
        if tok == "\\\\":
            return "; "
        if not tok.startswith("\\"):
            return f" {tok} " if tok in _RELATIONS else tok
        name = tok[1:].strip()
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num, den = self.arg(), self.arg()
            return f"{_group(num)}/{_group(den)}"
        if name == "sqrt":
            if self.peek() == "[":
                idx = []
                self.take()
                while self.peek() not in (None, "]"):
                    idx.append(self.atom())
                self.take() if self.peek() else None
                return _SUPERSCRIPT.get("".join(idx), "") + "√" + _group(self.arg())
            return "√" + _group(self.arg())
        if name in _TEXT_MODE:  # words: quotes and spaces as written, no math reading
            raw = self.raw_arg()
            words = raw.replace("``", "“").replace("''", "”").replace("\\ ", " ")
            return re.sub(r"\\([%&#_{}$])", r"\1", words).replace("~", " ")
        if name in _STYLE_COMMANDS:
            inner = self.arg()
            return f"{inner}{_SOFT}" if name == "operatorname" else inner
        if name == "mathbb":
            inner = self.arg()
            return _BLACKBOARD.get(inner, inner)
        if name in ("begin", "end"):
            self.raw_arg()
            return " "
        if name in ("overline", "bar"):
            return self.arg() + "\u0305"
        if name in ("hat", "widehat"):
            return self.arg() + "\u0302"
        if name in ("tilde", "widetilde"):
            return self.arg() + "\u0303"
        if name in ("label", "tag"):
            self.raw_arg()
            return ""
        if name in _DROP:
            nxt = self.peek()
            if name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "middle") and nxt:
                self.take()
                if nxt.startswith("\\"):
                    return _TEXT_SYMBOLS.get(nxt[1:].strip(), nxt[1:].strip())
                return "" if nxt == "." else nxt
            return ""
        if name in _WORD_COMMANDS:
            word = "ln" if name == "log" else name
            return f"{_SOFT}{word}{_SOFT}"
        sym = _TEXT_SYMBOLS.get(name)
        if sym is None:
            return f"{name}{_SOFT}"  # a command this reader does not know: its name
        if sym in _RELATIONS:
            return f" {sym} "
        return sym + (" " if tok[-1].isspace() and sym not in "∂∇" else "")


_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˡᵀᴸᵏʲ′"


def _wrapped(s: str) -> bool:
    """``s`` is one parenthesised group, possibly raised to a power: ``(a + b)²``."""
    if not s.startswith("("):
        return False
    depth = 0
    for i, ch in enumerate(s):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return all(c in _SUPERSCRIPT_CHARS for c in s[i + 1:])
    return False


def _group(s: str) -> str:
    """``s`` as an operand of ``/`` or ``√``: in parentheses unless it is one atom."""
    s = _tidy(s)
    atomic = re.fullmatch(r"[\w.′∂∞√πσδγχ₀-₉ₐ-ₜⱼ⁰-⁹ᵀˡᴸⁿ‖|]+(\([^()]*\))?", s) is not None
    if s.startswith("∂") and " " not in s and "/" not in s:
        atomic = True
    return s if atomic or _wrapped(s) else f"({s})"


def _script(s: str, sub: bool) -> str:
    s = re.sub(r"\s*([=<>+])\s*", r"\1", _tidy(s))
    table = _SUBSCRIPT if sub else _SUPERSCRIPT
    if s == "′" and not sub:
        return "′"
    if s and all(c in table for c in s) and (len(s) <= 3 or not any(c.isalpha() for c in s)):
        return "".join(table[c] for c in s)
    mark = "_" if sub else "^"
    return f"{mark}{s}" if len(s) == 1 or s.isalpha() else f"{mark}({s})"


def _tidy(s: str) -> str:
    s = re.sub(_SOFT + r"+(?=[A-Za-z0-9α-ωΑ-Ω√∂])", " ", s)
    s = s.replace(_SOFT, "")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"([(\[{]) ", r"\1", s)
    s = re.sub(r" ([)\]},;:])", r"\1", s)
    s = re.sub(r"^\s+|\s+$", "", s)
    return s


def tex_to_text(s: str) -> str:
    r"""Terminal text (Unicode math) for LaTeX math: ``\frac{\partial C}{\partial b_1} =
    \sigma'(z_1) w_2`` -> ``∂C/∂b₁ = σ′(z₁) w₂``, ``\tfrac14`` -> ``1/4``, ``\log`` ->
    ``ln``. Every command becomes a symbol or a word: never a backslash."""
    return _tidy(_Tex(s).seq())


# ----------------------------------------------------------------------------- rich text

# ASCII spellings of relations in plain text, as the symbols they stand for (rules as data)
_ASCII_RELATIONS = (("<=", "≤"), (">=", "≥"), ("+-", "±"), ("->", "→"), (" ~ ", " ∼ "),
                    ("!=", "≠"))


def _symbols(t: str) -> str:
    """Plain text with its ASCII relations as symbols: ``a <= b +- c`` -> ``a ≤ b ± c``."""
    for ascii_, sym in _ASCII_RELATIONS:
        t = t.replace(ascii_, sym)
    return t


def rich_text(s: str) -> str:
    """Rich text for a terminal: the math in Unicode (``tex_to_text``)."""
    return "".join(tex_to_text(t) if is_math else _symbols(t)
                   for is_math, t in segments(s)).strip()


def rich_mathjax(s: str) -> str:
    r"""Rich text inside one MathJax display: words in ``\text{}``, the math as is."""
    return "".join(normalise_math(t) if is_math else math_text(t) for is_math, t in segments(s))


def rich_latex(s: str, footnotes: bool = True) -> str:
    r"""Rich text for a LaTeX document (text mode, ASCII): words escaped, the math inline;
    a long rigorous enclosure is rounded for reading, ``$\approx 0.4477$``, with the
    enclosure itself in a footnote (``footnotes=False``: in parentheses)."""
    out = []
    for is_math, t in segments(s):
        if not is_math:
            out.append(escape_text(_symbols(t)))
            continue
        t = normalise_math(t)
        short = reading_value(t)
        if short is None:
            out.append(f"${t}$")
        elif footnotes:
            out.append(rf"$\approx {short}$\footnote{{Rigorous enclosure ${t}$.}}")
        else:
            out.append(rf"$\approx {short}$ (enclosure ${t}$)")
    return "".join(out)


_WORD = re.compile(r"(?<![\\_^{])\b[A-Za-z]{2,}\b")


def is_plain_text(claim: str) -> bool:
    r"""Whether a step's ``claim``, meant to be LaTeX math, is really plain text (no LaTeX
    command and at least two words, e.g. ``"bp1 for 360 networks"``): set in math it would
    lose its spaces and turn ``delta_product`` into a subscript, so it is shown as text."""
    return "\\" not in claim and len(_WORD.findall(claim)) >= 2


def claim_rich(claim: str) -> str:
    """A step's claim (LaTeX math, or plain text) as rich text."""
    return plain(claim) if is_plain_text(claim) else inline(claim)


# ----------------------------------------------------------------------------- proofs

METHOD_WORDS = {
    "identity": "exact identity", "certificate": "explicit certificate",
    "solve": "exact solve", "interval": "rigorous interval enclosure",
    "induction": "induction", "counterexample": "counterexample",
    "evidence": "evidence, not proof", "rule": "trusted rule",
}
VERDICT_WORDS = {
    "proved": "proved: every step is an exact identity, an explicit certificate, an exact "
              "solve, a rigorous interval enclosure or a named rule applied to proved steps",
    "refuted": "refuted: a step found a counterexample, checked exactly or with intervals",
    "unknown": "unknown: at least one step could not be decided",
    "evidence": "evidence only: the exact steps hold, the rest is numerical or statistical "
                "evidence, which is not proof",
}


def method_words(step) -> str:
    """How a step was decided, in words: ``explicit certificate``, ``trusted rule: induction``."""
    words = METHOD_WORDS.get(step.method, step.method)
    if step.method == "rule" and getattr(step, "rules", ()):
        words = f"{words}: {', '.join(step.rules)}"
    return words


def _verdict_mark(step) -> str:
    return "" if str(step.verdict) == "proved" else f" [{step.verdict}]"


def proof_text(proof) -> str:
    """A proof for terminals, in Unicode math: id and verdict, the statement, one line per
    step (its claim) with the method and reason below, then the evidence."""
    head = f"{proof.id}: {proof.verdict}" + (f" ({proof.method})" if proof.method else "")
    lines = [head, f"  {tex_to_text(proof.statement)}"]
    for i, st in enumerate(proof.steps, 1):
        lines.append(f"  {i}. {rich_text(claim_rich(st.claim))}")
        lines.append(f"     [{st.verdict}] {method_words(st)}: {rich_text(st.reason)}")
    lines += [f"  evidence (not proof): {rich_text(plain(e))}" for e in proof.evidence]
    return "\n".join(lines)


def proof_math(proof) -> str:
    r"""A proof as one display of pure math (for Jupyter's MathJax and for LaTeX alike):
    the id and statement, then one row per step with its method, verdict and reason."""
    rows = [rf"{math_text(proof.id + ': ')} \displaystyle {normalise_math(proof.statement)}",
            rf"\quad \text{{verdict: }}\textbf{{{proof.verdict}}}"
            + (rf"\text{{ by }}{math_text(proof.method)}" if proof.method else "")]
    for i, s in enumerate(proof.steps, 1):
        rows.append(rf"\quad \text{{{i}. }}\displaystyle {rich_mathjax(claim_rich(s.claim))}")
        rows.append(rf"\qquad {math_text(f'[{s.verdict}] {method_words(s)}: ')}"
                    + rich_mathjax(s.reason))
    for e in proof.evidence:
        rows.append(rf"\quad {math_text('evidence (not proof): ' + e)}")
    return "$$\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}$$"


def proof_latex(proof) -> str:
    """A proof as LaTeX to paste (``derive prove --format latex``): the statement, then
    ``align*`` with one step a line and its method; the reasons follow as a list. Each part
    follows an ``anchor`` comment line, so that ``derive check`` re-proves it when pasted."""
    lines = [anchor(proof.id, "heading"), proof_heading(proof)]
    if proof.steps:
        rows = []
        for i, s in enumerate(proof.steps, 1):
            rows += [anchor(proof.id, f"row {i}"), proof_row(proof, i)]
        lines.append("\\begin{align*}\n" + "\n".join(rows) + "\n\\end{align*}")
        lines += [anchor(proof.id, "reasons"), proof_reasons(proof)]
    return "\n".join(lines)


def proof_heading(proof) -> str:
    """The first line of ``proof_latex``: the id, the statement, the verdict and methods."""
    return (rf"\textbf{{{escape_text(proof.id)}}}: ${normalise_math(proof.statement)}$ \quad "
            rf"(\emph{{{proof.verdict}}}, {escape_text(proof.method)})")


def proof_row(proof, i: int) -> str:
    """Row ``i`` (1-based) of ``proof_latex``'s ``align*``: the step's claim and its method."""
    s = proof.steps[i - 1]
    claim = (rf"\text{{{escape_text(s.claim)}}}" if is_plain_text(s.claim)
             else normalise_math(s.claim))
    end = " \\\\" if i < len(proof.steps) else ""
    return (rf"& {claim} && \text{{{escape_text(method_words(s))}"
            rf"{escape_text(_verdict_mark(s))}}}" + end)


def proof_reasons(proof) -> str:
    """The list of the steps' reasons after ``proof_latex``'s ``align*``."""
    items = "".join(rf" \item {rich_latex(s.reason, footnotes=False)}" for s in proof.steps)
    return r"\begin{enumerate}" + items + r" \end{enumerate}"


def _display(s: str) -> str:
    r"""LaTeX math as a display: on one line if it fits, else one line per top-level
    ``\quad`` part (``\fitsplit``), each scaled down only if it is still wider than the
    line (``\fitmath``)."""
    full = normalise_math(s)
    parts = math_lines(full)
    if len(parts) == 1:
        return rf"\begin{{gather*}}\fitmath{{{full}}}\end{{gather*}}"
    lines = r" \\ ".join(rf"\fitmath{{{p}}}" for p in parts)
    return (rf"\begin{{gather*}}\fitsplit{{{full}}}{{\begin{{gathered}}{lines}"
            r"\end{gathered}}\end{gather*}")


def _sentence(s: str) -> str:
    """``s`` with a capital first letter and a final full stop (rich text)."""
    s = s.strip()
    if s and s[0].isalpha() and s[0].islower():
        s = s[0].upper() + s[1:]
    return s if s.endswith((".", "!", "?")) else s + "."


def anchor(claim_id: str, part: str) -> str:
    r"""The LaTeX comment put on its own line just before a display of the notes, naming what
    it shows (``% derive: claim sigmoid.max step 3``; ``part``: ``statement``, ``step K``,
    ``reason K`` (the paragraph introducing step K) or ``evidence`` in the notes; ``heading``,
    ``row K`` or ``reasons`` in ``proof_latex``), so that ``derive check`` can re-prove it
    (``derive.check.claims``)."""
    return f"% derive: claim {claim_id} {part}"


def step_display(claim: str) -> str:
    """A step's claim as the notes display it: plain text centred, math as a display."""
    if is_plain_text(claim):
        return rf"\begin{{center}}{escape_text(claim)}\end{{center}}"
    return _display(claim)


def step_paragraph(i: int, step) -> str:
    """The paragraph that introduces step ``i`` in the notes: its method and its reason."""
    mark = rf" \textbf{{[{step.verdict}]}}" if str(step.verdict) != "proved" else ""
    return (rf"\par\noindent\textbf{{Step {i}}} ({escape_text(method_words(step))}){mark}. "
            + rich_latex(_sentence(step.reason)))


def statement_display(statement: str) -> str:
    """A claim's statement as the notes display it."""
    return _display(statement)


def evidence_display(evidence: Sequence[str]) -> str:
    """A claim's evidence as the notes list it (after the proof, never part of it)."""
    out = [r"\noindent\textbf{Evidence} (numerical or statistical, not part of "
           r"the proof)." "\n" r"\begin{itemize}"]
    out += [rf"  \item {rich_latex(plain(e))}" for e in evidence]
    out.append(r"\end{itemize}")
    return "\n".join(out)


def claim_block(proof, summary: str | None = None, heading: str | None = None) -> str:
    r"""One claim for the notes: a numbered theorem-like block (``theorem`` when proved,
    ``observation`` for evidence, ``claim`` otherwise) holding the statement, then the
    proof as a derivation: one paragraph a step with its method in words and its reason,
    then the step's claim as a display; the verdict when the claim is not proved; then
    the evidence, outside the proof. Every display (and the evidence) follows an ``anchor``
    comment line naming the claim and the step, for ``derive check``. Needs ``THEOREMS``
    and ``FITMATH`` (``heading``: a sectioning command such as ``subsection*`` put before
    the block, for snippets; ``summary`` is not shown: the statement is the typeset form)."""
    verdict = str(proof.verdict)
    env = {"proved": "theorem", "evidence": "observation"}.get(verdict, "claim")
    label = "claim:" + re.sub(r"[^A-Za-z0-9.:-]", "-", proof.id)
    out = []
    if heading:
        out.append(rf"\{heading}{{\texttt{{{escape_text(proof.id)}}}}}")
    out.append(rf"\begin{{{env}}}[\texttt{{{escape_text(proof.id)}}}]\label{{{label}}}")
    out.append(anchor(proof.id, "statement"))
    out.append(statement_display(proof.statement))
    out.append(rf"\end{{{env}}}")
    out.append(r"\begin{proof}" if verdict == "proved" else r"\begin{proof}[Derivation]")
    if not proof.steps:
        out.append(r"No proof steps were recorded.")
    for i, s in enumerate(proof.steps, 1):
        out.append(anchor(proof.id, f"reason {i}"))
        out.append(step_paragraph(i, s))
        out.append(anchor(proof.id, f"step {i}"))
        out.append(step_display(s.claim))
    if verdict != "proved":
        out.append(rf"\par\noindent\textbf{{Verdict: {verdict}.}} "
                   rf"{escape_text(_sentence(VERDICT_WORDS[verdict].split(': ', 1)[1]))}")
    out.append(r"\end{proof}")
    if proof.evidence:
        out.append(anchor(proof.id, "evidence"))
        out.append(evidence_display(proof.evidence))
    return "\n".join(out)


# \fitmath{...}: display math scaled down to the line width only when it is wider;
# \fitsplit{one line}{several lines}: the first if it fits the line, else the second.
FITMATH = r"""\makeatletter
\@ifundefined{derivefitbox}{\newsavebox{\derivefitbox}}{}
\providecommand{\fitmath}[1]{\sbox{\derivefitbox}{$\displaystyle #1$}%
  \ifdim\wd\derivefitbox>\linewidth\typeout{derive: display scaled from \the\wd\derivefitbox\space
  to \the\linewidth}\resizebox{\linewidth}{!}{\usebox{\derivefitbox}}%
  \else\usebox{\derivefitbox}\fi}
\providecommand{\fitsplit}[2]{\sbox{\derivefitbox}{$\displaystyle #1$}%
  \ifdim\wd\derivefitbox>\linewidth #2\else\usebox{\derivefitbox}\fi}
\makeatother"""

THEOREMS = r"""\makeatletter
\@ifundefined{proof}{\newenvironment{proof}[1][Proof]{\par\noindent\emph{#1.}\ }%
  {\hfill\textit{q.e.d.}\par\medskip}}{}
\@ifundefined{theoremstyle}{}{\theoremstyle{definition}}
\@ifundefined{theorem}{\newtheorem{theorem}{Theorem}[section]}{}
\@ifundefined{observation}{\newtheorem{observation}[theorem]{Observation}}{}
\@ifundefined{claim}{\newtheorem{claim}[theorem]{Claim}}{}
\makeatother"""


# ----------------------------------------------------------------------------- derive check results

def result_math(result) -> str:
    r"""A ``derive check`` result (``line``, ``source``, ``verdict``, ``reason``, ``method``) as
    one MathJax display for Jupyter: the equation as written, then its verdict and reason."""
    rows = [rf"{math_text(f'line {result.line}: ')} \displaystyle {normalise_math(result.source)}",
            rf"\quad \text{{verdict: }}\textbf{{{result.verdict}}}"
            + (rf"\text{{ by }}{math_text(result.method)}" if result.method else "")]
    if result.reason:
        rows.append(rf"\quad {rich_mathjax(result.reason)}")
    return "$$\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}$$"


def result_text(result) -> str:
    """A ``derive check`` result for terminals: line, the equation in Unicode math, verdict,
    reason."""
    return (f"line {result.line}: {tex_to_text(result.source)}  {result.verdict}"
            + (f"  {rich_text(result.reason)}" if result.reason else ""))
