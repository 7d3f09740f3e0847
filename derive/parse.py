r"""A small grammar for the book's notation: LaTeX math -> derive's own SymPy objects.

Never ``eval``, never ``sympify``/``parse_latex`` on user text: the text is normalised by
regular expressions (``normalise``), tokenised by a Lark LALR grammar (``GRAMMAR``) and every
node is built by an explicit constructor (``sp.Integer``, ``sp.Symbol``, ``act.func``, ...).
Anything outside the grammar raises ``NotUnderstood`` with a one-line reason.

Understood (see README "derive check"):

* numbers ``3``, ``0.45``; letters ``w``, ``z`` (real symbols; ``e`` is Euler's number),
  subscripted ``w_2``, ``z_{12}``, ``a_j``, ``b_{j+1}``; Greek ``\alpha \beta \eta \lambda``...;
  ``\pi``;
* ``+ -``, ``\cdot \times *``, juxtaposition, ``/``, ``\frac \dfrac \cfrac \tfrac`` (also
  ``\frac14``), powers ``x^2``, ``x^{...}``, ``\sqrt{..}``, ``\sqrt[n]{..}``, ``e^{..}``,
  ``|..|`` and ``\left| \right|``, ``( ) [ ]`` with or without ``\left \right``;
* elementary functions of the registry ``ELEMENTARY`` (``\exp \ln \log \log_2 \sin \cos
  \tan \arcsin \arctan \sinh \tanh``, ``\operatorname{artanh}``, ``erf`` ...), applied
  ``\sin(x)``, ``\sin x``, ``\sin{\left(x\right)}``, ``\sin^2 x``; each records where it is
  real and defined; ``\sin 2x`` is sin(2x); ambiguous forms (``\sin^{-1}``, ``\sin x y``)
  are refused;
* activations named by the registry ``derive.activations.ACTIVATIONS`` (read at parse time,
  so a newly registered one is understood): ``\sigma``, ``\tanh``, ``sigmoid``, ``ReLU``,
  ``\operatorname{..}``/``\mathrm{..}``/``\text{..}`` (case-insensitive), applied ``f(..)``,
  and their derivatives ``f'(..)``, ``f^\prime(..)``, ``f^{\prime}(..)``, ``\dot f(..)``,
  ``f''(..)``; user functions defined earlier in the same file (``functions=``);
* derivatives ``\frac{d}{dz} f``, ``\frac{df}{dz}``, ``\frac{\mathrm{d}}{\mathrm{d}z}``,
  ``\frac{\partial}{\partial w}(..)``, ``\frac{d^2}{dz^2}``: an unevaluated ``sp.Derivative``
  of the one factor that follows (a further factor in the same product is refused as
  ambiguous: write ``\frac{d}{dz}\left(..\right)``);
* partials of the cost: ``\frac{\partial C}{\partial b_j}`` (also ``w_j``, ``z_j``, ``a_j``)
  and ``\partial C / \partial b_j``; these become the symbols ``dC/db_j`` etc.;
* definite integrals ``\int_a^b f\,dx`` (bounds numbers, letters, ``\pm\infty``; an
  unevaluated ``sp.Integral``, decided by ``derive.check.integral``);
* ``\max_z f``, ``\min_z f``, ``\sup_z f``, ``\inf_z f`` (an unevaluated ``Extremum``; sup is
  read as max: a maximum that is proved is the supremum); ``\max(a, b, ...)``,
  ``\min(a, b, ...)`` of several arguments (SymPy's ``Max``, ``Min``);
* relations ``= \le \ge < > \leq \geq \approx \neq`` (chains ``a \le b < c`` too);
  implications ``P \implies Q`` (``\Rightarrow``) whose premise is a conjunction
  (``\land``, ``\wedge``, commas) of relations or ranges ``x \in [a, b]``, ``x \in (0, 1)``,
  variable lists ``x, y > 0``, with ``x \in \mathbb{R}`` dropped;
  ``\forall x > 0, Q`` and ``Q \quad \forall x > 0`` (also ``\text{for all}``, ``\text{for}``,
  ``\text{where}``) are the same implication.

The domain convention: a statement is asserted wherever every subexpression is real and
defined. SymPy rewrites at construction (``\sqrt{x}^2 -> x``, ``e^{\ln x} -> x``), so the
conditions (square-root and even-root arguments ``>= 0``, logarithm arguments ``> 0``,
denominators ``!= 0``, bases of fractional powers ``>= 0``) are collected while building and
returned in ``Statement.domain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

import sympy as sp
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, VisitError

from derive import activations

MAX_CHARS = 40_000  # longest equation parsed (a depth-500 chain gradient is ~12,300)
MAX_NESTING = 40  # deepest nesting of { ( [ |
MAX_FACTORIAL = 100  # whole-number factorials read exactly (3! = 6)
MAX_DIGITS = 100  # longest number literal (MetiTarski writes 41-digit fractions)
MAX_EXPONENT = 1000  # |exponent| allowed on a numeric base
MAX_RESULT_BITS = 20_000  # largest exact power of a rational computed while parsing
MAX_SYMBOLIC_EXPONENT = 200  # |exponent| allowed on an expression (expand would explode)
MAX_EXP_ARGUMENT = 9000  # |x| in a numeric e^{x} (e^{9000} ~ 10^3909: under 4300 digits)
MAX_DERIVATIVE_ORDER = 4  # highest order of \frac{d^n}{dz^n}
MAX_TERMS = 1000  # most terms of a \sum or \prod with numeric bounds

RELATIONS = {"=": "=", r"\le": "<=", r"\ge": ">=", "<": "<", ">": ">", r"\approx": "~",
             r"\neq": "!="}
_SP_REL = {"<=": sp.Le, ">=": sp.Ge, "<": sp.Lt, ">": sp.Gt, "!=": sp.Ne}


class NotUnderstood(ValueError):
    """The text is outside derive's grammar; the message says what, in one line."""


class Extremum(sp.Function):
    """``\\max_v f`` (``kind = 1``) or ``\\min_v f`` (``kind = -1``), never evaluated:
    ``Extremum(f, v, kind)``; over a domain written under it (``\\max_{|w| \\ge 4} f``,
    ``\\min_{x \\in [0, 1]} f``): ``Extremum(f, v, kind, domain, defined)``, the domain's
    conditions and those under which ``f`` is defined (to be shown on the domain), each a
    conjunction."""

    nargs = (3, 5)


class _Operator(sp.Function):
    """Marks a derivative operator's result while parsing, so that a factor juxtaposed after
    it (``\\frac{d}{dz} z \\sigma(z)``: which is differentiated?) is refused; removed before
    the statement is returned."""

    nargs = 1


@dataclass(frozen=True)
class Relation:
    """``lhs op rhs`` with ``op`` one of ``= <= >= < > ~ !=`` (``~`` is ``\\approx``)."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    def relational(self) -> sp.Basic:
        """The SymPy relational (``x > 0`` ...) for a domain; ValueError for ``=``, ``~``."""
        if self.op not in _SP_REL:
            raise ValueError(self.op)
        return _SP_REL[self.op](self.lhs, self.rhs, evaluate=False)


@dataclass(frozen=True)
class Function:
    """A function defined in the notes, ``\\operatorname{name}(param) = body``."""

    name: str
    param: sp.Symbol
    body: sp.Expr

    def at(self, arg: sp.Expr) -> sp.Expr:
        return self.body.xreplace({self.param: arg})

    def prime_at(self, arg: sp.Expr, order: int = 1) -> sp.Expr:
        return sp.diff(self.body, self.param, order).xreplace({self.param: arg})


@dataclass(frozen=True)
class Statement:
    """A chain of relations ``e0 op1 e1 op2 e2 ...`` (``relations`` pairs them up), or an
    implication ``premise \\implies conclusion`` (the premise's relations are a
    conjunction), or a bare expression (``relations`` empty, ``expr`` set). ``domain``: the
    conditions under which every subexpression is real and defined (SymPy relationals);
    ``quantified``: the text says "for all" (``\\forall``, ``x \\in \\mathbb{R}``), so a
    relation that could read as a condition (``x^2 \\ge 1``) is a claim."""

    relations: tuple[Relation, ...] = ()
    premise: Statement | None = None
    conclusion: Statement | None = None
    expr: sp.Expr | None = None
    domain: tuple[sp.Basic, ...] = field(default=())
    quantified: bool = False  # written for all values (\forall, x \in \mathbb{R}, "for all")


GRAMMAR = r"""
start: stmt
?stmt: chain | prem IMPLIES chain -> implies
     | chain (AND chain)+ -> conj
prem: chain (AND chain)*
chain: side (REL side)*
?side: expr
     | EXTREMUM "_" group expr -> extremum

?expr: term
     | expr "+" term -> add
     | expr "-" term -> sub
?term: signed
     | signed tail+ -> product
tail: "*" signed -> times
    | "/" signed -> over
    | juxt -> juxt
?signed: juxt
       | "-" signed -> neg
       | "+" signed
?juxt: power
     | ELEM power -> elem_bare
     | DERIV juxt -> deriv
     | BIGOP juxt -> bigop
?power: postfix
      | postfix "^" group -> pow
?postfix: atom
atom: NUMBER -> number
    | FACTORIAL -> factorial
    | SYMBOL -> symbol
    | "(" expr ")" -> paren
    | "[" expr "]" -> paren
    | "{" expr "}" -> paren
    | LBAR expr RBAR -> abs
    | LCEIL expr RCEIL -> ceil
    | LFLOOR expr RFLOOR -> floor
    | FRAC group group -> frac
    | FRAC "{" PARTIAL SYMBOL "}" "{" PARTIAL SYMBOL "}" -> partial
    | PARTIAL SYMBOL "/" PARTIAL SYMBOL -> partial
    | SQRT group -> sqrt
    | SQRT "[" expr "]" group -> root
    | ACT "(" expr ")" -> act
    | ACT PRIMES "(" expr ")" -> act_prime
    | ACT "^" group "(" expr ")" -> act_pow
    | FN "(" expr ")" -> fn
    | FN PRIMES "(" expr ")" -> fn_prime
    | ELEMP expr ")" -> elem
    | EXTREMUM "(" expr ("," expr)+ ")" -> maxmin
    | INTEGRAL group group "(" expr ")" -> integral
    | INFTY -> infinity
?group: "{" expr "}" | NUMBER -> number | SYMBOL -> symbol

IMPLIES: /\\implies(?![a-zA-Z])|\\Rightarrow(?![a-zA-Z])|\\Longrightarrow(?![a-zA-Z])/
AND: /\\(land|wedge)(?![a-zA-Z])/
REL: /=|<|>|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z])|\\approx(?![a-zA-Z])|\\neq(?![a-zA-Z])/
NUMBER: /\d+(\.\d+)?|\.\d+/
FACTORIAL.2: /\d+\s*!/
SYMBOL.2: /[A-Za-z](_[A-Za-z0-9]+)?/
        | /\\(alpha|beta|gamma|delta|epsilon|varepsilon|eta)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
        | /\\(theta|vartheta)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
        | /\\(iota|kappa|lambda|mu|nu|xi|rho|varrho|tau|upsilon|omega)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
        | /\\(pi|phi|varphi|psi|zeta|chi)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
        | /\\(Delta|Theta|Lambda|Xi|Phi|Psi|Omega)(?![a-zA-Z])(_[A-Za-z0-9]+)?/
