r"""A small grammar for the book's notation: LaTeX math -> derive's own SymPy objects.

Never ``eval``, never ``sympify``/``parse_latex`` on user text: the text is tokenised by a
Lark LALR grammar (below, ``GRAMMAR``) and every node is built by an explicit constructor
(``sp.Integer``, ``sp.Symbol``, ``act.func``, ...). Anything outside the grammar raises
``NotUnderstood`` with a one-line reason.

Understood (see README "derive check"):

* numbers ``3``, ``0.45``; letters ``w``, ``z`` (real symbols; ``e`` is Euler's number),
  subscripted ``w_2``, ``z_{12}``, ``a_j``, ``b_{j+1}``; Greek ``\alpha \beta \eta \lambda``...;
  ``\pi``;
* ``+ -``, ``\cdot \times *``, juxtaposition, ``/``, ``\frac \dfrac \cfrac \tfrac`` (also
  ``\frac14``), powers ``x^2``, ``x^{...}``, ``\sqrt{..}``, ``\sqrt[n]{..}``, ``\ln \log \exp``,
  ``e^{..}``, ``|..|`` and ``\left| \right|``, ``( ) [ ]`` with or without ``\left \right``;
* activations from ``derive.activations``: ``\sigma``, ``\tanh``, ``\operatorname{relu}``,
  ``\operatorname{softplus}`` (also ``\mathrm{..}``, ``\text{..}``) applied ``f(..)`` and
  their derivatives ``f'(..)``;
* partials of the cost: ``\frac{\partial C}{\partial b_j}`` (also ``w_j``, ``z_j``, ``a_j``)
  and ``\partial C / \partial b_j``; these become the symbols ``dC/db_j`` etc.;
* ``\max_z f`` and ``\min_z f`` (an unevaluated ``Extremum``);
* relations ``= \le \ge < > \leq \geq \approx \neq`` (chains ``a \le b < c`` too) and
  ``\implies \Rightarrow``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, VisitError

from derive.activations import ACTIVATIONS

MAX_CHARS = 2000  # longest equation (after removing spacing commands) that is parsed
MAX_NESTING = 40  # deepest nesting of { ( [ |
MAX_DIGITS = 40  # longest number literal
MAX_EXPONENT = 1000  # |exponent| allowed on a numeric base
MAX_RESULT_BITS = 20_000  # largest exact power of a rational computed while parsing
MAX_SYMBOLIC_EXPONENT = 200  # |exponent| allowed on an expression (expand would explode)

RELATIONS = {"=": "=", r"\le": "<=", r"\ge": ">=", "<": "<", ">": ">", r"\approx": "~",
             r"\neq": "!="}


class NotUnderstood(ValueError):
    """The text is outside derive's grammar; the message says what, in one line."""


class Extremum(sp.Function):
    """``\\max_v f`` (``kind = 1``) or ``\\min_v f`` (``kind = -1``), never evaluated:
    ``Extremum(f, v, kind)``."""

    nargs = 3


@dataclass(frozen=True)
class Relation:
    """``lhs op rhs`` with ``op`` one of ``= <= >= < > ~ !=`` (``~`` is ``\\approx``)."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr


@dataclass(frozen=True)
class Statement:
    """A chain of relations ``e0 op1 e1 op2 e2 ...`` (``relations`` pairs them up), or an
    implication ``premise \\implies conclusion`` (both statements), or a bare expression
    (``relations`` empty, ``expr`` set)."""

    relations: tuple[Relation, ...] = ()
    premise: Statement | None = None
    conclusion: Statement | None = None
    expr: sp.Expr | None = None


GRAMMAR = r"""
start: stmt
?stmt: chain | chain IMPLIES chain -> implies
chain: side (REL side)*
?side: expr
     | EXTREMUM "_" group expr -> extremum

?expr: term
     | expr "+" term -> add
     | expr "-" term -> sub
?term: signed
     | term "*" signed -> mul
     | term "/" signed -> div
     | term juxt -> mul
?signed: juxt
       | "-" signed -> neg
       | "+" signed
?juxt: power
     | ELEM power -> elem
?power: postfix
      | postfix "^" group -> pow
?postfix: atom
atom: NUMBER -> number
    | SYMBOL -> symbol
    | "(" expr ")" -> paren
    | "[" expr "]" -> paren
    | "{" expr "}" -> paren
    | LBAR expr RBAR -> abs
    | FRAC group group -> frac
    | FRAC "{" PARTIAL SYMBOL "}" "{" PARTIAL SYMBOL "}" -> partial
    | PARTIAL SYMBOL "/" PARTIAL SYMBOL -> partial
    | SQRT group -> sqrt
    | SQRT "[" expr "]" group -> root
    | ACT "(" expr ")" -> act
    | ACT "'" "(" expr ")" -> act_prime
    | ACT "^" group "(" expr ")" -> act_pow
    | ELEM "^" group "(" expr ")" -> elem_pow
    | ELEMP expr ")" -> elem
