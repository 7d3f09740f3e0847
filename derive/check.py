r"""``derive check``: find the equations in a person's notes and decide each one.

Extraction (``extract``): math in ``$...$``, ``$$...$$``, ``\(...\)``, ``\[...\]`` and the
``equation``, ``align``, ``gather``, ``multline`` environments (starred too), with the line it
starts on; fenced and inline code are skipped; ``align`` rows (split at ``\\``) are separate
equations unless a row starts with a relation (``&= ...``), which continues the previous row.

Decision (``decide``), always through ``derive.proof``'s ``certify_*`` functions or
``derive.chain``'s proofs, which are built on them:

* chain-gradient identities ``\partial C/\partial b_j = ...`` (also ``w_j``, ``z_j``): the
  product form is rebuilt with ``chain.gradient`` (other partials on the right side are
  replaced by their product forms) and proved with ``chain.prove`` (induction for every
  depth + the concrete depth); a different product is refuted by ``chain``'s interval
  counterexample on a network with exact rational parameters;
* identities ``lhs = rhs``: ``certify_identity`` on the closed forms of the activations;
* inequalities in one or two real variables: a structural sign (``certify_nonnegative``),
  or the exact substitution ``u = e^z > 0`` that turns the activations into rational
  functions of ``u`` whose factored form is a certificate (``\sigma'(z) \le 1/4`` becomes
  ``1/4 - u/(1+u)^2 = (u-1)^2/(4(u+1)^2)``); refuted at a grid point where an interval
  enclosure has the wrong sign; constants by ``certify_sign``;
* ``\max_z f(z) = c``: ``f \le c`` for all ``z`` as above, and ``f(z_0) = c`` exactly at a
  stationary point ``z_0``; if the true maximum ``m = f(z_0)`` is proved and differs, refuted;
* ``P \implies Q``: the premise is bounded using ``0 \le f'(t) \le \gamma`` (itself proved)
  when it is linear in ``f'(t)`` with a nonnegative coefficient, and ``Q``'s slack must be a
  positive constant times the bounded premise's slack; refuted at a grid point where ``P``
  holds and ``Q`` fails, both by interval enclosures;
* ``expr \approx 0.45``: a rigorous enclosure of the constant ``expr`` must lie within half a
  unit of the last digit written (``[0.445, 0.455]``).

Anything else is ``unknown`` with a reason that starts "not understood". Every equation has
a time limit (``EQUATION_SECONDS``) and the file a budget (``FILE_SECONDS``).
"""

from __future__ import annotations

import bisect
import re
import time
from dataclasses import dataclass
from itertools import product as cartesian

import sympy as sp

from derive import activations, chain, intervals
from derive.activations import AbstractActivation, AbstractDerivative
from derive.errors import InputError
from derive.parse import Extremum, NotUnderstood, Relation, Statement, parse
from derive.parse import _number as parse_number
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    certify_enclosure,
    certify_identity,
    certify_nonnegative,
    certify_sign,
    time_limit,
)

MAX_FILE_BYTES = 1_000_000  # larger notes files are refused (exit 2)
MAX_EQUATIONS = 400  # equations beyond this many are listed as "not checked"
EQUATION_SECONDS = 8.0  # time limit for deciding one equation
FILE_SECONDS = 120.0  # after this, the remaining equations are "not checked"
MAX_CHAIN_DEPTH = 500  # deepest chain-gradient identity checked
MAX_VARIABLES = 6  # free variables allowed in an identity (inequalities: 2)

_GRID = [sp.Rational(v) for v in
         ("0", "1", "-1", "1/2", "-1/2", "2", "-2", "4", "-4", "9/2", "-9/2", "3", "-3",
          "6", "-6", "1/10", "-1/10", "10", "-10")]
_GRID3 = 11  # grid values per variable with three or four variables


@dataclass(frozen=True)
class Span:
    """One equation as found: the line it starts on and its text without delimiters."""

    line: int
    source: str
    problem: str = ""  # set for an unterminated delimiter


@dataclass(frozen=True)
class Result:
    """The verdict on one equation, with a one-line reason."""

    line: int
    source: str
    verdict: str
    reason: str
    method: str = ""
    seconds: float = 0.0

    def __post_init__(self) -> None:
        # kernel reasons are rich text ($...$ math); a check reason is read beside the
        # user's own LaTeX, so it keeps the math as LaTeX source (derive.latex.source_text)
        from derive.latex import source_text

        object.__setattr__(self, "reason", source_text(self.reason))

    def to_dict(self) -> dict:
        return {"line": self.line, "source": self.source, "verdict": self.verdict,
                "reason": self.reason, "method": self.method,
                "seconds": round(self.seconds, 3)}

    def _repr_latex_(self) -> str:
        """Jupyter: the equation typeset with its verdict and reason (``latex.result_math``)."""
        from derive.latex import result_math

        return result_math(self)

    def __str__(self) -> str:
        from derive.latex import result_text

        return result_text(self)


# ============================================================================ extraction

_OPEN = re.compile(r"```|`|\\begin\{(equation|align|gather|multline)(\*?)\}|\$\$|\\\[|\\\(|"
                   r"\\\$|\$")
_BLANK = re.compile(r"\n[ \t]*\n")
_INNER_ENV = re.compile(r"\\(begin|end)\{(aligned|split|gathered)\}")
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_REL_START = re.compile(r"^\s*(=|<|>|\\le|\\ge|\\leq|\\geq|\\approx|\\neq)")


def _close_dollar(text: str, start: int) -> int:
    """Index of the ``$`` closing inline math opened before ``start``, or -1 (none before a
    blank line)."""
    j = start
    while True:
        j = text.find("$", j)
        if j < 0:
            return -1
        if text[j - 1] != "\\":
            break
        j += 1
    return -1 if _BLANK.search(text, start, j) else j