PRIMES: /'+/
FRAC.3: /\\frac(?![a-zA-Z])/
PARTIAL.3: /\\partial(?![a-zA-Z])/
SQRT.3: /\\sqrt(?![a-zA-Z])/
ACT.3: /\\act\{[a-z0-9_]+\}/
FN.3: /\\fn\{[A-Za-z0-9_]+\}/
DERIV.3: /\\deriv\{[^{}]+\}/
BIGOP.3: /\\bigop\{[^{}]+\}/
ELEMP.4: /\\elem\{[^{}]+\}\s*\(/
ELEM.3: /\\elem\{[^{}]+\}/
EXTREMUM.3: /\\(max|min)(?![a-zA-Z])/
INTEGRAL.3: /\\integral\{[A-Za-z]\}/
INFTY.3: /\\infty(?![a-zA-Z])/
LBAR.3: /\\lbar(?![a-zA-Z])/
LCEIL.3: /\\lceil(?![a-zA-Z])/
RCEIL.3: /\\rceil(?![a-zA-Z])/
LFLOOR.3: /\\lfloor(?![a-zA-Z])/
RFLOOR.3: /\\rfloor(?![a-zA-Z])/
RBAR.3: /\\rbar(?![a-zA-Z])/
%ignore /\s+/
"""

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "theta",
          "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "tau",
          "upsilon", "omega", "phi", "varphi", "psi", "zeta", "chi",
          "Delta", "Theta", "Lambda", "Xi", "Phi", "Psi", "Omega", "ell"}  # \ell: a loss
# letters that name functions in many books (phi and Phi the normal density and distribution,
# psi digamma, zeta Riemann's, chi a characteristic function, Gamma Euler's, delta Dirac's):
# before a parenthesis they are a function, unknown unless defined, never a product
_GREEK_FUNCTIONS = ("phi", "varphi", "psi", "zeta", "chi", "delta", "Phi", "Psi", "Gamma",
                    "Theta", "Lambda", "Delta", "Omega", "Xi", "ell")
_PARTIAL_OF = {"b", "w", "z", "a"}


def activation_names() -> dict[str, str]:
    r"""Every spelling of every registered activation, lower case -> registry name: the
    name itself (``sigmoid``, ``relu``) and the command of its LaTeX (``\sigma`` -> ``sigma``,
    ``\operatorname{relu}`` -> ``relu``). Read from the registry on every call."""
    out: dict[str, str] = {}
    for name, act in activations.ACTIVATIONS.items():
        out[name.lower()] = name
        m = re.fullmatch(r"\\(?:operatorname|mathrm|text)\{(\w+)\}|\\(\w+)", act.tex.strip())
        if m:
            out[(m[1] or m[2]).lower()] = name
    return out


def activation_commands() -> dict[str, str]:
    r"""LaTeX commands naming registered activations, exactly as registered (``\sigma`` ->
    ``sigmoid``, ``\tanh`` -> ``tanh``; ``\Sigma`` is another letter)."""
    out: dict[str, str] = {}
    for name, act in activations.ACTIVATIONS.items():
        m = re.fullmatch(r"\\([A-Za-z]+)", act.tex.strip())
        if m:
            out[m[1]] = name
    return out


class _Context:
    """What one ``parse`` call collects (conditions) and reads (user functions)."""

    def __init__(self, functions: dict[str, Function] | None = None,
                 defined: frozenset[str] = frozenset()):
        self.conds: list[sp.Basic] = []
        self.over: dict[str, tuple[sp.Basic, ...]] = {}  # \max_{|w| \ge 4}: w -> |w| >= 4
        self.functions = functions or {}
        self.defined = defined  # names of variables defined earlier (substituted later)


_CTX = _Context()
_FN_LETTERS = [""]  # lower-case letters the notes defined as functions (read by _names)


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


def _condition(rel: sp.Basic, what: str) -> None:
    """Record a definedness condition; a condition false at once (``\\ln(-1)``) is refused."""
    if rel is sp.true:
        return
    if rel is sp.false:
        raise NotUnderstood(f"{what} is not a real number")
    _CTX.conds.append(rel)


def _power(base: sp.Expr, ex: sp.Expr) -> sp.Expr:
    """``base^ex``, refusing exact powers that would be huge (SymPy computes them at once,
    in C, beyond the reach of a time limit) and large symbolic powers (``expand``); records
    ``base >= 0`` for a fractional exponent, ``base > 0`` for a symbolic one, ``base != 0``
    for a negative one."""
    if ex.is_Number and base.is_Number and abs(ex) > MAX_EXPONENT:
        raise NotUnderstood(f"exponent larger than {MAX_EXPONENT} on a number")
    if ex.is_Number and base.is_Rational:
        bits = int(abs(base.p)).bit_length() + int(base.q).bit_length()
        if bits * abs(ex) > MAX_RESULT_BITS:
            raise NotUnderstood(f"a number with more than {MAX_RESULT_BITS} bits")
        if base == 0 and ex.is_negative:
            raise NotUnderstood("division by zero")
        if base.is_negative and not ex.is_Integer:
            raise NotUnderstood("a fractional power of a negative number")
        return sp.Pow(base, ex)
    if base is sp.E and ex.is_Number and abs(ex) > MAX_EXP_ARGUMENT:
        raise NotUnderstood(f"exponent larger than {MAX_EXP_ARGUMENT} on e")
    if ex.is_Number and abs(ex) > MAX_SYMBOLIC_EXPONENT and base is not sp.E:
        raise NotUnderstood(f"exponent larger than {MAX_SYMBOLIC_EXPONENT}")
    if base is not sp.E:
        if ex.is_Integer:
            if ex.is_negative:
                _condition(sp.Ne(base, 0), "a division by zero")
        elif ex.is_Rational:
            _condition((sp.Gt if ex.is_negative else sp.Ge)(base, 0), "a fractional power")
        elif ex.free_symbols:
            _condition(sp.Gt(base, 0), "a power with a variable exponent")
    return sp.Pow(base, ex)


# ---------------------------------------------------------------------- elementary functions


def _real_cbrt(u: sp.Expr) -> sp.Expr:
    """The real cube root (``\\sqrt[3]{-8} = -2``), as ``\\sqrt[3]{..}`` reads it."""
    if u.is_nonnegative:
        return sp.root(u, 3)
    return sp.sign(u) * sp.root(sp.Abs(u), 3)


@dataclass(frozen=True)
class Elementary:
    r"""One elementary function: its SymPy constructor and the conditions under which its
    value at ``u`` is real and defined (``\tan u``: ``\cos u \ne 0``), recorded in the
    statement's domain wherever it is applied."""

    func: object
    domain: object = None  # u -> tuple of SymPy relationals, or None (defined everywhere)
    what: str = "the function"


def _ne0(f):
    return lambda u: (sp.Ne(f(u), 0),)


# name (as written after a backslash, in \operatorname{..}, \mathrm{..}, or as a plain word
# before a parenthesis) -> the function; aliases below. ``\ln`` and ``\log`` are the natural
# logarithm (the book's convention); ``\log_{b}`` with a number b is read in _elementary.
ELEMENTARY: dict[str, Elementary] = {
    "exp": Elementary(sp.exp),
    "ln": Elementary(sp.log, lambda u: (sp.Gt(u, 0),), "a logarithm"),
    "log": Elementary(sp.log, lambda u: (sp.Gt(u, 0),), "a logarithm"),
    "sin": Elementary(sp.sin),
    "cos": Elementary(sp.cos),
    "tan": Elementary(sp.tan, _ne0(sp.cos), r"\tan"),
    "cot": Elementary(sp.cot, _ne0(sp.sin), r"\cot"),
    "sec": Elementary(sp.sec, _ne0(sp.cos), r"\sec"),
    "csc": Elementary(sp.csc, _ne0(sp.sin), r"\csc"),
    "arcsin": Elementary(sp.asin, lambda u: (sp.Ge(u, -1), sp.Le(u, 1)), r"\arcsin"),
    "arccos": Elementary(sp.acos, lambda u: (sp.Ge(u, -1), sp.Le(u, 1)), r"\arccos"),
    "arctan": Elementary(sp.atan),
    "sinh": Elementary(sp.sinh),
    "cosh": Elementary(sp.cosh),
    "tanh": Elementary(sp.tanh),
    "coth": Elementary(sp.coth, _ne0(lambda u: u), r"\coth"),
    "sech": Elementary(sp.sech),
    "csch": Elementary(sp.csch, _ne0(lambda u: u), r"\csch"),
    "arsinh": Elementary(sp.asinh),
    "arcosh": Elementary(sp.acosh, lambda u: (sp.Ge(u, 1),), r"\operatorname{arcosh}"),
    "artanh": Elementary(sp.atanh, lambda u: (sp.Gt(u, -1), sp.Lt(u, 1)),
                         r"\operatorname{artanh}"),
    "erf": Elementary(sp.erf),
    "erfc": Elementary(sp.erfc),
    "cbrt": Elementary(_real_cbrt),
}
ELEMENTARY_ALIASES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "arcsinh": "arsinh",
                      "asinh": "arsinh", "arccosh": "arcosh", "acosh": "arcosh",
                      "arctanh": "artanh", "atanh": "artanh"}
_ARCCOT = r"conventions differ, range (0, π) or (-π/2, π/2]: write $\frac{\pi}{2} - \arctan x$"
# names a reader could take for two different functions: refused, never read as either
REFUSED_FUNCTIONS = {
    "arccot": _ARCCOT, "acot": _ARCCOT,
    "arcsec": "write $\\arccos(1/x)$", "asec": "write $\\arccos(1/x)$",
    "arccsc": "write $\\arcsin(1/x)$", "acsc": "write $\\arcsin(1/x)$",
    "arccoth": "write artanh(1/x)", "acoth": "write artanh(1/x)",
    "lg": "base 10 or base 2 depending on the book: write $\\ln x / \\ln 10$ or $\\ln x / \\ln 2$",
    "Log": "the principal complex logarithm in some books: write $\\ln$",
    "Ln": "the principal complex logarithm in some books: write $\\ln$",
    "Exp": "write $\\exp$", "arg": "the argument of a complex number",
    "sgn": "write $\\frac{x}{|x|}$",
}


def elementary_name(word: str) -> str | None:
    """The registry name of an elementary function written ``word`` (``atan`` ->
    ``arctan``), or None. Case-sensitive: ``\\operatorname{Log}`` is another function."""
    if word in ELEMENTARY:
        return word
    return ELEMENTARY_ALIASES.get(word)


def apply_elementary(name: str, arg: sp.Expr) -> sp.Expr:
    """``name(arg)``, recording the conditions where it is real and defined; a numeric
    argument outside them (``\\ln(-1)``, ``\\arcsin 2``, ``\\tan \\frac{\\pi}{2}``) is
    refused."""
    f = ELEMENTARY[name]
    if f.func is sp.log and arg.is_number and not arg.is_positive:
        raise NotUnderstood("the logarithm of a number that is not positive")
    for cond in f.domain(arg) if f.domain else ():
        _condition(cond, f"{f.what} at {sp.sstr(arg)}")
    act = _activation_of(name)  # \tanh is the registered activation tanh (same function)
    return activations.ACTIVATIONS[act].func(arg) if act else f.func(arg)


class _Scoped(sp.Function):
    """Marks ``\\sum_{k=..}^{..}(...)`` (operand in parentheses) while parsing: a factor after
    it that uses the index ``k`` again is refused (is it inside the sum?)."""

    nargs = 2


class _Bare(sp.Function):
    r"""Marks a function applied without parentheses, ``\sin x``, while parsing:
    ``_Bare(value, argument, token)``."""

    nargs = 3


def _after_bare(prev: sp.Expr, f: sp.Expr) -> None:
    r"""Refuse ``\sin x y`` (``\sin(x y)`` or ``(\sin x) y``?), ``\sin 2x^2``, ``\ln x
    (1 + x)``: a factor juxtaposed right after a function applied without parentheses,
    unless that factor is itself a function applied (``\sin x \cos x``)."""
    bare = [g for g in sp.Mul.make_args(prev) if isinstance(g, _Bare)]
    if not bare:
        return
    g = f.args[0] if isinstance(f, _Bare) else f
    head = g.base if g.is_Pow else g
    if isinstance(f, _Bare) or (isinstance(head, sp.Function) and not isinstance(
            head, (sp.Abs, sp.Max, sp.Min, sp.sign))):
        return
    _, arg, tok = bare[-1].args
    name = tok.name[len("\\elem{"):].split(";")[0]
    a, b, c = sp.latex(arg), sp.latex(_unmark(f)), _cmd(name)
    raise NotUnderstood(rf"${c} {a} {b}$ (the argument of ${c}$ without parentheses, "
                        rf"followed by a factor): write ${c}({a} {b})$ or ${c}({a})\, {b}$")


def _unmark(e: sp.Expr) -> sp.Expr:
    while e.has(_Operator, _Scoped, _Bare):
        e = e.xreplace({m: m.args[0] for m in e.atoms(_Operator, _Scoped, _Bare)})
    return e


def _marked(e: sp.Expr, after: sp.Expr | None = None) -> bool:
    """Whether a factor juxtaposed after ``e`` would make its operator's scope ambiguous."""
    factors = e.args if e.is_Mul else (e,)
    if any(isinstance(f, _Operator) for f in factors):
        return True
    if after is not None:
        for f in factors:
            if isinstance(f, _Scoped):
                k = f.args[1].name
                if any(s.name == k or re.search(rf"_{re.escape(k)}(?:[pm]\d)?$", s.name)
                       for s in _unmark(after).free_symbols):
                    return True
    return False


def _bound(text: str) -> sp.Expr:
    """A bound of a sum or product: a whole number, a letter, or ``a n + b`` with whole
    numbers ``a``, ``b`` (``n - 1``, ``2n``, ``2n+1``)."""
    t = text.strip()
    if re.fullmatch(r"-?\d+", t):
        return sp.Integer(int(t))
    if re.fullmatch(_VAR, t):
        return _symbol(t)
    m = re.fullmatch(r"(-?\d*)\s*(?:\*\s*)?(" + _VAR + r")(?:\s*([+-])\s*(\d+))?", t)
    if m:
        a = -1 if m[1] == "-" else int(m[1]) if m[1] else 1
        b = int(m[4]) * (1 if m[3] == "+" else -1) if m[4] else 0
        return a * _symbol(m[2]) + b
    raise NotUnderstood(f"the bound {t} of a sum or product (a whole number or a letter)")


def _at_index(f: sp.Expr, k: sp.Symbol, v: int) -> sp.Expr:
    """``f`` at ``k = v``: ``k`` itself and every subscript ``_k``, ``_{k+1}``, ``_{k-1}``."""
    sub: dict = {k: sp.Integer(v)}
    for s in f.free_symbols:
        m = re.fullmatch(rf"(.+)_{re.escape(k.name)}(?:([pm])(\d))?", s.name)
        if m:
            n = v + (int(m[3]) * (1 if m[2] == "p" else -1) if m[2] else 0)
            if n < 0:
                raise NotUnderstood(f"index {n} of {s.name}")
            sub[s] = _symbol(f"{m[1]}_{n}")
    return f.xreplace(sub)