?group: "{" expr "}" | NUMBER -> number | SYMBOL -> symbol

IMPLIES: /\\implies(?![a-zA-Z])|\\Rightarrow(?![a-zA-Z])|\\Longrightarrow(?![a-zA-Z])/
REL: /=|<|>|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z])|\\approx(?![a-zA-Z])|\\neq(?![a-zA-Z])/
NUMBER: /\d+(\.\d+)?|\.\d+/
SYMBOL.2: /[A-Za-z](_[A-Za-z0-9]+)?/
        | /\\(alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
        | /\\(lambda|mu|tau|omega|pi|phi)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
FRAC.3: /\\frac(?![a-zA-Z])/
PARTIAL.3: /\\partial(?![a-zA-Z])/
SQRT.3: /\\sqrt(?![a-zA-Z])/
ACT.3: /\\(sigma|tanh|relu|softplus)(?![a-zA-Z])/
ELEMP.4: /\\(ln|log|exp|sech|cosh|sinh)\s*\(/
ELEM.3: /\\(ln|log|exp|sech|cosh|sinh)(?![a-zA-Z])/
EXTREMUM.3: /\\(max|min)(?![a-zA-Z])/
LBAR.3: /\\lbar(?![a-zA-Z])/
RBAR.3: /\\rbar(?![a-zA-Z])/
%ignore /\s+/
"""

_ACT_NAMES = {"sigma": "sigmoid", "tanh": "tanh", "relu": "relu", "softplus": "softplus"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta",
          "lambda", "mu", "tau", "omega", "phi"}
_PARTIAL_OF = {"b", "w", "z", "a"}


def _symbol(text: str) -> sp.Expr:
    """``w_2 -> Symbol('w_2', real=True)``; ``e -> E``; ``\\pi -> pi``; ``a_0`` is ``x``
    (the chain's input, as in ``derive.chain.sym``)."""
    name = text.lstrip("\\")
    if name == "e":
        return sp.E
    if name == "pi":
        return sp.pi
    if name == "a_0":
        return sp.Symbol("x", real=True)
    return sp.Symbol(name, real=True)


def _number(text: str) -> sp.Rational:
    """A decimal literal as an exact rational (``0.45 -> 9/20``), via ``fractions``."""
    if len(text.replace(".", "")) > MAX_DIGITS:
        raise NotUnderstood(f"number with more than {MAX_DIGITS} digits")
    f = Fraction(text)
    return sp.Rational(f.numerator, f.denominator)


def _power(base: sp.Expr, ex: sp.Expr) -> sp.Expr:
    """``base^ex``, refusing exact powers that would be huge (SymPy computes them at once,
    in C, beyond the reach of a time limit) and large symbolic powers (``expand``)."""
    if ex.is_Number and base.is_Number and abs(ex) > MAX_EXPONENT:
        raise NotUnderstood(f"exponent larger than {MAX_EXPONENT} on a number")
    if ex.is_Number and base.is_Rational:
        bits = int(abs(base.p)).bit_length() + int(base.q).bit_length()
        if bits * abs(ex) > MAX_RESULT_BITS:
            raise NotUnderstood(f"a number with more than {MAX_RESULT_BITS} bits")
        return sp.Pow(base, ex)
    if ex.is_Number and abs(ex) > MAX_SYMBOLIC_EXPONENT:
        raise NotUnderstood(f"exponent larger than {MAX_SYMBOLIC_EXPONENT}")
    return sp.Pow(base, ex)


class _Build(Transformer):
    """Builds SymPy objects on each LALR reduction (no recursion over the tree)."""

    def start(self, c):
        return c[0]

    def chain(self, c):
        if len(c) == 1:
            return Statement(expr=c[0])
        rels = []
        for i in range(1, len(c), 2):
            op = RELATIONS[str(c[i])]
            rels.append(Relation(c[i - 1], op, c[i + 1]))
        return Statement(relations=tuple(rels))

    def implies(self, c):
        p, _, q = c
        if not p.relations or not q.relations:
            raise NotUnderstood(r"\implies between expressions, not statements")
        return Statement(premise=p, conclusion=q)

    def add(self, c):
        return sp.Add(c[0], c[1])

    def sub(self, c):
        return sp.Add(c[0], -c[1])

    def mul(self, c):
        return sp.Mul(c[0], c[1])

    def div(self, c):
        if c[1] == 0:
            raise NotUnderstood("division by zero")
        return sp.Mul(c[0], sp.Pow(c[1], -1))

    def neg(self, c):
        return -c[0]

    def pow(self, c):
        return _power(c[0], c[1])

    def number(self, c):
        return _number(str(c[0]))

    def symbol(self, c):
        return _symbol(str(c[0]))

    def paren(self, c):
        return c[0]

    def abs(self, c):
        return sp.Abs(c[1])

    def frac(self, c):
        return self.div([c[1], c[2]])

    def partial(self, c):
        toks = [str(t) for t in c if isinstance(t, Token) and t.type == "SYMBOL"]
        num, den = toks
        if num != "C":
            raise NotUnderstood(rf"\partial {num}: only partials of the cost C are understood")
        m = re.fullmatch(r"([a-z])_(\d+|[jkl](?:[pm]\d)?|L(?:m\d)?)", den)
        if not m or m[1] not in _PARTIAL_OF:
            raise NotUnderstood(rf"\partial C/\partial {den}: only b_j, w_j, z_j, a_j (index "
                                "a number, j, j+1, j-1, L, ...) are understood")
        return sp.Symbol(f"dC/d{den}", real=True)

    def sqrt(self, c):
        return sp.sqrt(c[1])

    def root(self, c):
        n = c[1]
        if not (n.is_Integer and 2 <= n <= 100):
            raise NotUnderstood(r"\sqrt[n] needs a whole n in 2..100")
        return sp.root(c[2], n)

    def _act(self, tok):
        return ACTIVATIONS[_ACT_NAMES[str(tok).lstrip("\\")]]

    def act(self, c):
        return self._act(c[0]).func(c[1])

    def act_prime(self, c):
        return self._act(c[0]).prime(c[1])

    def act_pow(self, c):
        return _power(self._act(c[0]).func(c[2]), c[1])

    def _elem(self, tok, arg):
        name = str(tok).lstrip("\\")
        if name in ("exp", "sech", "cosh", "sinh"):
            return getattr(sp, name)(arg)
        return sp.log(arg)  # \ln and \log: the natural logarithm (the book's convention)

    def elem(self, c):
        r"""``\ln x^2 = \ln(x^2)``, but ``\ln(x)^2 = (\ln x)^2`` (the parenthesis binds)."""
        return self._elem(str(c[0]).rstrip("( \t\n"), c[1])

    def elem_pow(self, c):
        return _power(self._elem(c[0], c[2]), c[1])

    def extremum(self, c):
        var = c[1]
        if not isinstance(var, sp.Symbol):
            raise NotUnderstood(r"\max/\min must be over one variable, e.g. \max_z")
        kind = 1 if str(c[0]).endswith("max") else -1
        return Extremum(c[2], var, sp.Integer(kind))


_PARSER = Lark(GRAMMAR, parser="lalr", transformer=_Build(), maybe_placeholders=False)

# ---------------------------------------------------------------------------- normalising

_DROP = re.compile(
    r"\\(displaystyle|textstyle|nonumber|notag|quad|qquad|limits|big|Big|bigg|Bigg)(?![a-zA-Z])"
    r"|\\label\{[^{}]*\}|\\[,;:! ]|~|&")
_RENAME = [
    (re.compile(r"\\[dct]frac(?![a-zA-Z])"), r"\\frac"),
    (re.compile(r"\\(cdot|times|ast)(?![a-zA-Z])"), "*"),
    (re.compile(r"\\(leq|leqslant)(?![a-zA-Z])"), r"\\le"),
    (re.compile(r"\\(geq|geqslant)(?![a-zA-Z])"), r"\\ge"),
    (re.compile(r"\\(ne)(?![a-zA-Z])"), r"\\neq"),
    (re.compile(r"\\lt(?![a-zA-Z])"), "<"),
    (re.compile(r"\\gt(?![a-zA-Z])"), ">"),
    (re.compile(r"\\(operatorname|mathrm|text|textrm)\{\s*(relu|ReLU|softplus)\s*\}"),
     lambda m: "\\" + m[2].lower()),
    (re.compile(r"\\(operatorname|mathrm)\{\s*(\w+)\s*\}"), r"\\\2"),
    (re.compile(r"\\prime(?![a-zA-Z])"), "'"),
    (re.compile(r"\^\s*\{\s*'\s*\}"), "'"),
    (re.compile(r"\\left\s*\\?([(\[{.])"), r"\1"),
    (re.compile(r"\\right\s*\\?([)\]}.])"), r"\1"),
    (re.compile(r"\\([lr]vert)(?![a-zA-Z])"),
     lambda m: "\\left|" if m[1][0] == "l" else "\\right|"),
    (re.compile(r"\\frac\s*(\d)\s*(\d)"), r"\\frac{\1}{\2}"),
    (re.compile(r"\^\s*(\d)"), r"^{\1}"),
    (re.compile(r"([A-Za-z])_\s*(\w)"), r"\1_\2 "),  # LaTeX: w_12 is w_1 times 2
    (re.compile(r"_\s*\{\s*([A-Za-z0-9]+)\s*\}"), r"_\1"),
    (re.compile(r"_\s*\{\s*([A-Za-z])\s*([+-])\s*(\d)\s*\}"),  # a_{j-1} -> symbol a_jm1
     lambda m: f"_{m[1]}{'p' if m[2] == '+' else 'm'}{m[3]}"),
]


def _mark_bars(s: str) -> str:
    r"""Replace each ``|`` by ``\lbar`` or ``\rbar``: a bar closes an open ``|`` when it
    follows an operand (a letter, digit, ``)``, ``}``, ``'`` or a closing bar), else it opens
    one; ``\left|`` / ``\right|`` are explicit."""
    out: list[str] = []
    depth, operand, i = 0, False, 0
    while i < len(s):
        if s.startswith(r"\left|", i):
            out.append(r" \lbar ")
            depth, operand, i = depth + 1, False, i + 6
            continue
        if s.startswith(r"\right|", i):
            out.append(r" \rbar ")
            depth, operand, i = depth - 1, True, i + 7
            continue
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            name = m[1] if m else ""
            out.append(m[0] if m else c)
            operand = name in ("pi",) or name in _GREEK
            i += len(m[0]) if m else 1
            continue
        if c == "|":
            if operand and depth > 0:
                out.append(r" \rbar ")
                depth, operand = depth - 1, True
            else:
                out.append(r" \lbar ")
                depth, operand = depth + 1, False
        else:
            out.append(c)
            if not c.isspace():
                operand = c.isalnum() or c in ")]}'."
        i += 1
    return "".join(out)


def normalise(src: str) -> str:
    """Spacing and alignment dropped, synonyms renamed, bars marked, trailing ``.,``
    removed: the text the grammar reads."""
    s = _DROP.sub(" ", src)
    for pat, rep in _RENAME:
        s = pat.sub(rep, s)
    s = s.strip().rstrip(".,;").strip()
    return _mark_bars(s)


def _nesting(s: str) -> int:
    depth = best = 0
    for c in s:
        if c in "{([":
            depth += 1
            best = max(best, depth)
        elif c in "})]":
            depth -= 1
    return best


def parse(src: str) -> Statement:
    """Parse one equation (without its ``$`` delimiters) into a ``Statement``.

    Raises ``NotUnderstood`` for anything outside the grammar, too long, or nested too
    deeply; never evaluates the text.
    """
    if len(src) > MAX_CHARS:
        raise NotUnderstood(f"longer than {MAX_CHARS} characters")
    s = normalise(src)
    if not s:
        raise NotUnderstood("empty")
    if _nesting(s) > MAX_NESTING or s.count(r"\lbar") > MAX_NESTING:
        raise NotUnderstood(f"nested more than {MAX_NESTING} deep")
    try:
        return _PARSER.parse(s)
    except VisitError as err:
        inner = err.orig_exc
        if isinstance(inner, NotUnderstood):
            raise inner from None
        raise NotUnderstood(f"cannot build {type(inner).__name__}") from None
    except NotUnderstood:
        raise
    except LarkError as err:
        raise NotUnderstood(_lark_reason(err, s)) from None
    except (RecursionError, MemoryError, OverflowError, ValueError, TypeError) as err:
        raise NotUnderstood(f"cannot build ({type(err).__name__})") from None


def _lark_reason(err: LarkError, s: str) -> str:
    tok = getattr(err, "token", None)
    if tok is not None and str(tok):
        if tok.type == "$END":
            return "unexpected end of the equation"
        return f"unexpected '{tok}'"
    col = getattr(err, "column", None)
    if col is not None and isinstance(col, int) and 0 < col <= len(s):
        m = re.match(r"\\[A-Za-z]+|.", s[col - 1:])
        return f"unexpected '{m[0]}'" if m else "unexpected input"
    return "outside the grammar"