def extract(text: str) -> list[Span]:
    """Every math span of ``text`` in order, with its 1-based starting line."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    spans: list[Span] = []
    missing: set[str] = set()  # closers known to be absent after some point: no rescans
    i = 0
    while True:
        m = _OPEN.search(text, i)
        if not m:
            break
        tok, start = m[0], m.end()
        if tok == "\\$":
            i = start
            continue
        if tok.startswith("\\begin"):
            closer = f"\\end{{{m[1]}{m[2]}}}"
        else:
            closer = {"```": "```", "`": "`", "$$": "$$", "\\[": "\\]", "\\(": "\\)"}.get(tok, "$")
        if closer in missing:
            j = -1
        elif tok == "$":
            j = _close_dollar(text, start)
        elif tok == "`":
            j = text.find("`", start)
            j = -1 if j < 0 or "\n" in text[start:j] else j
        else:
            j = text.find(closer, start)
        if j < 0:
            if tok not in ("`", "$"):
                missing.add(closer)
            if tok not in ("`", "```"):
                spans.append(Span(line_of(m.start()), text[start:start + 60].split("\n")[0],
                                  f"unterminated {tok}"))
            i = start
            continue
        i = j + len(closer)
        if tok in ("`", "```"):
            continue
        body = _INNER_ENV.sub(" ", text[start:j])
        if (tok.startswith("\\begin") and m[1] in ("align", "gather")) or "\\\\" in body:
            spans.extend(_rows(body, line_of(start)))
        elif body.strip():
            spans.append(Span(line_of(start + len(body) - len(body.lstrip())), body.strip()))
    return spans


def _rows(body: str, first_line: int) -> list[Span]:
    """``align`` rows split at ``\\``; a row starting with a relation continues the last."""
    out: list[Span] = []
    line = first_line
    for row in body.split("\\\\"):
        lead = row[: len(row) - len(row.lstrip())]
        row_line = line + lead.count("\n")
        line += row.count("\n")
        src = row.strip()
        if not src:
            continue
        if out and _REL_START.match(src.replace("&", "")):
            prev = out.pop()
            out.append(Span(prev.line, f"{prev.source} {src}"))
        else:
            out.append(Span(row_line, src))
    return out


def read_notes(path: str) -> str:
    """The text of a notes file; InputError if it cannot be read, is too large, or is
    binary / not UTF-8."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path} is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                         "derive check reads notes files up to that size")
    if b"\0" in data:
        raise InputError(f"{path} is a binary file, not Markdown or LaTeX text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


# ============================================================================ helpers

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


# ============================================================================ decisions

def decide(stmt: Statement, claim: str) -> Step:
    """One step deciding the whole statement (a chain of relations or an implication)."""
    if stmt.expr is not None:
        return _unknown(claim, "an expression, not a claim (no =, \\le, \\approx, ...)")
    if stmt.premise is not None:
        return decide_implication(stmt.premise, stmt.conclusion, claim)
    steps = [decide_relation(r, claim) for r in stmt.relations]
    if len(steps) == 1:
        return steps[0]
    if all(s.verdict != REFUTED for s in steps):
        vague = next((s for s in steps if s.reason.startswith("not understood")), None)
        if vague is not None:
            return vague
    return certify_all(claim, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                       "; ".join(s.reason for s in steps))


def decide_relation(rel: Relation, claim: str) -> Step:
    lhs, op, rhs = rel.lhs, rel.op, rel.rhs
    both = sp.Tuple(lhs, rhs)
    if both.atoms(Extremum):
        if isinstance(lhs, Extremum) and op == "=" and not rhs.atoms(Extremum):
            return decide_extremum(lhs, rhs, claim)
        if isinstance(rhs, Extremum) and op == "=" and not lhs.atoms(Extremum):
            return decide_extremum(rhs, lhs, claim)
        if isinstance(lhs, Extremum) and op == "~" and not rhs.atoms(Extremum):
            return decide_extremum_approx(lhs, rhs, claim)
        flip = {"<=": ">=", ">=": "<=", "<": ">", ">": "<"}
        if isinstance(lhs, Extremum) and op in flip and not rhs.atoms(Extremum):
            return decide_relation_max(lhs, op, rhs, claim)
        if isinstance(rhs, Extremum) and op in flip and not lhs.atoms(Extremum):
            return decide_relation_max(rhs, flip[op], lhs, claim)
        return _unknown(claim, r"\max/\min only as '\max_z f(z) = c' or '\max_z f(z) \le c'")
    if any(_is_partial(s) for s in both.free_symbols):
        if op != "=":
            return _unknown(claim, "relations other than = between cost gradients")
        if any(_SYMBOLIC_SYM.match(s.name) for s in both.free_symbols):
            return decide_chain_symbolic(lhs, rhs, claim)
        return decide_chain(lhs, rhs, claim)
    if op == "~":
        return decide_approx(lhs, rhs, claim)
    if op == "!=":
        if both.free_symbols:
            return _unknown(claim, r"\neq with variables")
        return certify_sign(sp.Abs(_explicit(lhs - rhs)), claim, strict=True)
    if op == "=":
        for a, b in ((lhs, rhs), (rhs, lhs)):
            if isinstance(a, sp.Symbol) and a not in b.free_symbols:
                return _unknown(claim, f"a definition or condition ({a} = ...), not an identity")
        return decide_identity(lhs, rhs, claim)
    step = decide_inequality(lhs, op, rhs, claim)
    if step.verdict == REFUTED and _monomial_vs_constant(lhs, rhs):
        names = ", ".join(sorted(s.name for s in sp.Tuple(lhs, rhs).free_symbols))
        return _unknown(claim, f"a condition on {_tex(lhs if rhs.is_number else rhs)} "
                        f"(variables {names}), not a claim (false for some values: "
                        f"{step.reason})")
    return step


def _monomial_vs_constant(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """``|w_2 w_3| < 1``-shaped: a constant against a (absolute) monomial of variables,
    which as a statement for every value could only be trivial; in notes, a condition."""
    for a, b in ((lhs, rhs), (rhs, lhs)):
        if b.free_symbols:
            continue
        core = a.args[0] if isinstance(a, sp.Abs) else a
        factors = sp.Mul.make_args(core)
        def plain(f: sp.Expr) -> bool:
            if f.is_Pow:
                return f.base.is_Symbol and f.exp.is_Integer and f.exp > 0
            return f.is_number or f.is_Symbol or (isinstance(f, sp.Abs) and f.args[0].is_Symbol)

        if core.free_symbols and all(plain(f) for f in factors):
            return True
    return False


def decide_relation_max(ext: Extremum, op: str, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f \le c`` (``\min_v f \ge c``): the bound for every ``v``."""
    f, v, kind = ext.args
    if (kind == 1 and op != "<=") or (kind == -1 and op != ">="):
        return _unknown(claim, r"\max f \le c, \min f \ge c or = c only")
    f = _explicit(f)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    return prove_nonnegative((c - f) if kind == 1 else (f - c), claim, strict=False)


def decide_identity(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``lhs = rhs`` where both are real: ``certify_identity`` on the closed forms."""
    _on_time()
    L, R = _explicit(lhs), _explicit(rhs)
    syms = sorted(sp.Tuple(L, R).free_symbols, key=lambda s: s.name)
    if len(syms) > MAX_VARIABLES:
        return _unknown(claim, f"more than {MAX_VARIABLES} variables")
    points = _grid(syms) if len(syms) <= 2 else None
    step = certify_identity(L, R, claim, points=points if syms else [{}])
    if not syms and step.verdict == REFUTED:  # no point to name: "at  the difference ..."
        step = Step(claim, step.method, REFUTED, step.reason.replace("at  the", "the", 1))
    if step.verdict == UNKNOWN and sp.Tuple(L, R).has(*_HYPERBOLIC):
        again = certify_identity(L.rewrite(sp.exp), R.rewrite(sp.exp), claim, points=[])
        if again.verdict == PROVED:
            return certify_all(claim, again.method, [again],
                               f"{again.reason} after writing tanh, sech, cosh, sinh with "
                               "exponentials")
    return step


_HYPERBOLIC = (sp.tanh, sp.sech, sp.cosh, sp.sinh)


def _slack(lhs: sp.Expr, op: str, rhs: sp.Expr) -> tuple[sp.Expr, bool]:
    """``(d, strict)`` with the relation equivalent to ``d >= 0`` (``d > 0``)."""
    if op in ("<=", "<"):
        return rhs - lhs, op == "<"
    return lhs - rhs, op == ">"


def decide_inequality(lhs: sp.Expr, op: str, rhs: sp.Expr, claim: str) -> Step:
    d, strict = _slack(lhs, op, rhs)
    return prove_nonnegative(_explicit(d), claim, strict)


def prove_nonnegative(d: sp.Expr, claim: str, strict: bool) -> Step:
    r"""``d >= 0`` (``> 0``) for every real value of its (at most two) variables where ``d``
    is real: constants by interval enclosure; otherwise a structural sign, a counterexample
    on the grid, or, for one variable ``z``, the certificate after ``u = e^z``."""
    _on_time()
    syms = sorted(d.free_symbols, key=lambda s: s.name)
    if not syms:
        return certify_sign(d, claim, strict)
    if len(syms) > 2:
        return _unknown(claim, "an inequality in more than two variables")
    first = certify_nonnegative(d, d, claim, strict, points=_grid(syms))
    if first.verdict != UNKNOWN:
        return first
    for cert in (_factored(d), _square_certificate(d, syms[0]) if len(syms) == 1 else None):
        if cert is not None:
            step = certify_nonnegative(d, cert, claim, strict, points=[])
            if step.verdict == PROVED:
                return step
    if len(syms) != 1:
        return Step(claim, first.method, UNKNOWN,
                    "no certificate found and no counterexample on the grid")
    z = syms[0]
    u = sp.Symbol("u", positive=True)
    d_u = _exp_substitute(d, z, u)
    if d_u is None:
        return Step(claim, "certificate", UNKNOWN,
                    "no certificate found (not a rational function of e^z) and no "
                    "counterexample on the grid")
    cert = sp.factor(sp.together(d_u))
    sub = certify_identity(d, d_u.subs(u, sp.exp(z)), f"substitution u = e^{z} is exact",
                           points=[])
    sign = certify_nonnegative(d_u, cert, f"{'>' if strict else '>='} 0 for u > 0", strict,
                               points=[])
    square = _square_certificate(d_u, u)
    if sign.verdict != PROVED and square is not None:
        cert = square
        sign = certify_nonnegative(d_u, cert, f"{'>' if strict else '>='} 0 for u > 0", strict,
                                   points=[])
    step = certify_all(claim, "certificate", [sub, sign],
                       f"u = e^{z} > 0 turns it into {sp.sstr(cert)} "
                       f"{'> 0' if strict else '>= 0'}")
    if step.verdict == PROVED:
        return step
    return Step(claim, "certificate", UNKNOWN,
                f"no certificate found (u = e^{z} gives {sp.sstr(cert)}, sign not decided) "
                "and no counterexample on the grid")


def _factored(d: sp.Expr) -> sp.Expr | None:
    """``factor(cancel(d))`` (a candidate certificate such as ``(a - b)^2``), or None."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            return sp.factor(sp.cancel(sp.expand(d)))
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None


def _square_certificate(d: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    r"""``N/D`` with ``N = a x^2 + b x + c`` written ``(a (x + b/2a)^2 + (c - b^2/4a)) / D``:
    a certificate when ``a > 0`` and ``c - b^2/4a \ge 0`` (``D`` keeps its factored form,
    whose sign SymPy reads from its structure); None otherwise."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            num, den = sp.fraction(sp.factor(sp.together(d)))
            poly = sp.Poly(sp.expand(num), x)
            if poly.degree() != 2 or not all(co.is_Rational for co in poly.all_coeffs()):
                return None
            a, b, c = poly.all_coeffs()
            rest = c - b ** 2 / (4 * a)
            if a <= 0 or rest < 0:
                return None
            return (a * (x + b / (2 * a)) ** 2 + rest) / den
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None


def _exp_substitute(d: sp.Expr, z: sp.Symbol, u: sp.Symbol) -> sp.Expr | None:
    """``d`` with every ``e^{c z}`` (``c`` rational) written ``u^c``, if then free of ``z``."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            e = d.rewrite(sp.exp) if d.has(sp.tanh, sp.sinh, sp.cosh) else d
            e = sp.powsimp(sp.expand_power_exp(e))

            def is_exp_z(x):
                if not isinstance(x, sp.exp):
                    return False
                c = sp.cancel(x.args[0] / z)
                return c.is_Rational

            e = e.replace(is_exp_z, lambda x: u ** sp.cancel(x.args[0] / z))
    except (StepTimeout, RecursionError, ValueError, TypeError):
        return None
    return None if e.has(z) else e


# ---------------------------------------------------------------------------- max / min

def decide_extremum(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) = c``: ``c - f >= 0`` for all ``v`` and ``f(v_0) = c`` at a
    stationary point (``\min``: ``f - c >= 0``). If the bound fails at a point, refuted; if
    the true extremum ``m = f(v_0)`` is proved (bound and attainment) and ``m \ne c``,
    refuted."""
    _on_time()
    f, v, kind = ext.args
    f = _explicit(f)
    if f.free_symbols - {v} or c.free_symbols:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    bound = prove_nonnegative(sign * (c - f), claim, strict=False)
    if bound.verdict == REFUTED:
        return bound
    candidates = _stationary(f, v)
    for v0 in candidates:
        at = certify_identity(f.subs(v, v0), c, f"f({v0}) = {sp.sstr(c)}", points=[{}])
        if bound.verdict == PROVED and at.verdict == PROVED:
            return certify_all(claim, "certificate+identity", [bound, at],
                               f"{bound.reason}; attained at {v} = {sp.sstr(v0)}")
    for v0 in candidates:
        m = f.subs(v, v0)  # exact: f(v_0) = m by construction
        true_bound = prove_nonnegative(sign * (m - f), "bound", strict=False)
        if true_bound.verdict == PROVED:
            differ = certify_identity(m, c, "claimed value", points=[{}])
            if differ.verdict == REFUTED:
                return Step(claim, "certificate+identity", REFUTED,
                            f"the {'max' if kind == 1 else 'min'} is {sp.sstr(m)} (attained at "
                            f"{v} = {sp.sstr(v0)}; {true_bound.reason}), not {sp.sstr(c)}")
    if bound.verdict == PROVED:
        return Step(claim, "certificate", UNKNOWN,
                    f"bound proved ({bound.reason}) but attainment of {sp.sstr(c)} not shown")
    return bound


def decide_extremum_approx(ext: Extremum, c: sp.Expr, claim: str) -> Step:
    r"""``\max_v f(v) \approx 0.25``: the extremum is ``m = f(v_0)`` at a stationary point
    ``v_0`` when ``f \le m`` (``\ge`` for min) is proved for every ``v``; then ``m`` is
    checked to the precision written, as for a constant."""
    _on_time()
    f, v, kind = ext.args
    f = _explicit(f)
    if f.free_symbols - {v}:
        return _unknown(claim, r"\max/\min of a function of more than its one variable")
    sign = 1 if kind == 1 else -1
    for v0 in _stationary(f, v):
        m = f.subs(v, v0)
        bound = prove_nonnegative(sign * (m - f), "bound", strict=False)
        if bound.verdict == PROVED:
            near = decide_approx(m, c, claim)
            return certify_all(claim, "certificate+interval", [bound, near],
                               f"the {'max' if kind == 1 else 'min'} is {sp.sstr(m)} at "
                               f"{v} = {sp.sstr(v0)} ({bound.reason}); {near.reason}")
    return Step(claim, "certificate", UNKNOWN, "not understood: no stationary point with a "
                "proved bound (the extremum is not known exactly)")


def _stationary(f: sp.Expr, v: sp.Symbol) -> list[sp.Expr]:
    """Real roots of ``f'(v)`` found by ``solveset`` (a search: each is checked exactly)."""
    _on_time()
    try:
        with time_limit(EQUATION_SECONDS / 4):
            sols = sp.solveset(sp.diff(f, v), v, sp.S.Reals)
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return []
    return list(sols)[:5] if isinstance(sols, sp.FiniteSet) else []


# ---------------------------------------------------------------------------- approx

_APPROX_NUMBER = re.compile(r"\\approx\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*[.,;]?\s*$")


def decide_approx(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``expr \approx 0.45``: the enclosure of the constant ``expr`` lies in
    ``[0.445, 0.455]`` (half a unit of the last digit written)."""
    m = _APPROX_NUMBER.search(claim)
    if not m:
        return _unknown(claim, r"\approx needs a decimal number on its right, at the end")
    if lhs.free_symbols or lhs.atoms(Extremum):
        return _unknown(claim, r"\approx of an expression with variables")
    digits = m[2]
    if rhs != (-1 if m[1] else 1) * parse_number(digits):
        return _unknown(claim, r"\approx needs a decimal number on its right")
    places = len(digits.split(".")[1]) if "." in digits else 0
    half = sp.Rational(1, 2 * 10 ** places)
    value = rhs
    try:
        with intervals.precision(200):
            enc = intervals.enclose(_explicit(lhs), {}, finite=True)
    except intervals.NotEnclosable as err:
        return Step(claim, "interval", UNKNOWN, f"no enclosure: {err}")
    return certify_enclosure(enc, value - half, value + half, claim,
                             f"to the {places} decimal place(s) written")


# ---------------------------------------------------------------------------- chain

_CHAIN_SYM = re.compile(r"^(?:dC/d)?([wbza])_(\d+)$")
_SYMBOLIC_SYM = re.compile(r"^(dC/d)?([wbza])_([jklL])(?:([pm])(\d))?$")
SYMBOLIC_INSTANCES = (1, 2, 3)  # values of j (k, l) tried for a symbolic index
SYMBOLIC_DEPTHS = (4, 6)  # values of L tried when L is written


def decide_chain_symbolic(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""A gradient identity with a symbolic layer index (``b_j``, ``w_{j+1}``, ``a_{j-1}``,
    ``a_L``): checked at ``j = 1, 2, 3`` (and ``L = 4, 6`` when ``L`` is written) with
    ``decide_chain``. One refuted instance refutes the statement; instances that all hold
    are not a proof for every ``j``: unknown, saying which were checked."""
    syms = sp.Tuple(lhs, rhs).free_symbols
    letters = {m[3] for s in syms if (m := _SYMBOLIC_SYM.match(s.name))}
    free = letters - {"L"}
    if len(free) > 1:
        return _unknown(claim, "more than one symbolic layer index")
    letter = free.pop() if free else None
    js = SYMBOLIC_INSTANCES if letter else (0,)
    Ls = SYMBOLIC_DEPTHS if "L" in letters else (None,)
    checked = []
    for j in js:
        for L in Ls:
            values = {letter: j, "L": L}
            subs = {}
            for s in syms:
                m = _SYMBOLIC_SYM.match(s.name)
                if not m:
                    continue
                k = values[m[3]] + (int(m[5]) * (1 if m[4] == "p" else -1) if m[4] else 0)
                if k < 0 or (k == 0 and (m[1] or m[2] != "a")):
                    break  # e.g. b_{j-1} at j = 1: no such layer
                subs[s] = (sp.Symbol(f"dC/d{m[2]}_{k}", real=True) if m[1]
                           else chain.sym(m[2], k))
            else:
                where = ", ".join(f"{v} = {n}" for v, n in values.items() if v and n)
                step = decide_chain(lhs.xreplace(subs), rhs.xreplace(subs), claim)
                if step.verdict == REFUTED:
                    return Step(claim, step.method, REFUTED, f"at {where}: {step.reason}")
                if step.verdict != PROVED:
                    return Step(claim, step.method, UNKNOWN, f"at {where}: {step.reason}")
                checked.append(where)
    if not checked:
        return _unknown(claim, "no layer numbers fit the indices")
    return Step(claim, "identity", UNKNOWN,
                f"proved at {'; '.join(checked)} (product form, induction + composed network); "
                f"not a proof for every {letter or 'L'}")


def decide_chain(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    r"""``\partial C/\partial b_j = <product>`` (or ``w_j``, ``z_j``) in a width-1 chain."""
    _on_time()
    if isinstance(rhs, sp.Symbol) and _is_partial(rhs) and not (
            isinstance(lhs, sp.Symbol) and _is_partial(lhs)):
        lhs, rhs = rhs, lhs
    if not (isinstance(lhs, sp.Symbol) and _is_partial(lhs)):
        return _unknown(claim, r"a gradient identity must have \partial C/\partial b_j "
                        "(or w_j, z_j) alone on one side")
    m = _CHAIN_SYM.match(lhs.name)
    if not m:
        return _unknown(claim, r"only \partial C/\partial b_j, w_j, z_j or a_j on the left")
    param, j = ("b" if m[1] == "z" else m[1]), int(m[2])
    indices = [j]
    for s in rhs.free_symbols:
        if s.name in ("x",):
            continue
        mm = _CHAIN_SYM.match(s.name)
        if not mm:
            return _unknown(claim, f"symbol {s.name} in a gradient identity (chain symbols "
                            "are w_k, b_k, z_k, a_k, x and the partials of C)")
        indices.append(int(mm[2]))
    L = max(indices)
    if L > MAX_CHAIN_DEPTH:
        return _unknown(claim, f"chains deeper than {MAX_CHAIN_DEPTH} layers")
    names = {a.activation for a in _acts(rhs)}
    if len(names) > 1:
        return _unknown(claim, "more than one activation in one gradient")
    act = names.pop() if names else "sigmoid"
    # every other partial on the right is replaced by its product form (proved for all j)
    subs = {}
    for s in rhs.free_symbols:
        mm = _CHAIN_SYM.match(s.name)
        if _is_partial(s) and mm:
            p, k = mm[1], int(mm[2])
            if p == "a":
                if k == L:
                    continue
                subs[s] = sp.Mul(chain.sym("w", k + 1),
                                 chain.gradient(L, f"b{k + 1}", act, "generic").expr)
            else:
                if k < 1:
                    return _unknown(claim, f"layer {k} (layers are numbered from 1)")
                subs[s] = chain.gradient(L, f"{'b' if p == 'z' else p}{k}", act, "generic").expr
    claimed = rhs.xreplace(subs)
    note = ""
    if param == "a":  # dC/da_j = w_{j+1} dC/db_{j+1} (chain rule through z_{j+1}), j < L
        if j == L:
            return _unknown(claim, r"\partial C/\partial a_L on the left (it is the cost's own "
                            "derivative)")
        claimed, param, j = claimed / chain.sym("w", j + 1), "b", j + 1
        note = f"dC/da_{j - 1} = w_{j} dC/db_{j}; "
    if any(int(_CHAIN_SYM.match(s.name)[2]) == 0 for s in claimed.free_symbols
           if _CHAIN_SYM.match(s.name)):
        return _unknown(claim, "index 0 (layers are numbered from 1; a_0 is x)")
    true = chain.gradient(L, f"{param}{j}", act, "generic")
    factors = tuple(sp.Mul.make_args(claimed))
    where = f"depth-{L} chain, {act}"
    if claimed == true.expr:
        proof = chain.prove(chain.Gradient(L, param, j, act, "generic", factors))
        if proof.verdict == PROVED:
            return certify_all(claim, "induction+identity", proof.steps,
                               f"{note}product form of dC/d{param}_{j} in a {where} (induction "
                               f"for every depth; {proof.steps[-1].reason})")
        bad = next(s for s in proof.steps if s.verdict != PROVED)
        return Step(claim, bad.method, UNKNOWN, f"{where}: {bad.reason}")
    grad_q = chain.Gradient(L, param, j, act, "quadratic", factors)
    step = (chain.check_composed(grad_q) if L <= chain.COMPOSED_MAX_DEPTH
            else chain.check_forward(grad_q))
    if step.verdict == PROVED:  # equal after all (a different but equal form)
        return certify_all(claim, "identity", [step], f"{where}: {step.reason}")
    shown = true.text()
    shown = shown if len(shown) <= 160 else shown[:150] + " ..."
    return Step(claim, step.method, step.verdict,
                f"{note}the {where} gives {shown}; {step.reason}"
                + (" (quadratic cost)" if step.verdict == REFUTED else ""))


# ---------------------------------------------------------------------------- implication

def decide_implication(premise: Statement, conclusion: Statement, claim: str) -> Step:
    r"""``P \implies Q`` for single inequalities ``P``, ``Q``."""
    _on_time()
    if len(premise.relations) != 1 or len(conclusion.relations) != 1:
        return _unknown(claim, r"\implies between single relations only")
    p, q = premise.relations[0], conclusion.relations[0]
    if p.op not in ("<=", "<", ">=", ">") or q.op not in ("<=", "<", ">=", ">"):
        return _unknown(claim, r"\implies between inequalities only")
    if sp.Tuple(p.lhs, p.rhs, q.lhs, q.rhs).atoms(Extremum) or any(
            _is_partial(s) for s in sp.Tuple(p.lhs, p.rhs, q.lhs, q.rhs).free_symbols):
        return _unknown(claim, r"\implies with \max or gradients")
    dp, sp_strict = _slack(p.lhs, p.op, p.rhs)
    dq, sq_strict = _slack(q.lhs, q.op, q.rhs)
    syms = sorted(sp.Tuple(dp, dq).free_symbols, key=lambda s: s.name)
    if len(syms) > 4:
        return _unknown(claim, r"\implies with more than four variables")
    found = _implication_counterexample(_explicit(dp), sp_strict, _explicit(dq), sq_strict,
                                        syms, claim)
    if found is not None:
        return found
    q_vars = _explicit(dq).free_symbols
    if len(q_vars) <= 2:  # a conclusion that holds for every value needs no premise
        alone = prove_nonnegative(_explicit(dq), "conclusion", sq_strict)
        if alone.verdict == PROVED:
            return certify_all(claim, alone.method, [alone],
                               f"the conclusion holds for every value: {alone.reason}")
    # bound the premise: dp is linear in one f'(t) with a nonnegative coefficient
    primes = list(dp.atoms(AbstractDerivative))
    if len(primes) != 1:
        return Step(claim, "certificate", UNKNOWN, "not understood: no bound for the premise "
                    "(it must be linear in one activation derivative f'(t)); no counterexample "
                    "found on the grid")
    fp = primes[0]
    act = activations.ACTIVATIONS[fp.activation]
    s = sp.Symbol("s", nonnegative=True)
    dp_s = sp.expand(dp.xreplace({fp: s}))
    alpha, beta = dp_s.coeff(s, 1), dp_s.coeff(s, 0)
    if (sp.expand(alpha * s + beta - dp_s) != 0 or alpha.has(s) or beta.has(s)
            or alpha.is_nonnegative is not True):
        return Step(claim, "certificate", UNKNOWN, "not understood: the premise is not "
                    "nondecreasing-linear in " + _tex(fp) + "; no counterexample on the grid")
    t = sp.Symbol("t", real=True)
    g = act.gamma
    bounds = [prove_nonnegative(_explicit(act.prime(t)), f"{act.name}'(t) >= 0", False),
              prove_nonnegative(_explicit(g - act.prime(t)), f"{act.name}'(t) <= {g}", False)]
    bounded = alpha * g + beta  # dp <= bounded, so P gives bounded >= 0 (> 0 if strict)
    if sq_strict and not sp_strict:
        return Step(claim, "certificate", UNKNOWN, "strict conclusion from a non-strict premise "
                    "is not decided; no counterexample on the grid")
    link = _linear_link(dq, bounded, sq_strict and not sp_strict, claim)
    if link is None:
        return Step(claim, "certificate", UNKNOWN, "the conclusion is not a positive multiple "
                    "of the bounded premise plus a constant; no counterexample on the grid")
    k, rem, steps = link
    step = certify_all(claim, "certificate", bounds + steps,
                       f"0 <= {act.name}' <= {g} bounds the premise by {sp.sstr(bounded)} >= 0, "
                       f"and the conclusion's slack is {sp.sstr(k)} times that plus {sp.sstr(rem)}")
    if step.verdict == PROVED:
        return step
    # a failed sufficient condition is not a counterexample: only the grid search refutes
    return Step(claim, "certificate", UNKNOWN, f"no proof ({step.reason}) and no counterexample "
                "on the grid")


def _linear_link(dq: sp.Expr, bounded: sp.Expr, need_strict: bool, claim: str):
    """``dq = k * bounded + rem`` with a constant ``k > 0`` and a constant ``rem >= 0``
    (``> 0`` if ``need_strict``): then ``bounded >= 0`` gives ``dq >= 0``. Returns
    ``(k, rem, [steps])`` or None when no such ``k`` is found."""
    _on_time()
    syms = sorted(bounded.free_symbols, key=lambda s: s.name)
    if not syms:
        return None
    try:
        with time_limit(EQUATION_SECONDS / 4):
            k = sp.simplify(sp.diff(dq, syms[0]) / sp.diff(bounded, syms[0]))
            rem = sp.simplify(dq - k * bounded)
    except (StepTimeout, RecursionError, Exception):  # SymPy raises many types
        return None
    if not (k.is_number and k.is_positive) or rem.free_symbols:
        return None
    return k, rem, [
        certify_identity(dq, k * bounded + rem,
                         f"conclusion slack = {sp.sstr(k)} * bounded premise + {sp.sstr(rem)}",
                         points=[]),
        certify_sign(k, "k > 0", strict=True),
        certify_sign(rem, "remainder >= 0", strict=need_strict),
    ]


def _implication_counterexample(dp, p_strict, dq, q_strict, syms, claim) -> Step | None:
    """A grid point where ``P`` holds and ``Q`` fails, both shown by ``certify_sign``."""
    grid = _GRID if len(syms) <= 2 else _GRID[:_GRID3] if len(syms) == 3 else _GRID[:7]
    for vals in cartesian(grid, repeat=len(syms)):
        point = dict(zip(syms, vals))
        try:
            with intervals.precision(60):
                eq = intervals.enclose(dq, {k: intervals.interval(v) for k, v in point.items()},
                                       finite=True)
        except intervals.NotEnclosable:
            continue
        if not ((eq.b <= 0) if q_strict else (eq.b < 0)):
            continue  # Q holds (or is undecided) here
        where = ", ".join(f"{k} = {v}" for k, v in point.items())
        holds = certify_sign(dp.xreplace(point), f"premise at {where}", p_strict)
        if holds.verdict != PROVED:
            continue
        fails = certify_sign(dq.xreplace(point), f"conclusion at {where}", q_strict)
        if fails.verdict == REFUTED:
            return certify_all(claim, "counterexample", [holds, fails], "")
    return None


# ---------------------------------------------------------------------------- matrix form

_IDX = r"(?:\{([A-Za-z0-9+\-]+)\}|([A-Za-z0-9]))"
_MATRIX_TOKENS = [
    ("DELTA", re.compile(r"\\delta\^" + _IDX)),
    ("SIG", re.compile(r"\\Sigma'\(z\^" + _IDX + r"\)")),
    ("WT", re.compile(r"\(w\^" + _IDX + r"\)\^(?:\{T\}|T|\{\\top\}|\\top)")),
    ("W", re.compile(r"w\^" + _IDX)),
    ("GRAD", re.compile(r"\\nabla_(?:\{a\}|a|\{a\^\{?L\}?\})C")),
    ("DOTS", re.compile(r"\\(?:ldots|cdots|dots)")),
    ("EQ", re.compile(r"=")),
    ("SKIP", re.compile(r"\*|\\cdot")),
]
MATRIX_INSTANCES = ((1, 3), (2, 4))  # (l, L) for statements with symbolic l, L
MATRIX_WIDTHS = ((2, 2, 2, 2, 2), (3, 2, 3, 2, 3))  # n_0 .. n_4: square, then not


def is_matrix_form(src: str) -> bool:
    r"""Whether ``src`` uses the matrix notation of eq. 124 (``\delta^l``, ``\Sigma'``)."""
    return bool(re.search(r"\\Sigma'|\\delta\^|\\nabla_", src))


def _matrix_tokens(src: str) -> list[tuple[str, str]] | None:
    s = re.sub(r"\\left|\\right|\\[,;:! ]|\\quad|\\displaystyle|\s", "", src).rstrip(".,")
    out, i = [], 0
    while i < len(s):
        for kind, pat in _MATRIX_TOKENS:
            m = pat.match(s, i)
            if m:
                if kind != "SKIP":
                    out.append((kind, (m[1] or m[2] or "") if m.groups() else ""))
                i = m.end()
                break
        else:
            return None
    return out


def _index(text: str, l: int, L: int) -> int | None:
    m = re.fullmatch(r"([lL]|\d+)(?:([+-])(\d+))?", text)
    if not m:
        return None
    base = l if m[1] == "l" else L if m[1] == "L" else int(m[1])
    return base + (int(m[3]) * (1 if m[2] == "+" else -1) if m[2] else 0)


def _expand_dots(toks: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
    r"""``A \ldots B``: the unit of ``B`` (its factors before ``\nabla_a C``, indices taken
    relative to their smallest) repeated for every index between ``A``'s and ``B``'s."""
    if ("DOTS", 0) not in toks:
        return toks
    cut = toks.index(("DOTS", 0))
    a, b = toks[:cut], toks[cut + 1:]
    unit = [t for t in b if t[0] != "GRAD"]
    if not a or not unit or any(t[0] == "DOTS" for t in b):
        return None
    lo = min(k for _, k in unit)
    unit_kinds = [(kind, k - lo) for kind, k in unit if k < lo + 1]  # one layer's factors
    tail = a[-len(unit_kinds):]
    if [kind for kind, _ in tail] != [kind for kind, _ in unit_kinds]:
        return None  # the pattern before the dots is not the one after them
    start = max(k for _, k in a) + 1
    if start > lo:
        return None
    fill = [(kind, k + off) for k in range(start, lo) for kind, off in unit_kinds]
    return a + fill + b


def decide_matrix(src: str, claim: str) -> Step:
    r"""``\delta^l = \Sigma'(z^l) (w^{l+1})^T \Sigma'(z^{l+1}) \ldots (w^L)^T \Sigma'(z^L)
    \nabla_a C`` (eq. 124), checked exactly for small widths and depths: the claimed
    product against SymPy differentiating the composed network
    ``z^{k+1} = w^{k+1} \sigma(z^k) + b^{k+1}`` with ``C = |a^L - y|^2/2`` (``y`` free, so
    ``\nabla_a C = a^L - y`` is an arbitrary vector). A mismatch is refuted with an
    interval-checked counterexample; agreement is not a proof for every width: unknown."""
    toks = _matrix_tokens(src)
    if not toks or len(toks) < 3 or toks[0][0] != "DELTA" or toks[1][0] != "EQ" or any(
            k == "EQ" for k, _ in toks[2:]) or toks[-1][0] != "GRAD":
        return _unknown(claim, r"matrix form other than \delta^l = <product> \nabla_a C")
    symbolic = any(re.search("[lL]", t) for _, t in toks)
    instances = MATRIX_INSTANCES if symbolic else [(0, 0)]
    checked = []
    for l, L in instances:
        resolved = []
        for kind, t in toks:
            k = 0 if kind in ("EQ", "DOTS", "GRAD") else _index(t, l, L)
            if k is None:
                return _unknown(claim, f"layer index {t}")
            resolved.append((kind, k))
        if not symbolic:
            L = max(k for _, k in resolved)
            l = resolved[0][1]
        body = _expand_dots(resolved[2:])
        if body is None:
            return _unknown(claim, r"the factors around \ldots do not repeat one pattern")
        if not 1 <= l <= L <= len(MATRIX_WIDTHS[0]) - 1 or any(
                not l <= k <= L for kind, k in body if kind != "GRAD"):
            return _unknown(claim, f"layers outside 1..{len(MATRIX_WIDTHS[0]) - 1}")
        for widths in MATRIX_WIDTHS:
            step = _matrix_instance(body, l, L, widths, claim)
            if step.verdict != PROVED:
                return step
            checked.append(f"l = {l}, L = {L}, widths {widths[:L + 1]}")
    return Step(claim, "identity", UNKNOWN,
                "exact for " + "; ".join(checked) + " (SymPy diff of the composed network); "
                "not a proof for every width and depth")


def _matrix_instance(body, l: int, L: int, widths, claim: str) -> Step:
    _on_time()
    sig = activations.get("sigmoid")
    n = widths
    W = {k: sp.Matrix(n[k], n[k - 1], lambda i, j, k=k: sp.Symbol(f"w^{k}_{i + 1}{j + 1}",
                                                                   real=True))
         for k in range(l + 1, L + 1)}
    B = {k: sp.Matrix(n[k], 1, lambda i, _, k=k: sp.Symbol(f"b^{k}_{i + 1}", real=True))
         for k in range(l + 1, L + 1)}
    y = sp.Matrix(n[L], 1, lambda i, _: sp.Symbol(f"y_{i + 1}", real=True))
    Z = {l: sp.Matrix(n[l], 1, lambda i, _: sp.Symbol(f"z^{l}_{i + 1}", real=True))}
    for k in range(l + 1, L + 1):
        Z[k] = W[k] * Z[k - 1].applyfunc(sig.func) + B[k]
    aL = Z[L].applyfunc(sig.func)
    C = sum(((aL[i] - y[i]) ** 2 for i in range(n[L])), sp.Integer(0)) / 2
    direct = sp.Matrix([sp.diff(C, z) for z in Z[l]])
    try:
        claimed = None
        for kind, k in body:
            if kind == "SIG":
                f = sp.diag(*[sig.prime(e) for e in Z[k]])
            elif kind in ("WT", "W"):
                if k not in W:
                    return _unknown(claim, f"w^{k} is not a weight of layers {l + 1}..{L}")
                f = W[k].T if kind == "WT" else W[k]
            else:
                f = aL - y
            claimed = f if claimed is None else claimed * f
    except sp.ShapeError:
        return Step(claim, "identity", UNKNOWN,
                    f"not understood: the product's shapes do not match for widths {n[:L + 1]}")
    if claimed is None or claimed.shape != direct.shape:
        return Step(claim, "identity", UNKNOWN,
                    f"not understood: the product is not an {n[l]}-vector for widths {n[:L + 1]}")
    steps = [certify_identity(sp.expand(claimed[i] - direct[i]), 0,
                              f"component {i + 1}, l = {l}, L = {L}, widths {n[:L + 1]}")
             for i in range(n[l])]
    return certify_all(claim, "identity", steps, "equal")


# ============================================================================ the file

def check_text(text: str, budget: float = FILE_SECONDS) -> list[Result]:
    """Extract and decide every equation of ``text``."""
    t_file = time.monotonic()
    results: list[Result] = []
    for n, span in enumerate(extract(text)):
        src = " ".join(span.source.split())
        if span.problem:
            results.append(Result(span.line, src, UNKNOWN, f"not understood: {span.problem}",
                                  "parse"))
            continue
        if n >= MAX_EQUATIONS:
            results.append(Result(span.line, src, UNKNOWN,
                                  f"not checked: more than {MAX_EQUATIONS} equations", ""))
            continue
        if time.monotonic() - t_file > budget:
            results.append(Result(span.line, src, UNKNOWN,
                                  f"not checked: the file's {budget:g} s budget is used up", ""))
            continue
        results.append(check_equation(span.source, span.line))
    return _qualified(results)


_CONDITION = re.compile(r"not understood: (?:a definition or condition \((\S+) = \.\.\.\)|"
                        r"a condition on .*? \(variables ([^)]*)\), not a claim)")


def _statement_symbols(stmt: Statement) -> set[str]:
    if stmt.premise is not None:
        return _statement_symbols(stmt.premise) | _statement_symbols(stmt.conclusion)
    exprs = [stmt.expr] if stmt.expr is not None else [
        e for r in stmt.relations for e in (r.lhs, r.rhs)]
    return {s.name for e in exprs for s in e.free_symbols}


def _qualified(results: list[Result]) -> list[Result]:
    r"""A refuted equation whose variable is fixed by a condition on the same line
    (``$\sigma'(z) = \frac14$ at $z = 0$``) may be meant under that condition: unknown."""
    conditions: dict[int, set[str]] = {}
    for r in results:
        m = _CONDITION.search(r.reason)
        if m:
            conditions.setdefault(r.line, set()).update((m[1] or m[2]).split(", "))
    if not conditions:
        return results
    out = []
    for r in results:
        names = conditions.get(r.line, set())
        if r.verdict == REFUTED and names:
            try:
                used = _statement_symbols(parse(split_statements(r.source)[0]))
            except NotUnderstood:
                used = set()
            hit = sorted(names & used)
            if hit:
                r = Result(r.line, r.source, UNKNOWN,
                           f"refuted as a statement for every {hit[0]}, but a condition on "
                           f"{hit[0]} on the same line may qualify it ({r.reason})",
                           r.method, r.seconds)
        out.append(r)
    return out


_SEPARATOR = re.compile(r"\\q?quad(?![A-Za-z])|(?<!\\)[,;]")


def split_statements(source: str) -> list[str]:
    r"""``a = b, \quad c \le d`` -> ``["a = b", "c \le d"]``: split at ``\quad``,
    ``\qquad``, ``,`` and ``;`` outside brackets (``\,`` and ``\;`` are spacing)."""
    parts, depth, last = [], 0, 0
    i = 0
    while i < len(source):
        c = source[i]
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif depth == 0:
            m = _SEPARATOR.match(source, i)
            if m and not (c in ",;" and i > 0 and source[i - 1] == "\\"):
                parts.append(source[last:i])
                last = i = m.end()
                continue
        i += 1
    parts.append(source[last:])
    return [p for p in parts if p.strip()] or [source]


class _Done(Exception):
    def __init__(self, step: Step):
        self.step = step


def check_equation(source: str, line: int = 0, seconds: float = EQUATION_SECONDS) -> Result:
    """Parse and decide one equation within ``seconds``; never raises."""
    src = " ".join(source.split())
    t0 = time.monotonic()
    _deadline[0] = t0 + seconds
    try:
        with time_limit(seconds):
            if is_matrix_form(source):
                step = decide_matrix(source, src)
                raise _Done(step)
            parts = split_statements(source)
            steps = []
            for part in parts:
                try:
                    stmt = parse(part)
                except NotUnderstood as err:
                    steps.append(Step(part, "parse", UNKNOWN, f"not understood: {err}"))
                else:
                    steps.append(decide(stmt, " ".join(part.split())))
            vague = [s for s in steps if s.reason.startswith("not understood")]
            if len(steps) == 1:
                step = steps[0]
            elif vague:  # a part we cannot read may be a condition on the others
                step = Step(src, "parse", UNKNOWN,
                            f"{vague[0].claim}: {vague[0].reason} (so the other parts, "
                            "which it may qualify, are not judged)")
            else:
                step = certify_all(src, "+".join(dict.fromkeys(s.method for s in steps)),
                                   steps, "; ".join(s.reason for s in steps))
    except _Done as done:
        step = done.step
    except StepTimeout:
        step = Step(src, "timeout", UNKNOWN, f"timed out after {seconds:g} s")
    except RecursionError:
        step = Step(src, "error", UNKNOWN, "not understood: too deeply nested for SymPy")
    except (MemoryError, OverflowError) as err:
        step = Step(src, "error", UNKNOWN, f"gave up: {type(err).__name__}")
    except Exception as err:
        step = Step(src, "error", UNKNOWN, f"gave up: SymPy raised {type(err).__name__}")
    finally:
        _deadline[0] = float("inf")
    return Result(line, src, step.verdict, step.reason, step.method, time.monotonic() - t0)


def check_file(path: str) -> list[Result]:
    """``check_text`` of the file at ``path`` (InputError if it cannot be read); in a
    ``.tex`` file, ``%`` comments are dropped first (line numbers are kept)."""
    text = read_notes(path)
    if path.endswith(".tex"):
        text = _TEX_COMMENT.sub("", text)
    return check_text(text)