_AMBIGUOUS = (r"which factors an operator (\frac{d}{dz}, \sum, \prod) applies to: write them in "
              r"\left(...\right) right after it")


class _Build(Transformer):
    """Builds SymPy objects on each LALR reduction (no recursion over the tree)."""

    def start(self, c):
        st = c[0]
        return Statement(st.relations, st.premise, st.conclusion, st.expr,
                         tuple(dict.fromkeys(_CTX.conds)))

    def chain(self, c):
        c = [x if isinstance(x, Token) else _unmark(x) for x in c]
        if len(c) == 1:
            return Statement(expr=c[0])
        rels = []
        for i in range(1, len(c), 2):
            op = RELATIONS[str(c[i])]
            rels.append(Relation(c[i - 1], op, c[i + 1]))
        return Statement(relations=tuple(rels))

    def prem(self, c):
        parts = [x for x in c if isinstance(x, Statement)]
        if any(not p.relations for p in parts):
            raise NotUnderstood(r"a premise that is an expression, not a condition")
        return Statement(relations=tuple(r for p in parts for r in p.relations))

    def conj(self, c):
        """``x > 0 \\land y > 0`` (also ``x, y > 0``): a conjunction of conditions, one
        statement with every relation."""
        return self.prem(c)

    def implies(self, c):
        p, _, q = c
        if not p.relations or not q.relations:
            raise NotUnderstood(r"\implies between expressions, not statements")
        return Statement(premise=p, conclusion=q)

    def add(self, c):
        return sp.Add(c[0], c[1])

    def sub(self, c):
        return sp.Add(c[0], -c[1])

    def times(self, c):
        return ("*", c[0])

    def over(self, c):
        return ("/", c[0])

    def product(self, c):
        """``a b * c / d ...`` built once (one ``sp.Mul`` of all factors: linear in their
        number, so a depth-500 chain gradient reads fast); a factor after a derivative or a
        sum whose scope is not closed is refused, and so is a factor juxtaposed after a
        function applied without parentheses (``\\sin x y``) unless it is itself a function
        applied (``\\sin x \\cos x``)."""
        factors = [c[0]]
        marked = [g for g in sp.Mul.make_args(c[0]) if isinstance(g, (_Operator, _Scoped))]
        last = None
        for op, f in c[1:]:
            if marked and any(_marked(g, f) for g in marked):
                raise NotUnderstood(_AMBIGUOUS)
            if op == "" and last == "/":  # 1/2x: 1/(2x) in some books, (1/2)x in others
                raise NotUnderstood(r"a factor right after a division, a/bc (a/(bc) or (a/b)c? "
                                    r"write \frac{a}{bc} or \frac{a}{b} c)")
            last = op
            if op == "":
                _after_bare(factors[-1], f)
            if op == "/":
                f = self.div_by(f)
            factors.append(f)
            marked += [g for g in sp.Mul.make_args(f) if isinstance(g, (_Operator, _Scoped))]
        return sp.Mul(*factors)

    def div_by(self, d):
        d = _unmark(d)
        if d == 0:
            raise NotUnderstood("division by zero")
        if not d.is_number:
            _condition(sp.Ne(d, 0), "a division by zero")
        return sp.Pow(d, -1)

    def div(self, c):
        return sp.Mul(c[0], self.div_by(c[1]))

    def neg(self, c):
        return -c[0]

    def pow(self, c):
        if _marked(c[0]):
            raise NotUnderstood("a power of a derivative without parentheses")
        return _power(_unmark(c[0]), _unmark(c[1]))

    def number(self, c):
        return _number(str(c[0]))

    def factorial(self, c):
        """``3!`` (a whole number's factorial, as in Taylor's ``x^3/3!``); ``n!`` of a
        letter is not read."""
        n = int(str(c[0]).rstrip("! \t\n"))
        if n > MAX_FACTORIAL:
            raise NotUnderstood(f"{n}! (factorials up to {MAX_FACTORIAL}! only)")
        return sp.factorial(n)

    def symbol(self, c):
        return _symbol(str(c[0]))

    def ceil(self, c):
        return sp.ceiling(_unmark(c[1]))

    def floor(self, c):
        return sp.floor(_unmark(c[1]))

    def paren(self, c):
        return _unmark(c[0])

    def abs(self, c):
        return sp.Abs(_unmark(c[1]))

    def frac(self, c):
        return self.div([_unmark(c[1]), _unmark(c[2])])

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
        arg = _unmark(c[1])
        if arg.is_number and arg.is_negative:
            raise NotUnderstood("the square root of a negative number")
        if not arg.is_number:
            _condition(sp.Ge(arg, 0), "a square root")
        return sp.sqrt(arg)

    def root(self, c):
        n, arg = c[1], _unmark(c[2])
        if not (n.is_Integer and 2 <= n <= 100):
            raise NotUnderstood(r"\sqrt[n] needs a whole n in 2..100")
        if n % 2 == 0 or arg.is_nonnegative:
            if arg.is_number and arg.is_negative:
                raise NotUnderstood("an even root of a negative number")
            if not arg.is_number:
                _condition(sp.Ge(arg, 0), "an even root")
            return sp.root(arg, n)
        return sp.sign(arg) * sp.root(sp.Abs(arg), n)  # the real odd root

    def _act(self, tok):
        name = str(tok)[len("\\act{"):-1]
        if name not in activations.ACTIVATIONS:
            raise NotUnderstood(f"unknown activation {name}")
        return activations.ACTIVATIONS[name]

    def act(self, c):
        return self._act(c[0]).func(_unmark(c[1]))

    def act_prime(self, c):
        act, order, arg = self._act(c[0]), len(str(c[1])), _unmark(c[2])
        if order == 1:
            return act.prime(arg)
        if order > MAX_DERIVATIVE_ORDER:
            raise NotUnderstood(f"derivatives of order above {MAX_DERIVATIVE_ORDER}")
        t = sp.Dummy("t", real=True)
        return sp.diff(act.explicit_prime(t), t, order - 1).xreplace({t: arg})

    def act_pow(self, c):
        if not (c[1].is_number and c[1].is_positive):  # \sigma^{-1}(y): the inverse (logit)
            name = self._act(c[0]).tex.strip()         # or 1/\sigma(y)? as \sin^{-1}
            raise NotUnderstood(f"${name}^{{{sp.latex(c[1])}}}$ before an argument (the "
                                f"inverse function in some books, a power of ${name}$ in "
                                f"others): write $1/{name}(..)$ or $({name}(..))^{{k}}$")
        return _power(self._act(c[0]).func(_unmark(c[2])), c[1])

    def _fn(self, tok) -> Function:
        name = str(tok)[len("\\fn{"):-1]
        f = _CTX.functions.get(name)
        if f is None:
            raise NotUnderstood(rf"the function \operatorname{{{name}}} (not defined earlier "
                                "in the notes, not a registered activation)")
        return f

    def fn(self, c):
        return self._fn(c[0]).at(_unmark(c[1]))

    def fn_prime(self, c):
        order = len(str(c[1]))
        if order > MAX_DERIVATIVE_ORDER:
            raise NotUnderstood(f"derivatives of order above {MAX_DERIVATIVE_ORDER}")
        return self._fn(c[0]).prime_at(_unmark(c[2]), order)

    def _elem(self, tok, arg):
        r"""``\elem{name;k;b}`` applied to ``arg``: the function, to the power ``k`` if
        written (``\sin^2 x``), ``\log_b`` as ``\ln u / \ln b``."""
        name, k, base = str(tok).strip()[len("\\elem{"):].rstrip("( \t\n")[:-1].split(";")
        value = apply_elementary(name, _unmark(arg))
        if base:
            b = _number(base) if base != "e" else sp.E
            value = value / sp.log(b)
        return _power(value, sp.Rational(k)) if k else value

    def elem(self, c):
        r"""``\ln(x)^2 = (\ln x)^2``: the parenthesis is the argument (``\ln x^2 =
        \ln(x^2)``, see ``elem_bare``)."""
        return self._elem(c[0], c[1])

    def elem_bare(self, c):
        r"""``\sin x``, ``\ln x^2 = \ln(x^2)``, ``\sin^2 x = (\sin x)^2``: the argument is
        the one power after the name; marked, so that a factor juxtaposed after it (``\sin
        2x``, ``\sin x y``: which is the argument?) is refused."""
        arg = _unmark(c[1])
        return _Bare(self._elem(c[0], arg), arg, sp.Symbol(str(c[0])))

    def juxt(self, c):
        return ("", c[0])

    def deriv(self, c):
        var_text, _, order = str(c[0])[len("\\deriv{"):-1].partition(",")
        var = _symbol(var_text)
        if not isinstance(var, sp.Symbol):
            raise NotUnderstood(f"a derivative with respect to {var_text}")
        n = int(order or 1)
        if not 1 <= n <= MAX_DERIVATIVE_ORDER:
            raise NotUnderstood(f"derivatives of order above {MAX_DERIVATIVE_ORDER}")
        f = _unmark(c[1])
        if isinstance(f, sp.Symbol) and f != var and f.name not in _CTX.defined:
            raise NotUnderstood(f"the derivative of {f} with respect to {var}: {f} is a name "
                                "with no definition (write the function out, or define it "
                                "earlier in the notes)")
        return _Operator(sp.Derivative(f, (var, n), evaluate=False))

    def bigop(self, c):
        r"""``\sum_{k=a}^{b} f`` / ``\prod``: numeric bounds are expanded exactly (``a_k`` ->
        ``a_2``, ``w_{k+1}`` -> ``w_3``, ``k`` -> ``2``); symbolic ones give SymPy's ``Sum`` /
        ``Product`` (closed forms by ``doit``) when ``f`` has no subscripted index."""
        kind, k_text, lo_text, hi_text, closed = str(c[0])[len("\\bigop{"):-1].split(";")
        k = _symbol(k_text)
        lo, hi = (_bound(t) for t in (lo_text, hi_text))
        f = _unmark(c[1])
        if not isinstance(k, sp.Symbol):
            raise NotUnderstood(f"a {kind} over {k_text}")
        op = sp.Add if kind == "sum" else sp.Mul
        if lo.is_Integer and hi.is_Integer:
            if hi - lo + 1 > MAX_TERMS:
                raise NotUnderstood(f"a {kind} of more than {MAX_TERMS} terms")
            value = op(*[_at_index(f, k, int(v)) for v in range(int(lo), int(hi) + 1)]) \
                if hi >= lo else op()
            return _Scoped(value, k) if closed else _Operator(value)
        if any(re.search(rf"_{k.name}(?:[pm]\d)?$", s.name) for s in f.free_symbols):
            raise NotUnderstood(f"a {kind} with symbolic bounds over subscripted terms")
        cls = sp.Sum if kind == "sum" else sp.Product
        value = cls(f, (k, lo, hi))
        return _Scoped(value, k) if closed else _Operator(value)

    def integral(self, c):
        r"""``\int_a^b f\,dx``: an unevaluated ``sp.Integral`` (decided by
        ``derive.check.integral``)."""
        x = _symbol(str(c[0])[len("\\integral{"):-1])
        lo, hi, f = (_unmark(e) for e in c[1:])
        if x in lo.free_symbols | hi.free_symbols:
            raise NotUnderstood("an integral whose bounds contain its own variable")
        if f.has(sp.oo, -sp.oo, sp.Integral):
            raise NotUnderstood(r"\infty or an integral inside an integrand")
        # where the integrand is defined is checked by the decision (over the interval), not
        # asserted as the statement's domain: x is bound
        _CTX.conds[:] = [k for k in _CTX.conds if x not in k.free_symbols]
        return sp.Integral(f, (x, lo, hi))

    def infinity(self, c):
        return sp.oo

    def maxmin(self, c):
        """``\\max(a, b, ...)`` / ``\\min(a, b, ...)`` of several arguments: SymPy's
        ``Max`` / ``Min``."""
        args = [_unmark(a) for a in c[1:]]
        return (sp.Max if str(c[0]).endswith("max") else sp.Min)(*args)

    def extremum(self, c):
        var = c[1]
        if not isinstance(var, sp.Symbol):
            raise NotUnderstood(r"\max/\min must be over one variable, e.g. \max_z")
        kind = 1 if str(c[0]).endswith("max") else -1
        over = _CTX.over.get(var.name)
        bound = [cond for cond in _CTX.conds if var in cond.free_symbols]
        if over is None:
            if bound:
                raise NotUnderstood(r"\max/\min of a function not defined for every value of "
                                    f"{var}")
            return Extremum(_unmark(c[2]), var, sp.Integer(kind))
        # v is bound here: where f is defined is for the decision to show on the domain
        _CTX.conds[:] = [cond for cond in _CTX.conds if var not in cond.free_symbols]
        return Extremum(_unmark(c[2]), var, sp.Integer(kind), sp.And(*over), sp.And(*bound))


_PARSER = Lark(GRAMMAR, parser="lalr", transformer=_Build(), maybe_placeholders=False)

# ---------------------------------------------------------------------------- normalising

_DROP = re.compile(
    r"\\(displaystyle|textstyle|nonumber|notag|quad|qquad|limits|[bB]igg?[lrm]?)(?![a-zA-Z])"
    r"|\\label\{[^{}]*\}|\\tag\*?\{[^{}]*\}|\\[,;:! ]|~|&")
_NAMED = re.compile(r"\\(operatorname\*?|mathrm|text|textrm|mathit|rm|it)\s*"
                    r"\{\s*(\\?[A-Za-z]+)\s*\}")
# Maple's old font switches: {\rm e}^{x}, {\it sech} (x) -> \rm{e}, \it{sech}
_OLD_FONT = re.compile(r"\{\s*\\(rm|it)\s+([A-Za-z]+)\s*\}")
# one letter in a font (\mathit{x}, {\it x}): the letter (\mathrm{e}, \mathrm{d} keep their
# own meanings: Euler's number, the differential)
_FONT_LETTER = re.compile(r"\\(?:mathit|mathrm|rm|it)\s*\{\s*([A-Za-ce-z])\s*\}")
_QUALIFIER = re.compile(r"\\(?:text|textrm|mathrm)\s*\{\s*(?:(?:for all|for every|for each|for any)"
                        r"(?:\s+real(?:\s+numbers?)?)?|for|where|whenever|when|if)\s*\}", re.IGNORECASE)
_RENAME = [
    (re.compile(r"\\[dct]frac(?![a-zA-Z])"), r"\\frac"),
    (re.compile(r"\\(cdot|times|ast)(?![a-zA-Z])"), "*"),
    (re.compile(r"\\(leq|leqslant)(?![a-zA-Z])"), r"\\le"),
    (re.compile(r"\\(geq|geqslant)(?![a-zA-Z])"), r"\\ge"),
    (re.compile(r"\\(ne)(?![a-zA-Z])"), r"\\neq"),
    (re.compile(r"\\lt(?![a-zA-Z])"), "<"),
    (re.compile(r"\\gt(?![a-zA-Z])"), ">"),
    (re.compile(r"\\sup(?![a-zA-Z])"), r"\\max"),
    (re.compile(r"\\inf(?![a-zA-Z])"), r"\\min"),
    (re.compile(r"\\prime(?![a-zA-Z])"), "'"),
    (re.compile(r"\^\s*\{\s*('+)\s*\}"), r"\1"),
    (re.compile(r"\^\s*('+)"), r"\1"),
    (re.compile(r"\\(?:left|right)\s*\.(?!\d)"), " "),  # \left. .. \right.: no delimiter
    (re.compile(r"\\left\s*\\?([(\[{])"), r"\1"),
    (re.compile(r"\\right\s*\\?([)\]}])"), r"\1"),
    (re.compile(r"\\(?:left|right|[bB]ig{1,2}[lr]?)\s*(\\[lr](?:ceil|floor))(?![a-zA-Z])"), r"\1"),
    (re.compile(r"(?:\\(?:left|right)\s*)?\\([lr]vert)(?![a-zA-Z])"),
     lambda m: "\\left|" if m[1][0] == "l" else "\\right|"),
    (re.compile(r"\\frac\s*(\d)\s*(\d)"), r"\\frac{\1}{\2}"),
    (re.compile(r"\^\s*(\d)"), r"^{\1}"),
    (re.compile(r"([A-Za-z])_\s*(\w)"), r"\1_\2 "),  # LaTeX: w_12 is w_1 times 2
    (re.compile(r"_\s*\{\s*([A-Za-z0-9]+)\s*\}"), r"_\1"),
    (re.compile(r"_\s*\{\s*([A-Za-z])\s*([+-])\s*(\d)\s*\}"),  # a_{j-1} -> symbol a_jm1
     lambda m: f"_{m[1]}{'p' if m[2] == '+' else 'm'}{m[3]}"),
]


_LATEX_COMMANDS = {"arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc",
                   "exp", "lg", "ln", "log", "sec", "sin", "sinh", "tan", "tanh"}


def _cmd(name: str) -> str:
    r"""The LaTeX of a function's name in a message: ``\sin``, ``\operatorname{artanh}``."""
    return f"\\{name}" if name in _LATEX_COMMANDS else f"\\operatorname{{{name}}}"


def _refused_function(word: str) -> None:
    if word in REFUSED_FUNCTIONS:
        raise NotUnderstood(f"${_cmd(word)}$ ({REFUSED_FUNCTIONS[word]})")


_WORD = re.compile(r"(?<![\\A-Za-z_])(?<!_\{)(?<!\\act\{)(?<!\\fn\{)(?<!\\elem\{)([A-Za-z]{2,})"
                   r"(?![A-Za-z])")


def _plain_word(m: re.Match) -> str:
    r"""A word of letters outside commands and subscripts: an elementary function's name
    (``sin``, ``arccos``, ``ln``; not two-letter aliases) is the function; one that starts
    with such a name (``sinx``, ``lnx``: a name run into its argument?) is refused; any other
    is a product of letters, as before."""
    word = m[1]
    if (el := elementary_name(word)) is not None and (len(word) > 2 or word == "ln"):
        return rf"\elem{{{el}}}"
    if word.lower() in activation_names():
        return word  # a registered activation (a user's sinc): read by its own rule
    for k in range(len(word) - 1, 1, -1):
        head = word[:k]
        if elementary_name(head) is not None and (len(head) > 2 or head == "ln"):
            raise NotUnderstood(rf"{word} (a function name run into its argument?): write "
                                rf"$\{head} {word[k:]}$")
    return word


def _names(s: str) -> str:
    r"""Function names to tokens: elementary functions (``\sin``, ``\operatorname{atan}``,
    ``\mathrm{erf}``, ``sin(`` ...; registry ``ELEMENTARY``) -> ``\elem{..}`` with their
    exponent, base and brace argument (``_elementary``); ``\operatorname{ReLU}``,
    ``\mathrm{sigmoid}``, ``\sigma``, ``relu(`` -> ``\act{relu}`` ...; ``\mathrm{d}`` ->
    ``\d``; any other ``\operatorname{name}`` -> ``\fn{name}`` (a user function); ``\dot f``
    -> ``f'``."""
    acts = activation_names()

    def named(m: re.Match) -> str:
        word = m[2].lstrip("\\")
        if (el := elementary_name(word)) is not None:
            return rf"\elem{{{el}}}"
        _refused_function(word)
        if word.lower() in acts:
            return rf"\act{{{acts[word.lower()]}}}"
        if word == "d":
            return r"\d "
        if word == "e" and m[1] in ("mathrm", "rm", "operatorname"):
            return " e "  # upright e: Euler's number
        if m[1] in ("text", "textrm"):
            return m[0]  # prose inside math: left for the grammar to refuse
        return rf"\fn{{{word}}}"

    def command(m: re.Match) -> str:
        if (el := elementary_name(m[1])) is not None:
            return rf"\elem{{{el}}}"
        _refused_function(m[1])
        return rf"\act{{{commands[m[1]]}}}" if m[1] in commands else m[0]

    s = _FONT_LETTER.sub(r" \1 ", _OLD_FONT.sub(r"\\\1{\2}", s))
    s = _NAMED.sub(named, s)
    # sin(x), cos^2 x, exp x written as plain words: the functions (a product s i n x is
    # not what anyone means)
    s = _WORD.sub(_plain_word, s)
    # W(|w|), f(x): a capital or f, g, h right before a parenthesis names a function (a
    # product would be written W \cdot (...)); unknown unless defined earlier
    # (and a lower-case letter the notes defined as a function: "Define $s(u) = ...$")
    letters = "A-BD-Zfgh" + _FN_LETTERS[0]
    s = re.sub(r"(?<![\\A-Za-z_^{'])([" + letters + r"])(?='*\s*(?:\(|\\left\s*\())",
               r"\\fn{\1}", s)
    s = re.sub(r"\\(" + "|".join(_GREEK_FUNCTIONS) + r")(?![A-Za-z])(?='*\s*(?:\(|\\left\s*\())",
               r"\\fn{\1}", s)  # \phi(x): a function (\alpha(1 - \alpha) is a product)
    commands = activation_commands()
    s = re.sub(r"\\([A-Za-z]+)(?![a-zA-Z])", command, s)
    s = re.sub(r"(?<![\\A-Za-z{])([A-Za-z]{3,})(?=\s*(?:\(|'|\^))",
               lambda m: rf"\act{{{acts[m[1].lower()]}}}" if m[1].lower() in acts else m[0], s)
    s = _elementary(s)
    s = re.sub(r"\\(dot|ddot)\s*(?:\{\s*(\\(?:act|fn)\{\w+\})\s*\}|(\\(?:act|fn)\{\w+\}))",
               lambda m: (m[2] or m[3]) + ("'" if m[1] == "dot" else "''"), s)
    return s


_ELEM_TOKEN = re.compile(r"\\elem\{(\w+)\}")
_SUBSCRIPT = re.compile(r"\s*_\s*(\{[^{}]*\}|\\?[A-Za-z0-9])")
_SUPERSCRIPT = re.compile(r"\s*\^\s*(\{|\\[A-Za-z]+|[^\s{}\\])")
_PRIMED = re.compile(r"\s*(?:'+|\^\s*(?:\\prime(?![a-zA-Z])|\{\s*(?:(?:\\prime(?![a-zA-Z])|')"
                     r"\s*)+\}))")


def _activation_of(name: str) -> str | None:
    """The registered activation that is the elementary function ``name`` (``tanh``): its
    closed form is the function at ``Z``."""
    f = ELEMENTARY[name].func
    for key, act in activations.ACTIVATIONS.items():
        if act.closed == f(activations.Z):
            return key
    return None


def _parenthesised(t: str) -> bool:
    """Whether ``t`` is one parenthesis ``( .. )`` (or ``\\left( .. \\right)``) as a whole."""
    t = re.sub(r"\\left\s*\(", "(", re.sub(r"\\right\s*\)", ")", t)).strip()
    if not t.startswith("("):
        return False
    depth = 0
    for i, c in enumerate(t):
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            return i == len(t) - 1
    return False


def _positive_exponent(text: str) -> Fraction | None:
    r"""``2``, ``3/2``, ``1.5``, ``\frac{3}{2}``, ``\frac32`` as a positive fraction, else
    None."""
    m = re.fullmatch(r"(\d{1,3})(?:/(\d{1,3})|(\.\d{1,3}))?|\\frac(?:\{(\d{1,3})\}\{(\d{1,3})\}|"
                     r"(\d)(\d))", text)
    if not m:
        return None
    if m[1]:
        v = Fraction(m[1] + (m[3] or "")) / (int(m[2]) if m[2] else 1)
    else:
        v = Fraction(int(m[4] or m[6]), int(m[5] or m[7]))
    return v if v > 0 else None


def _elementary(s: str) -> str:
    r"""``\elem{name}`` with what follows it written into one token ``\elem{name;k;b}``:
    ``\sin^2`` (k = 2: the square of the value), ``\log_{2}`` (b = 2, base a positive
    number other than 1), a brace argument ``\sin{\left(x\right)}`` -> ``\sin((x))`` (SymPy's
    style), ``\sin{x}`` as ``\sin x`` (``\sin{x}^2``, sin of x squared or the square of sin x,
    is refused); a prime
    ``\tanh'`` names the registered activation. Refused: ``\sin^{-1}`` (arcsin or 1/sin),
    other exponents, subscripts on other functions."""
    out, i = [], 0
    while (m := _ELEM_TOKEN.search(s, i)) is not None:
        out.append(s[i:m.start()])
        name, j, k, base = m[1], m.end(), "", ""
        c = _cmd(name)
        if (sub := _SUBSCRIPT.match(s, j)) is not None:
            text = sub[1].strip("{} ")
            if name != "log" or not (text == "e" or re.fullmatch(r"\d+(\.\d+)?", text) and
                                     Fraction(text) not in (0, 1)):
                raise NotUnderstood(f"{name} with the subscript {text} (only a logarithm "
                                    "has a base, a positive number other than 1 written as a "
                                    "number)")
            base, j = text, sub.end()
        if (pr := _PRIMED.match(s, j)) is not None:
            act = _activation_of(name)
            if act is None or base:
                raise NotUnderstood(rf"${c}'$ (a derivative by a prime: write the "
                                    "derivative out)")
            out.append(rf"\act{{{act}}}" + "'" * (pr[0].count("'") + pr[0].count(r"\prime")))
            i = pr.end()
            continue
        if (sup := _SUPERSCRIPT.match(s, j)) is not None:
            if sup[1] == "{":
                text, end = _group(s, sup.start(1)) or ("{", sup.end())
            else:
                text, end = sup[1], sup.end()
            text = re.sub(r"\s+", "", text)
            if text == "-1":
                raise NotUnderstood(rf"${c}^{{-1}}$ (the inverse function in some "
                                    rf"books, $1/{c}$ in others): write the inverse by its "
                                    rf"name ($\arcsin$, $\arctan$, ...) or $1/{c}$")
            value = _positive_exponent(text)
            if value is None:
                raise NotUnderstood(rf"${c}^{{{text}}}$ (a power of a function: write "
                                    rf"$\left({c} x\right)^{{{text}}}$)")
            k, j = ("" if value == 1 else str(value)), end
        tok = rf"\elem{{{name};{k};{base}}}"
        g = _group(s, j)
        if g is not None and not _parenthesised(g[0]):  # \sin{x}: as \sin x
            content, end = g
            if s[end:].lstrip().startswith("^"):
                raise NotUnderstood(rf"a power after ${c}{{{content.strip()}}}$ (of "
                                    rf"${c}$ or of its argument?): write the argument in "
                                    "parentheses and the power after them, or the power "
                                    "inside them")
        elif g is not None:  # \sin{\left(x\right)}: as \sin(x) (functions inside it too)
            content, end = g
            out.append(f"{tok}({_elementary(content)})")
            i = end
            continue
        if (mono := _MONOMIAL.match(s, j)) is not None:  # \sin 2x: sin(2x), textbooks' way
            out.append(f"{tok}({mono[1]})")
            i = mono.end()
            continue
        out.append(tok)
        i = j
    out.append(s[i:])
    return "".join(out)


# a coefficient times one letter or pi, written right after a function without parentheses:
# ``\sin 2x``, ``\sin 2\pi x``, ``\sin \pi x``, ``\ln 2x`` (the argument, as every textbook
# reads ``\sin 2x = 2 \sin x \cos x``); anything longer (``\sin x y``, ``\sin 2x^2``) is refused
_PI = r"\\pi(?![A-Za-z])"
_FACTOR_NEXT = (r"\s*(?:[A-Za-z0-9_^('{.\[]|\\(?:frac|sqrt|left|lbar|lceil|lfloor|fn|deriv|"
                r"bigop|integral|"
                r"infty|pi|" + "|".join(sorted(_GREEK)) + r")(?![A-Za-z]))")
_MONOMIAL = re.compile(rf"\s*((?:\d+(?:\.\d+)?\s*(?:{_PI}\s*)?|{_PI}\s*)[A-Za-z]"
                       rf"|\d+(?:\.\d+)?\s*{_PI})(?!{_FACTOR_NEXT})")


def _group(s: str, i: int) -> tuple[str, int] | None:
    """The braced group starting at ``s[i]`` (after spaces): ``(content, end)``, or None."""
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s) or s[i] != "{":
        return None
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return None


_VAR = r"[A-Za-z](?:_[A-Za-z0-9]+)?|\\[A-Za-z]+(?:_[A-Za-z0-9]+)?"
_D = r"(?:d(?![A-Za-z_]*\s*[(])|\\d(?![a-zA-Z])|\\partial(?![a-zA-Z]))"
_NUM_D = re.compile(r"\s*(d|\\d(?![a-zA-Z])|\\partial(?![a-zA-Z]))\s*(?:\^\s*\{?\s*(\d+)\s*\}?)?"
                    r"\s*(.*?)\s*", re.DOTALL)
_DEN_D = re.compile(r"\s*(d|\\d(?![a-zA-Z])|\\partial(?![a-zA-Z]))\s*(" + _VAR + r")\s*"
                    r"(?:\^\s*\{?\s*(\d+)\s*\}?)?\s*", re.DOTALL)

_SLASH_PARTIAL = re.compile(r"\s*\\partial\s*C\s*/\s*\\partial\s*(?:" + _VAR + r")\s*")


def _leibniz(s: str) -> str:
    r"""``\frac{d}{dz}`` -> ``\deriv{z}``, ``\frac{d f}{d z}`` -> ``\deriv{z}(f)``,
    ``\frac{d^2}{dz^2}`` -> ``\deriv{z,2}`` (also ``\d`` from ``\mathrm{d}`` and
    ``\partial``); ``\frac{\partial C}{\partial b_j}`` stays the cost's partial. A fraction
    whose numerator and denominator both start with a differential but do not match is
    refused rather than read as a quotient."""
    out, i = [], 0
    while True:
        j = s.find(r"\frac", i)
        if j < 0:
            out.append(s[i:])
            return "".join(out)
        num = _group(s, j + 5)
        den = _group(s, num[1]) if num else None
        if not num or not den:
            out.append(s[i:j + 5])
            i = j + 5
            continue
        n = _NUM_D.fullmatch(num[0])
        d = _DEN_D.fullmatch(den[0])
        starts_d = bool(re.match(r"\s*(d|\\d(?![a-zA-Z])|\\partial(?![a-zA-Z]))", den[0]))
        rest = n[3] if n else ""
        if n and (n[1] == r"\partial") and rest == "C" and d and d[1] == r"\partial":
            out.append(s[i:j + 5])  # the cost's partial: read by the grammar
            i = j + 5
            continue
        if _SLASH_PARTIAL.fullmatch(num[0]) and _SLASH_PARTIAL.fullmatch(den[0]):
            out.append(s[i:j + 5])  # a quotient of two partials written with slashes
            i = j + 5
            continue
        if n and starts_d and not re.match(r"[+\-*/=<>)_^]", rest):
            kind = "p" if n[1] == r"\partial" else "d"
            if not d or kind != ("p" if d[1] == r"\partial" else "d") or (n[2] or "1") != (
                    d[3] or "1"):
                raise NotUnderstood(f"the derivative notation \\frac{{{num[0].strip()}}}"
                                    f"{{{den[0].strip()}}}")
            order = int(n[2] or 1)
            tok = rf" \deriv{{{d[2]}{',' + str(order) if order > 1 else ''}}} "
            out.append(s[i:j] + tok + (f"({rest})" if rest else ""))
            i = den[1]
            continue
        out.append(s[i:j + 5])
        i = j + 5




# ]0, 1[ and [0, 1[: open ends written the French way
_IN_INTERVAL = re.compile(r"\\in\s*([\[(\]])\s*([^,\[\]()]*?)\s*,\s*([^,\[\]()]*?)\s*([\])\[])")
# where the left operand of ``\in`` starts, scanning back: a connective or separator
_OPERAND_START = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|to|rightarrow|land|wedge|"
                            r"forall|quad|qquad)(?![A-Za-z])|[,:;]|&")
_TOP_RELATION = re.compile(r"\\(?:le|leq|ge|geq|lt|gt|ne|neq|approx|leqslant|geqslant)"
                           r"(?![A-Za-z])|[<>]|!=")


def _memberships(s: str) -> str:
    r"""``E \in [a, b)`` -> ``a \le E < b`` for the operand ``E`` of ``\in`` (back to a
    connective, a separator or an open bracket): a variable (``x \in (0, 1) \implies ...``),
    an expression (``\tanh'(z) \in (0, 1]``) or a chain of ``=`` (``\sigma'(z) = \sigma(z)(1 -
    \sigma(z)) \in (0, \frac14]`` is ``0 < \sigma'(z) = ... \le \frac14``: every side is
    equal); an end ``\infty`` is dropped. After an inequality (``x \le y \in [0, 1]``) the
    operand is not sure: not understood."""
    out, pos = [], 0
    for m in _IN_INTERVAL.finditer(s):
        start, depth, i = pos, 0, m.start()
        while i > pos:
            c = s[i - 1]
            if c in ")]}":
                depth += 1
            elif c in "([{":
                depth -= 1
                if depth < 0:
                    start = i
                    break
            elif depth == 0 and (sep := _last_separator(s, pos, i)) is not None:
                start = sep
                break
            i -= 1
        left = s[start:m.start()]
        if not left.strip():
            continue
        if _TOP_RELATION.search(_outside_brackets(left)):
            raise NotUnderstood(f"{' '.join(left.split())} \\in ... (the left side of \\in "
                                "after an inequality: write the two relations apart)")
        lo, hi = m[2], m[3]
        text = left.strip()
        if not re.fullmatch(r"-\s*\\infty", lo):
            text = lo + (" < " if m[1] in "(]" else r" \le ") + text
        if not re.fullmatch(r"\+?\s*\\infty", hi):
            text += (" < " if m[4] in ")[" else r" \le ") + hi
        lead = left[:len(left) - len(left.lstrip())]
        out.append(s[pos:start] + lead + text + " ")
        pos = m.end()
    return "".join(out) + s[pos:]


def _last_separator(s: str, lo: int, i: int) -> int | None:
    """The end of a connective or separator that ends at ``i`` (``s[lo:i]``), or None."""
    for m in _OPERAND_START.finditer(s, lo, i):
        if m.end() == i:
            return i
    return None


def _outside_brackets(text: str) -> str:
    """``text`` with what is inside brackets dropped (its top level)."""
    out, depth = [], 0
    for c in text:
        depth += c in "([{"
        if depth == 0:
            out.append(c)
        depth -= c in ")]}"
    return "".join(out)


def _ranges(s: str) -> str:
    r"""``x \in [a, b)`` -> ``a \le x < b`` (an end ``\infty`` is dropped);
    ``x \in \mathbb{R}`` -> ``x`` (no condition)."""
    s = _memberships(s)
    s = _SIGNED_REALS.sub(lambda m: f"{m[1]} {m[2]} 0", s)
    s = _DECORATED_REALS.sub(_decorated, s)
    s = _NONZERO_REALS.sub(r"\1 \\neq 0", s)
    if m := _OTHER_SET.search(s):
        shown = " ".join(m[0].split()).removeprefix("\\in").strip()
        raise NotUnderstood(f"the set {shown} (derive's variables are real numbers; integers, "
                            "complex numbers and signed reals other than \\mathbb{R}_{>0}, "
                            "\\mathbb{R}_{\\ge 0} are not read here)")
    return re.sub(r"(" + _VAR + r")\s*" + _REALS, r"\1", s)


_RSET = r"\\in\s*\\mathbb\s*\{?\s*R\s*\}?"
# x \in \mathbb{R}_{>0}, \mathbb{R}_{\ge 0}: a sign condition
_SIGNED_REALS = re.compile(r"(" + _VAR + r")\s*" + _RSET + r"\s*_\s*\{\s*(>|<|\\ge|\\le)\s*0\s*\}")
# \mathbb{R}_+^*, \mathbb{R}^{+*} (French: x > 0), \mathbb{R}^+_0, \mathbb{R}_0^+ (x >= 0)
_DECORATED_REALS = re.compile(r"(" + _VAR + r")\s*" + _RSET
                              + r"((?:\s*[_^]\s*(?:\{[^{}]*\}|[^\s{}\\]))+)")


def _decorated(m: re.Match) -> str:
    """``x \\in \\mathbb{R}_+^*`` -> ``x > 0``, ``x \\in \\mathbb{R}^+_0`` -> ``x \\ge 0``;
    other decorations are left (refused by ``_OTHER_SET``, or read both ways: ``^+``)."""
    marks = "".join(a + b for a, b in re.findall(r"[_^]\s*(?:\{([^{}]*)\}|(\S))", m[2]))
    marks = marks.replace(" ", "")
    if sorted(marks) == sorted("+*"):
        return f"{m[1]} > 0"
    if sorted(marks) == sorted("+0"):
        return f"{m[1]} \\ge 0"
    return m[0]


# x \in \mathbb{R} \setminus \{0\}: x \ne 0
_NONZERO_REALS = re.compile(r"(" + _VAR + r")\s*" + _RSET + r"\s*\\(?:setminus|backslash)\s*"
                            r"(?:\\left)?\s*\\?\{\s*0\s*(?:\\right)?\s*\\?\}")
# any other set after \in: \mathbb{N}, \mathbb{Z}, \mathbb{R}^+ (positive, or nonnegative in
# some books: check.run reads it both ways), \mathbb{R}^*, \mathbb{R}_+ ...
_OTHER_SET = re.compile(r"\\in\s*\\mathbb\s*\{?\s*(?:[NZQC]\s*\}?|"
                        r"R\s*\}?\s*[_^]\s*\{?\s*[^{}\s]*\s*\}?)")


_LIST_VAR = re.compile(r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?(?![A-Za-z0-9({\[^'])|\\(?:" +
                       "|".join(sorted(_GREEK - {"pi"})) + r")(?![A-Za-z])")
_LIST_GAP = re.compile(r"(?:\s|\\[,!>]|~|\\forall(?![A-Za-z]))*")
_LIST_END = re.compile(r"\s*(?:\.|:|\\colon(?![A-Za-z])|\\[;: ]|\\q?quad(?![A-Za-z]))")


_ARROW = re.compile(r"\\(?:to|rightarrow|longrightarrow)(?![A-Za-z])")
_WORD_CONNECTIVE = re.compile(r"\\(?:text|mbox|textrm|mathrm)\s*\{\s*(and|or)\s*\}")
_RELATION_TEXT = re.compile(r"<|>|\\[lg]e(?:q|qslant)?(?![A-Za-z])|\\neq?(?![A-Za-z])|"
                            r"\\in(?![A-Za-z])")


_TEXT_MATH = re.compile(r"\\(?:text|mbox|textrm)\s*\{([^{}$]*)\$([^$]*)\$([^{}$]*)\}")


def text_math(src: str) -> str:
    r"""Math inside prose inside math, ``\text{for $x > 0$}`` -> ``\text{for} x > 0``
    (also ``\text{(for $x > 0$)}``, ``\text{if $x > 0$.}``): the prose words stay a
    ``\text``, the math is math again."""
    def one(m: re.Match) -> str:
        head, math, tail = m[1].strip(), m[2], m[3].strip()
        if head.startswith("(") and tail.endswith(")"):
            head, tail = head[1:].strip(), tail[:-1].strip()
        tail = tail.strip(" .,;")
        return (rf" \text{{{head}}} " if head else " ") + math + (
            rf" \text{{{tail}}} " if tail else " ")
    # \text{(for } x > 0\text{)}: the brackets of a condition split between two \text
    src = re.sub(r"\\(?:text|mbox|textrm)\s*\{\s*\(\s*((?:for|if|where|when)[^{}]*)\}(.*?)"
                 r"\\(?:text|mbox|textrm)\s*\{\s*\)\s*[.,]?\s*\}", r"\\text{\1} \2", src)
    for _ in range(10):
        new = _TEXT_MATH.sub(one, src)
        if new == src:
            break
        src = new
    return src


_SYMBOLS = [("<=", r" \le "), (">=", r" \ge "), ("!=", r" \neq "), ("=>", r" \implies "),
            ("≤", r" \le "), ("⩽", r" \le "), ("≥", r" \ge "), ("⩾", r" \ge "), ("≠", r" \neq "),
            ("⇒", r" \implies "), ("⟹", r" \implies "), ("∀", r" \forall "), ("∈", r" \in "),
            ("π", r" \pi "), ("∞", r" \infty "), ("−", "-"), ("·", r" \cdot "), ("×", r" \times "),
            ("ℝ", r" \mathbb{R} "), ("′", "'"), ("″", "''"), ("²", "^{2}"), ("³", "^{3}"),
            *((g, f" \\{name} ") for g, name in zip(
                "αβγδεηθλμνξρστφχψωΔΣΦΓ", ("alpha beta gamma delta epsilon eta theta lambda mu nu "
                                         "xi rho sigma tau phi chi psi omega Delta Sigma Phi "
                                         "Gamma").split()))]


# digits with ``{,}`` between them: 0{,}25 (a decimal comma), 1{,}000{,}000 (thousands)
_COMMA_NUMBER = re.compile(r"\d+(?:\s*\{,\}\s*\d+)+")


def _comma_groups(m: re.Match) -> list[str] | None:
    """The digit groups of a number written with ``{,}``, or None when the reading is not
    sure: one ``{,}`` before exactly three digits (``390{,}625``) is a thousands separator in
    English and a decimal comma elsewhere (unless the number starts with ``0{,}``)."""
    groups = re.split(r"\s*\{,\}\s*", m[0])
    if len(groups) == 2 and len(groups[1]) == 3 and groups[0] != "0":
        return None
    if len(groups) > 2 and any(len(g) != 3 for g in groups[1:]):
        return None  # neither thousands (3 digits a group) nor one decimal comma
    return groups


def _comma_number(m: re.Match) -> str:
    groups = _comma_groups(m)
    if groups is None:
        return m[0]  # (parse refuses it, named)
    return groups[0] + "." + groups[1] if len(groups) == 2 else "".join(groups)


# a relation with its justification written over it, \overset{\text{AM-GM}}{\le}: the relation
# (a question, \overset{?}{=}, or a requirement, \overset{!}{=}, is left as written: not read)
OVERSET = re.compile(r"\\(?:overset|stackrel)\s*\{((?:[^{}?!]|\{[^{}?!]*\})*)\}\s*"
                     r"\{\s*(=|<|>|\\(?:le|ge|leq|geq|leqslant|geqslant|lt|gt|ne|neq|approx)"
                     r"(?![A-Za-z]))\s*\}")


def readable(src: str) -> str:
    r"""What a stranger types for a LaTeX command, as the command: ASCII ``<=``, ``>=``,
    ``!=``, ``=>`` and the Unicode ``≤ ≥ ≠ ⇒ ∀ ∈ π ∞ − · × ℝ``, primes ``′``, squares and
    cubes ``² ³``, Greek letters ``σ δ γ ...`` (``σ`` the sigmoid, as ``\sigma``); a
    relation with its justification over it (``OVERSET``); and math inside prose inside
    math (``text_math``)."""
    src = OVERSET.sub(r" \2 ", src)
    for a, b in _SYMBOLS:
        src = src.replace(a, b)
    src = _COMMA_NUMBER.sub(_comma_number, src)
    return text_math(src)


def _connectives(src: str) -> str:
    r"""``P \to Q``, ``P \rightarrow Q`` with a relation before the arrow (so no limit or
    map ``f: A \to B``) -> ``P \implies Q``; ``\text{and}`` -> ``\land``, ``\text{or}`` ->
    ``\lor``."""
    s = _WORD_CONNECTIVE.sub(lambda m: r" \land " if m[1] == "and" else r" \lor ",
                             readable(src))
    m = _ARROW.search(s)
    if m and "\\lim" not in s and _RELATION_TEXT.search(s[:m.start()]):
        s = _ARROW.sub(r"\\implies", s)
    return s


def _bracketed_forall(src: str) -> str:
    r"""``(\forall x \in \mathbb{R})\; Q`` -> ``\forall x \in \mathbb{R} \; Q`` and ``Q \quad
    (\forall x > 0)`` -> ``Q \quad \forall x > 0``: a quantifier in brackets at either end."""
    s = re.sub(r"\\(?:left|[bB]igg?l?)\s*\(", "(", src)
    s = re.sub(r"\\(?:right|[bB]igg?r?)\s*\)", ")", s)
    m = re.search(r"\(\s*\\forall(?![A-Za-z])", s)
    if not m:
        return src
    close = _matching(s, m.start())
    if close is None:
        return src
    inner = s[m.start() + 1:close].strip()
    if not s[:m.start()].strip():
        return f"{inner} \\; {s[close + 1:]}"
    if not s[close + 1:].strip(" .,;"):
        return f"{s[:m.start()]} \\quad {inner}"
    return src


def _forall_list(src: str) -> str:
    r"""``\forall x \, y . Q``, ``\forall x \, y \; Q``, ``\forall x \, \forall y : Q``,
    ``\forall x \, (P \Rightarrow Q)`` (MetiTarski's and logic books' quantifier over a list of
    variables, then a full stop, colon, wide space or a parenthesised body) -> the body ``Q``
    (no restriction; the body's own premise, if any, is kept; ``parse`` still marks the
    statement quantified). Anything else is left to ``_quantifiers``."""
    m = re.match(r"\s*\\forall(?![A-Za-z])", src)
    if not m:
        return src
    original = src
    src = re.sub(r"\\(?:left|[bB]igg?l?)\s*\(", "(", src)
    src = re.sub(r"\\(?:right|[bB]igg?r?)\s*\)", ")", src)
    i, names = m.end(), []
    while True:
        i = _LIST_GAP.match(src, i).end()
        v = _LIST_VAR.match(src, i)
        if not v:
            break
        names.append(v[0])
        i = v.end()
    if not names or not (_LIST_END.match(src, i) or src[i:].lstrip().startswith("(")):
        return _forall_condition(original, m.end())
    end = _LIST_END.match(src, i)
    if end:
        body = src[end.end():].strip()
    elif src[i:].lstrip().startswith("("):
        j = i + len(src[i:]) - len(src[i:].lstrip())
        close = _matching(src, j)
        if close is None or src[close + 1:].strip(" .,;"):
            return original
        body = src[j + 1:close].strip()
    else:
        return original
    if not body or "\\forall" in body:
        return original
    return body


_WIDE = re.compile(r"(?<!\\),|:|\\colon(?![A-Za-z])|\\[;]|\\q?quad(?![A-Za-z])")


def _forall_condition(src: str, start: int) -> str:
    r"""``\forall x \in (0, 1) \; Q``, ``\forall x > 0 \quad Q`` -> ``x \in (0, 1) \implies
    Q``: a condition, then a wide space, colon or ``\colon`` before the statement (a comma
    first is left to ``_quantifiers``)."""
    seps = [m for m in top_level(src[start:], _WIDE)]
    if not seps or seps[0][0] == ",":
        return src
    cond, body = src[start:start + seps[0].start()], src[start + seps[0].end():].strip()
    while body.startswith("\\forall"):  # \forall x > 0 \; \forall y > 0 \; Q
        rest = body[len("\\forall"):]
        more = top_level(rest, _WIDE)
        if not more or more[0][0] == ",":
            return src
        cond, body = f"{cond}, {rest[:more[0].start()]}", rest[more[0].end():].strip()
    if not _RELATION_TEXT.search(cond) or not body or "\\forall" in body:
        return src
    # \forall x > 0 \, \forall y > 0 \; Q: one premise
    cond = re.sub(r"(?:\s|\\[,!])*\\forall(?![A-Za-z])", ",", cond)
    return f"{cond.strip()} \\implies {body}"


def enclosed(s: str) -> bool:
    """Whether ``s`` is one bracketed group, ``(...)`` from its first character to its last
    (``(x > 0)``; not ``(1 + x)^2 < e(1 - x)``)."""
    return s.startswith("(") and _matching(s, 0) == len(s) - 1


def _matching(s: str, j: int) -> int | None:
    """Index of the bracket closing the one at ``s[j]``, or None."""
    depth = 0
    for k in range(j, len(s)):
        if s[k] in "([{":
            depth += 1
        elif s[k] in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return None


_MAXMIN_BRACE = re.compile(r"\\(max|min)\s*(?:\\left\s*)?\\\{")


def _maxmin_braces(s: str) -> str:
    r"""``\max\{a, b\}`` (also ``\max\left\{ .. \right\}``) -> ``\max(a, b)``; braces elsewhere
    (sets, fractional parts) are left to the grammar, which refuses them."""
    while m := _MAXMIN_BRACE.search(s):
        depth, k = 1, m.end()
        while k < len(s) and depth:
            if s.startswith("\\{", k):
                depth += 1
            elif s.startswith("\\}", k):
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if depth:
            raise NotUnderstood(rf"\{m[1]}\{{ without its closing \}}")
        inner = s[m.end():k]
        inner = re.sub(r"\\right\s*$", "", inner)
        s = f"{s[:m.start()]}\\{m[1]}({inner}){s[k + 2:]}"
    return s


def top_level(s: str, pattern: re.Pattern) -> list[re.Match]:
    """Matches of ``pattern`` in ``s`` outside brackets (``{([`` ... ``])}``), none inside a
    command's name."""
    out, depth, i = [], 0, 0
    while i < len(s):
        c = s[i]
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif depth == 0 and (m := pattern.match(s, i)):
            out.append(m)
            i = m.end()
            continue
        elif c == "\\" and (m := re.match(r"\\[A-Za-z]+", s[i:])):
            i += len(m[0])
            continue
        i += 1
    return out


_FORALL = re.compile(r"\\forall(?![a-zA-Z])")
_QUANTIFIED = re.compile(r"\\forall(?![a-zA-Z])|\\in\s*\\(?:mathbb|mathbf|R(?![a-zA-Z]))|"
                         r"\\text\s*\{\s*for (?:all|every|each|any)\b")
_IMPL = re.compile(r"\\implies(?![a-zA-Z])|\\Rightarrow(?![a-zA-Z])|\\Longrightarrow(?![a-zA-Z])")
_COMMA = re.compile(r",|:|\\colon(?![a-zA-Z])")


def _quantifiers(s: str) -> str:
    r"""``\forall P, Q`` and ``Q, \forall P`` -> ``P \implies Q``; commas in a premise become
    ``\land``; a premise that only names variables (``\forall x \in \mathbb{R}``) is dropped."""
    s = _QUALIFIER.sub(r" \\forall ", s).strip().rstrip(".,;")
    if s.startswith("\\forall"):  # \forall x \in I, \forall y \in J: Q -> one premise
        s = "\\forall" + re.sub(r",\s*\\forall(?![a-zA-Z])", ",", s[len("\\forall"):])
    fa = top_level(s, _FORALL)
    if len(fa) > 1:
        raise NotUnderstood(r"more than one \forall")
    if fa:
        m = fa[0]
        before, after = s[:m.start()].strip().rstrip(",").strip(), s[m.end():].strip()
        if before:  # Q \forall P
            prem, concl = after, before
        else:  # \forall P, Q
            seps = top_level(after, _COMMA)
            if not seps:
                raise NotUnderstood(r"\forall without a comma before the statement")
            cut = seps[-1]
            prem, concl = after[:cut.start()], after[cut.end():]
        s = f"{_every_index(prem, concl)} \\implies {concl}"
    imp = top_level(s, _IMPL)
    if not imp and VARIABLE_LIST.match(s):  # x, y > 0 alone: a condition on both
        return _premise(s) or ""
    if imp:
        head = _premise(s[:imp[0].start()])
        rest = s[imp[0].end():]
        s = rest if head is None else head + r" \implies " + rest
    return s


def _every_index(prem: str, concl: str) -> str:
    r"""``\forall j, |w_j| \le 1: Q`` bounds every weight: the condition is added for each
    other instance of ``w`` in ``Q`` (``w_{j+1}``, ``w_1``); a sum or product over the index
    in ``Q`` is not understood (its terms are the instances)."""
    cuts = [m.start() for m in top_level(prem, re.compile(","))]
    parts = [prem[a + (a > 0):b].strip() for a, b in zip([0, *cuts], [*cuts, len(prem)])]
    names = []
    while parts and re.fullmatch(_VAR, parts[0]):
        names.append(parts.pop(0))
    if not names or not parts:
        return prem
    added = []
    for name in names:
        sub = rf"_\s*(?:\{{\s*{re.escape(name)}\s*\}}|{re.escape(name)}(?![A-Za-z0-9]))"
        for part in parts:
            letters = set(re.findall(rf"(?<![A-Za-z\\])([A-Za-z]){sub}", part))
            if not letters:
                continue
            seen = set(re.findall(rf"(?<![A-Za-z\\])(?:{'|'.join(letters)})_\s*(\{{[^{{}}]*\}}|"
                                  r"[A-Za-z0-9])", concl))
            others = {" ".join(t.strip("{}").split()) for t in seen} - {name}
            if seen and re.search(r"\\(?:sum|prod|bigop)(?![A-Za-z])", concl):
                raise NotUnderstood(f"the condition ${part}$ for every ${name}$ and a sum or "
                                    "product in the statement")
            if others and len(re.findall(sub, part)) > 1:
                raise NotUnderstood(f"the condition ${part}$ for every ${name}$ and other "
                                    "indices in the statement")
            added += [re.sub(sub, lambda _, t=t: f"_{{{t}}}", part) for t in sorted(others)]
    return ", ".join([prem, *added])


_REALS = (r"\\in\s*(?:\\mathbb\s*(?:\{\s*R\s*\}|R)|\\mathbf\s*\{\s*R\s*\}|\\R(?![A-Za-z]))"
          r"(?![A-Za-z_^])")
_REL_TEXT = (r"(?:<|>|\\le(?:q|qslant)?(?![a-zA-Z])|\\ge(?:q|qslant)?(?![a-zA-Z])|"
             r"\\[lg]t(?![a-zA-Z])|\\neq?(?![a-zA-Z])|\\in(?![a-zA-Z]))")


# variables, or their absolute values ("|w_2|, |w_3| \le 1" bounds both; never mixed: in
# "\forall j, |x| < 1" j is a quantifier's variable)
_ABS = r"\|\s*(?:" + _VAR + r")\s*\|"
_ITEM = r"(?:" + _VAR + r"|" + _ABS + r")"
VARIABLE_LIST = re.compile(r"\s*(?:(?:" + _VAR + r")(?:\s*,\s*(?:" + _VAR + r"))+|" + _ABS
                           + r"(?:\s*,\s*" + _ABS + r")+)\s*" + _REL_TEXT)


def _range_start(part: str) -> bool:
    r"""Whether ``part`` is ``c < x`` with a number ``c`` (``0 < x``, ``-\frac{\pi}{2} \le
    x``): the start of a range, so that ``0 < x, y < 1`` may bound both."""
    m = re.fullmatch(r"(.+?)\s*(?:<|>|\\le(?:q|qslant)?|\\ge(?:q|qslant)?|\\[lg]t)\s*(?:" + _VAR +
                     r")\s*", part, re.DOTALL)
    return bool(m) and not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", m[1]))


def _premise(head: str) -> str | None:
    r"""A premise's top-level commas as ``\land``, with variable lists distributed:
    ``x, y > 0`` -> ``x > 0 \land y > 0``, ``x, y \in [0, 1]`` likewise; ``x \in
    \mathbb{R}`` (no restriction) dropped, and so is a premise that only names variables;
    None when nothing is left. ``0 < x, y < 1`` (both in the range, or two conditions?) is
    refused."""
    cuts = [m.start() for m in top_level(head, re.compile(","))]
    parts = [head[a + (a > 0):b].strip() for a, b in zip([0, *cuts], [*cuts, len(head)])]
    out: list[str] = []
    names: list[str] = []
    for i, part in enumerate(parts):
        if re.fullmatch(_ITEM, part) and all(
                bool(re.fullmatch(_ABS, n)) == bool(re.fullmatch(_ABS, part)) for n in names):
            names.append(part)
            continue
        kind = _ITEM if not names else _ABS if re.fullmatch(_ABS, names[0]) else _VAR
        m = re.match(r"(" + kind + r")\s*(" + _REL_TEXT + r".*)", part, re.DOTALL)
        if names and not m and all(re.search(rf"_\s*\{{?\s*{re.escape(n)}\s*\}}?(?![A-Za-z])",
                                             part) for n in names):
            names = []  # "\forall j, |w_j| \le 1": j an index, the condition on every w_j
        if names and not m:
            raise NotUnderstood(f"the variables {', '.join(names)} without a condition "
                                f"before {part}")
        if i and m and not names and _range_start(parts[i - 1]):
            raise NotUnderstood(f"{parts[i - 1]}, {part} (both variables in the range, or two "
                                "conditions?): write each condition out")
        for v in [*names, *([m[1]] if m else [])]:
            out.append(f"{v} {m[2]}" if m else part)
        if not m:
            out.append(part)
        names = []
    kept = [p for p in out if not re.fullmatch(r"(?:" + _VAR + r")\s*" + _REALS + r"\s*", p)]
    if not kept:
        return None
    return r" \land ".join(kept)


def _mark_bars(s: str) -> str:
    r"""Replace each ``|`` by ``\lbar`` or ``\rbar``: a bar closes an open ``|`` when it
    follows an operand (a letter, digit, ``)``, ``}``, ``'`` or a closing bar), else it opens
    one; ``\left|`` / ``\right|`` are explicit (bare bars inside such a pair are paired among
    themselves: ``\left| x - 0.1|x| \right|``)."""
    out: list[str] = []
    operand, i = False, 0
    opened: list[bool] = []  # the open bars, innermost last: explicit (\left|) or bare
    while i < len(s):
        if s.startswith(r"\left|", i):
            out.append(r" \lbar ")
            opened.append(True)
            operand, i = False, i + 6
            continue
        if s.startswith(r"\right|", i):
            out.append(r" \rbar ")
            if opened:
                opened.pop()
            operand, i = True, i + 7
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
            if operand and opened and not opened[-1]:
                out.append(r" \rbar ")
                opened.pop()
                operand = True
            else:
                out.append(r" \lbar ")
                opened.append(False)
                operand = False
        else:
            out.append(c)
            if not c.isspace():
                operand = c.isalnum() or c in ")]}'."
        i += 1
    return "".join(out)


_DEFINE = re.compile(r":=|\\coloneqq(?![a-zA-Z])|\\triangleq(?![a-zA-Z])")


_LAYER = r"(?:\{\s*[lL]\s*(?:[+-]\s*1\s*)?\}|[lL](?![A-Za-z]))"
_LAYERED = [
    (re.compile(r"\\nabla_\s*(?:\{\s*a(?:\^\{?L\}?)?\s*\}|a)\s*C"),
     r"\\frac{\\partial C}{\\partial a_L}"),
    (re.compile(r"\\delta\s*\^\s*(" + _LAYER + r")(?:\s*_\s*(?:\{\w+\}|\w))?"),
     lambda m: rf"\frac{{\partial C}}{{\partial z_{{{m[1].strip('{} ')}}}}}"),
    (re.compile(r"(?<![A-Za-z\\])([azbwy])\s*\^\s*(" + _LAYER + r")(?:\s*_\s*(?:\{\w+\}|\w))?"),
     lambda m: f"{m[1]}_{{{m[2].strip('{} ')}}}"),
    (re.compile(r"\\odot(?![a-zA-Z])"), "*"),
]


_LINEAR = r"-?\d+|-?\d*\s*(?:\*\s*)?(?:" + _VAR + r")(?:\s*[+-]\s*\d+)?"  # 2, n, n-1, 2n+1
_BIGOP = re.compile(r"\\(sum|prod)(?![a-zA-Z])\s*(?:\\limits)?\s*_\s*\{\s*(" + _VAR + r")\s*=\s*"
                    r"(" + _LINEAR + r")\s*\}\s*\^\s*(?:\{\s*(" + _LINEAR + r")\s*\}|(\d|"
                    + _VAR + r"))(\s*(?:\(|\\left\s*\())?")
_LEFT_BIGOP = re.compile(r"\\(?:sum|prod)(?![a-zA-Z])\s*(?:\\limits\s*)?(?:_\s*(?:\{[^{}]*\}|\\?\w+)"
                         r"\s*)?(?:\^\s*(?:\{[^{}]*\}|\\?\w+))?")


_INTEGRAL = re.compile(r"\\int(?![a-zA-Z])\s*(?:\\limits)?\s*_\s*(\{[^{}]*\}|-?\\?\w+)\s*\^\s*"
                       r"(\{[^{}]*\}|\\?\w+)")
_DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])(?:\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\}|d)"
                           r"\s*([A-Za-z])(?![A-Za-z_])")


def _integrals(s: str) -> str:
    r"""``\int_a^b f \, dx`` -> ``\integral{x}{a}{b}(f)`` (a token, bounds, the integrand up
    to the differential at its own bracket depth); an integral without both bounds or
    without a differential is left for the grammar to refuse."""
    out, i = [], 0
    while (m := _INTEGRAL.search(s, i)) is not None:
        depth, j, end = 0, m.end(), None
        while j < len(s):
            c = s[j]
            if c in "{([":
                depth += 1
            elif c in "})]":
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and (d := _DIFFERENTIAL.match(s, j)):
                end = d
                break
            j += 1
        if end is None:
            out.append(s[i:m.end()])
            i = m.end()
            continue
        lo, hi = (b[1:-1] if b.startswith("{") else b for b in (m[1], m[2]))
        out += [s[i:m.start()], rf" \integral{{{end[1]}}}{{{lo}}}{{{hi}}}(",
                s[m.end():end.start()], ") "]
        i = end.end()
    out.append(s[i:])
    return "".join(out)


def _bigops(s: str) -> str:
    r"""``\sum_{k=1}^{n}`` -> ``\bigop{sum;k;1;n}`` (a token); other sums (``\sum_j``,
    ``\sum_x``) are left for the grammar to refuse."""
    return _BIGOP.sub(lambda m: rf" \bigop{{{m[1]};{m[2]};{m[3]};{m[4] or m[5]};"
                      + ("c" if m[6] else "") + "} " + (m[6] or ""), s)


_DOTS = r"\s*(?:\*\s*)?\\(?:cdots|ldots|dots|dotsm|dotsb)(?![a-zA-Z])\s*(?:\*\s*)?"
_ELLIPSES = [
    re.compile(r"(?<![\\A-Za-z])([A-Za-z])_(\d+)\s*" + _DOTS + r"\1_(\d+)(?![\w])"),
    re.compile(r"(\\act\{\w+\}'*)\(\s*([A-Za-z])_(\d+)\s*\)" + _DOTS +
               r"\1\(\s*\2_(\d+)\s*\)"),
]
MAX_ELLIPSIS = 1000  # most factors an ellipsis stands for


def _ellipses(s: str) -> str:
    r"""``w_2 \cdots w_5`` -> ``w_2 w_3 w_4 w_5`` and ``\sigma'(z_1) \cdots \sigma'(z_4)`` ->
    the four factors (one factor repeated with a numeric index); any other ellipsis is left
    for the grammar to refuse."""
    def one(m: re.Match, template) -> str:
        a, b = int(m[m.lastindex - 1]), int(m[m.lastindex])
        if not a < b <= a + MAX_ELLIPSIS:
            return m[0]
        return " " + " ".join(template(m, k) for k in range(a, b + 1)) + " "

    s = _ELLIPSES[0].sub(lambda m: one(m, lambda m, k: f"{m[1]}_{k}"), s)
    return _ELLIPSES[1].sub(lambda m: one(m, lambda m, k: f"{m[1]}({m[2]}_{k})"), s)


def layered(src: str) -> str:
    r"""The book's layer superscripts read componentwise, as the width-1 chain's symbols:
    ``z^L_j -> z_L``, ``a^{l-1}_k -> a_{l-1}``, ``w^l_{jk} -> w_l``, ``\delta^l_j ->
    \partial C/\partial z_l``, ``\nabla_a C -> \partial C/\partial a_L``, ``\odot -> *``.
    A statement with only componentwise operations holds for every width only if it holds
    for width 1, so a counterexample here refutes it; a proof here is one instance. The
    target ``y_j`` beside the output's component ``a^L_j`` (same index) is that component's
    ``y``."""
    s = src
    comps = set(re.findall(r"(?:(?<![A-Za-z\\])[azby]|\\delta)\s*\^\s*(?:\{[^{}]*\}|\w)\s*_"
                           r"\s*\{?\s*([a-z])\s*\}?", s))
    if len(comps) > 1:  # a^L_j and a^L_k: one component read for both would be a guess
        raise NotUnderstood(f"components {', '.join(sorted(comps))} of layers in one equation "
                            "(read componentwise, an equation has one neuron index)")
    out_idx = set(re.findall(r"(?:a|z|\\delta)\s*\^\s*\{?\s*L\s*\}?\s*_\s*\{?\s*([a-z])\s*\}?",
                             s))
    for k in out_idx:
        s = re.sub(r"(?<![A-Za-z\\])y\s*_\s*(?:\{\s*" + k + r"\s*\}|" + k + r"(?![A-Za-z0-9]))",
                   "y", s)
    for pat, rep in _LAYERED:
        s = pat.sub(rep, s)
    return s


# delta with two indices and no layer (\delta_{ij}, \delta_{11}): the Kronecker delta, or a
# variable? Refused, never read as either (\delta^l_j, the book's error, is read as such)
_KRONECKER = re.compile(r"\\delta(?![A-Za-z])\s*_\s*\{\s*([A-Za-z0-9])\s*,?\s*([A-Za-z0-9])\s*\}"
                        r"(?!\s*\^\s*\{?\s*[A-Za-z])")  # (\delta_{ij}^2 refused)


# variance, expectation, probability: operators on random variables, not functions of the
# value of their argument (Var(2w) = 4 Var(w)); never read, never defined as functions
STATISTICS = ("Var", "var", "Cov", "cov", "Corr", "Std", "std", "E", "Pr", "P", "KL")
_STATISTIC = re.compile(r"\\mathbb\s*\{?\s*[EPV]\s*\}?|\\Pr(?![A-Za-z])|(?<![A-Za-z\\])(?:Var|"
                        r"Cov|Corr|Std)\s*[(\[]|\\(?:operatorname\*?|"
                        r"mathrm|text|textrm|mathsf)\s*\{\s*(?:" + "|".join(STATISTICS) + r")\s*\}")
_STATISTIC_SAID = ("variance, expectation, probability: operators on random variables, not "
                   "functions of a number, not read")


# a subscript that is a word in a font, n_{\text{in}}, n_{\mathrm{out}}, n_{\rm in}: the
# label itself (n_{in}), one variable's name
_FONT_SUBSCRIPT = re.compile(r"_\s*\{\s*(?:\\(?:text|textrm|textit|mathrm|mathit|mathsf|rm|it)"
                             r"\s*\{\s*([A-Za-z0-9]+)\s*\}|\\(?:rm|it)\s+([A-Za-z0-9]+))\s*\}")


# an explicit space (``\,``, ``\;``, ``\:``, ``\quad``) after a function's bare argument ends
# it: ``\cos^2 x \, (\pi^2 - 4x^2)^2`` is ``(\cos x)^2 (\pi^2 - 4x^2)^2`` (a differential ``\,
# dx`` is no factor; without the space, ``\ln x \sqrt{x}``, the reading is refused)
_SPACED_ARGUMENT = re.compile(
    r"(\\(?:" + "|".join(sorted(_LATEX_COMMANDS)) + r")(?![A-Za-z])\s*(?:\^\s*(?:\{[^{}]*\}|\d))?"
    r"\s*(?:\d+(?:\.\d+)?\s*)?(?<!\\)[A-Za-z](?:\s*\^\s*(?:\{[^{}]*\}|\w))?)"
    r"\s*\\(?:[,;:]|q?quad(?![A-Za-z])(?=\s*[(\[\\]))\s*"  # (\quad x > 0: a condition)
    r"(?=[(\[A-Za-z0-9]|\\(?:left|sqrt|frac|pi)(?![A-Za-z]))(?!d\s*[A-Za-z](?![A-Za-z0-9_^]))")


def normalise(src: str) -> str:
    """Spacing and alignment dropped, synonyms renamed, function names and derivatives
    made tokens, ranges and quantifiers rewritten, bars marked, trailing ``.,`` removed:
    the text the grammar reads."""
    src = _FONT_SUBSCRIPT.sub(lambda m: f"_{{{m[1] or m[2]}}}", src)
    s = _forall_list(_bracketed_forall(_connectives(src)))
    s = _maxmin_braces(_DROP.sub(" ", _SPACED_ARGUMENT.sub(r"\1 \\cdot ", _DEFINE.sub("=", s))))
    s = _bigops(layered(_integrals(s)))
    s = _quantifiers(_QUALIFIER.sub(r" \\forall ", s))
    s = _names(s)
    for pat, rep in _RENAME:
        s = pat.sub(rep, s)
    s = _ellipses(_ranges(_leibniz(s)))
    s = s.strip().rstrip(".,;").strip()
    if enclosed(s) and _RELATION_TEXT.search(s):
        s = s[1:-1].strip()  # "(x > 0)": a condition written in parentheses
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


_GROUPED_DIGITS = re.compile(r"(?<![A-Za-z_^.])\d+(?:(?:\s|\\[,;: !]|~)+\d+)+(?![\d.])")
_E_NOTATION = re.compile(r"(?<![A-Za-z0-9_.^])\d+(?:\.\d+)?[eE][+-]?\d+")


_ENVIRONMENT = re.compile(r"\\begin\s*\{\s*(cases|[pbvBV]?matrix|smallmatrix|array)\*?\s*\}")


def parse(src: str, functions: dict[str, Function] | None = None,
          defined: frozenset[str] = frozenset()) -> Statement:
    """Parse one equation (without its ``$`` delimiters) into a ``Statement``; ``functions``
    are the user functions defined earlier in the notes, ``defined`` the names of variables
    defined earlier (the caller substitutes them).

    Raises ``NotUnderstood`` for anything outside the grammar, too long, or nested too
    deeply; never evaluates the text.
    """
    global _CTX
    if len(src) > MAX_CHARS:
        raise NotUnderstood(f"longer than {MAX_CHARS} characters")
    if m := _GROUPED_DIGITS.search(src):
        shown = " ".join(re.sub(r"\\[,;: !]|~", " ", m[0]).split())
        raise NotUnderstood(f"{shown} (digits grouped, or a product of two "
                            "numbers? write 10000 or 10 \\cdot 000)")
    if m := next((m for m in _COMMA_NUMBER.finditer(src) if _comma_groups(m) is None), None):
        raise NotUnderstood(f"{m[0]} ({{,}} between digits: a thousands separator or a "
                            "decimal comma? write 390625 or 390.625)")
    if m := _E_NOTATION.search(src):
        raise NotUnderstood(f"{m[0]} (scientific notation, or e times a number? write "
                            "10^{-6} or e \\cdot 2)")
    if m := _ENVIRONMENT.search(src):
        raise NotUnderstood(f"the {m[1]} environment (" + (
            "a definition by cases: write each case as a claim with its condition, Q for z > 0"
            if m[1] == "cases" else "a matrix or array, not read") + ")")
    if m := _STATISTIC.search(src):
        raise NotUnderstood(f"{m[0]} ({_STATISTIC_SAID})")
    if m := _KRONECKER.search(src):
        raise NotUnderstood(f"{m[0]} (the Kronecker delta, 1 when the two indices are equal "
                            "and 0 otherwise, or a quantity delta with the index "
                            f"{m[1]}{m[2]}? write its value, or another name)")
    _FN_LETTERS[0] = "".join(n for n in (functions or {}) if re.fullmatch("[a-z]", n)
                             and n not in "efgh")
    try:
        s = normalise(src)
    finally:
        _FN_LETTERS[0] = ""
    if not s:
        raise NotUnderstood("empty")
    if m := re.search(r"\\(?:lor|vee|lnot|neg|iff|Leftrightarrow|exists)(?![a-zA-Z])", s):
        raise NotUnderstood(f"{m[0]} (read only as cases of a premise: P \\lor Q \\implies R, "
                            "each case without \\land)" if m[0] in ("\\lor", "\\vee") else
                            f"{m[0]} (only \\land, \\implies and \\forall are read)")
    if re.search(r"\\i+nt(?![a-zA-Z])", s):
        raise NotUnderstood(r"an integral other than \int_a^b f\,dx (both bounds and the "
                            "differential written)")
    if re.search(r"\\(?:sum|prod)(?![a-zA-Z])", s):
        left = [m[0].strip() for m in _LEFT_BIGOP.finditer(src) if not _BIGOP.match(m[0] + " ")]
        shown = left[0] if left else r"\sum"
        if "^" not in shown:
            raise NotUnderstood(f"the sum or product {shown} without bounds (write "
                                r"\sum_{k=1}^{n}; in BP1/BP2's index form, with the layers "
                                "written, the layer's width is the range)")
        raise NotUnderstood(f"the sum or product {shown} (bounds must be written "
                            r"\sum_{k=a}^{b}, with a, b whole numbers, letters or n-1, 2n, ...)")
    if _nesting(s) > MAX_NESTING or s.count(r"\lbar") > MAX_NESTING:
        raise NotUnderstood(f"nested more than {MAX_NESTING} deep")
    _CTX = _Context(functions, defined)
    try:
        s = _extremum_domains(s)
        st = _PARSER.parse(s)
        _no_loose_infinity(st)
        return replace(st, quantified=True) if _QUANTIFIED.search(src) else st
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
    finally:
        _CTX = _Context()


_EXTREMUM_UNDER = re.compile(r"\\(max|min)\s*_\s*(?=\{)")
_CONDITION_TOKEN = re.compile(r"\\[lg]e(?![a-zA-Z])|<|>")


def _extremum_domains(s: str) -> str:
    r"""``\max_{|w| \ge 4} f`` -> ``\max_{w} f`` with ``|w| \ge 4`` kept for ``w`` in the
    parse's context (``x \in [0, 1]`` is ``0 \le x \le 1`` by now); the conditions must name
    one variable, and one domain per variable."""
    out, i = [], 0
    while (m := _EXTREMUM_UNDER.search(s, i)) is not None:
        g = _group(s, m.end())
        if g is None or not _CONDITION_TOKEN.search(g[0]):
            out.append(s[i:m.end()])
            i = m.end()
            continue
        conds = _PARSER.parse(g[0])
        if conds.premise is not None or not conds.relations or any(
                r.op not in ("<=", ">=", "<", ">") for r in conds.relations):
            raise NotUnderstood(rf"\{m[1]}_{{{g[0].strip()}}} (under \max or \min: a "
                                "condition on one variable, such as |w| \\ge 4 or x \\in [0, 1])")
        over = tuple(_SP_REL[r.op](r.lhs, r.rhs) for r in conds.relations)
        names = set().union(*(c.free_symbols for c in over))
        if len(names) != 1 or (var := names.pop()).name in _CTX.over:
            raise NotUnderstood(rf"\{m[1]}_{{{g[0].strip()}}} (under \max or \min: a "
                                "condition on one variable, one domain per variable)")
        _CTX.over[var.name] = over + tuple(_CTX.conds)  # (with where the conditions are defined)
        _CTX.conds.clear()
        out.append(s[i:m.end()] + "{" + _tex_name(var) + "}")
        i = g[1]
    out.append(s[i:])
    return "".join(out)


def _tex_name(v: sp.Symbol) -> str:
    r"""The LaTeX the grammar reads back as ``v`` (``w_2``, ``\alpha``)."""
    name = v.name
    head, _, sub = name.partition("_")
    head = "\\" + head if head in _GREEK else head
    return f"{head}_{{{sub}}}" if sub else head


def _no_loose_infinity(st: Statement) -> None:
    r"""``\infty`` only as a bound of an integral."""
    for part in (st, st.premise, st.conclusion):
        if part is None:
            continue
        for e in [part.expr] if part.expr is not None else [
                x for r in part.relations for x in (r.lhs, r.rhs)]:
            bare = e.xreplace({i: sp.Dummy() for i in e.atoms(sp.Integral)})
            if bare.has(sp.oo, -sp.oo, sp.zoo):
                raise NotUnderstood(r"\infty outside the bounds of an integral")


_DEFINITION = re.compile(r"\s*\\fn\{(\w+)\}\s*\(\s*(" + _VAR + r")\s*\)\s*(?::=|=|\\coloneqq|"
                         r"\\equiv|\\triangleq)\s*(.+)", re.DOTALL)


def parse_function_definition(src: str, functions: dict[str, Function] | None = None
                              ) -> Function | None:
    r"""``\operatorname{swish}(z) = z\sigma(z)`` (a name that is neither a registered
    activation nor defined before) -> ``Function``; None if ``src`` is not of that form.
    NotUnderstood if the body cannot be read or uses variables other than the parameter."""
    s = _names(_DROP.sub(" ", src)).strip().rstrip(".,;")
    m = _DEFINITION.fullmatch(s)
    if not m or (functions and m[1] in functions):
        return None
    if (m[1] in STATISTICS and len(m[1]) > 1) or _STATISTIC.search(src):  # (E(v), P(x)
        raise NotUnderstood(f"\\operatorname{{{m[1]}}} ({_STATISTIC_SAID})")  # plain: functions)
    param = _symbol(m[2])
    if not isinstance(param, sp.Symbol):
        return None
    body_src = re.sub(r"\\act\{(\w+)\}", lambda k: rf"\operatorname{{{k[1]}}}", m[3])
    body_src = re.sub(r"\\fn\{(\w+)\}", lambda k: rf"\operatorname{{{k[1]}}}", body_src)
    body = parse(body_src, functions)
    if body.expr is None:
        raise NotUnderstood("a definition whose right side is not an expression")
    if body.expr.free_symbols - {param}:
        raise NotUnderstood(f"a definition of {m[1]} using variables other than {param}")
    return Function(m[1], param, body.expr)


def _lark_reason(err: LarkError, s: str) -> str:
    tok = getattr(err, "token", None)
    at = getattr(tok, "start_pos", None)
    if (isinstance(at, int) and (m := re.search(r"\\act\{(\w+)\}('*)\s*$", s[:at]))
            and (act := activations.ACTIVATIONS.get(m[1])) is not None):
        name = f"{act.tex.strip()}{m[2]}"  # "\sigma' \le \frac14": sigma' of what?
        return f"${name}$ without its argument (write it applied: ${name}(z)$)"
    if tok is not None and str(tok) == "!":
        return "'!' (a factorial is read of a whole number only: 3!)"
    if tok is not None and str(tok):
        if tok.type == "$END":
            return "unexpected end of the equation"
        return f"unexpected '{tok}'"
    col = getattr(err, "column", None)
    if col is not None and isinstance(col, int) and 0 < col <= len(s):
        m = re.match(r"\\[A-Za-z]+|.", s[col - 1:])
        if m and m[0] == "!":
            return "'!' (a factorial is read of a whole number only: 3!)"
        return f"unexpected '{m[0]}'" if m else "unexpected input"
    return "outside the grammar"
