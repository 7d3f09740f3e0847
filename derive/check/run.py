r"""Checking a file: extract, parse, decide each equation within its time, qualify
refutations by conditions on the same line."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sympy as sp

from derive import clock
from derive.check.average import DEFINITION as AVERAGE_DEFINITION
from derive.check.average import decide_average, is_average
from derive.check.backprop import decide_backprop, is_sigma_definition
from derive.check.cache import Cache
from derive.check.claims import Claims
from derive.check.common import (
    CHAIN_ACTIVATION,
    COST,
    COST_DEFINED,
    EQUATION_SECONDS,
    FILE_SECONDS,
    MAX_EQUATIONS,
    OTHER_CHAIN,
    _acts,
    _deadline,
    _tex,
    rich_construct,
)
from derive.check.decide import decide
from derive.check.extract import (
    _TEX_COMMENT,
    combined,
    extract,
    is_bound,
    last_side,
    read_notes,
    split_relations,
    split_statements,
    tex_macros,
)
from derive.check.extremum import decide_attained
from derive.check.gradbound import decide_gradient_depth
from derive.check.iff import IFF_PROSE, decide_iff, iff_sides
from derive.check.matrix import decide_matrix, is_matrix_form
from derive.check.notebook import is_notebook, markdown
from derive.check.product import decide_product
from derive.parse import (
    Extremum,
    Function,
    NotUnderstood,
    Relation,
    Statement,
    enclosed,
    parse,
    parse_function_definition,
)
from derive.proof import (
    PROVED,
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    time_limit,
)

DEFINITION = "definition"  # a Result's verdict for an equation that defines a name
CONDITION = "condition"  # ... for a condition that is another equation's domain
EXPRESSION = "expression"  # ... for a bare expression (no relation): nothing to check


@dataclass(frozen=True)
class Result:
    """The verdict on one equation, with a one-line reason: rich text (math in ``$...$``,
    rendered by ``derive.latex.rich_text`` on a terminal, ``rich_mathjax`` in Jupyter)."""

    line: int
    source: str
    verdict: str
    reason: str
    method: str = ""
    seconds: float = 0.0
    cell: int = 0  # in a Jupyter notebook: the cell (1-based), ``line`` the line in it

    def to_dict(self) -> dict:
        return {"line": self.line, "source": self.source, "verdict": self.verdict,
                "reason": self.reason, "method": self.method,
                "seconds": round(self.seconds, 3), **({"cell": self.cell} if self.cell else {})}

    @property
    def place(self) -> str:
        """``12`` (the line), or ``cell 3:2`` in a notebook."""
        return f"cell {self.cell}:{self.line}" if self.cell else str(self.line)

    def _repr_latex_(self) -> str:
        """Jupyter: the equation typeset with its verdict and reason (``latex.result_math``)."""
        from derive.latex import result_math

        return result_math(self)

    def __str__(self) -> str:
        from derive.latex import result_text

        return result_text(self)


def check_text(text: str, budget: float = FILE_SECONDS, cache: Cache | None = None,
               claims: Claims | None = None) -> list[Result]:
    """Extract and decide every equation of ``text``, in order: definitions
    (``\\operatorname{swish}(z) = z\\sigma(z)``, ``z_j = w_j a_{j-1} + b_j``, "let" lines) are
    carried forward to later equations ("with", "where", "take" ones for their line only);
    an inline condition the prose ties to a claim is that claim's domain (``_premises``:
    "for all", "where", "if" ... right after it, or "if ... then", "for ...,", "assume ...."
    before it); "attained at $z = 0$" after an extremum says where it is attained; a
    hypothesis or requirement no claim follows is not judged. ``claims``: the anchors of
    derive's own notes in the file (``derive.check.claims``)."""
    t_file = clock.now()
    notes = Notes()
    COST[0] = "cross-entropy" if _CROSS_ENTROPY.search(text) else "quadratic"
    spans = _with_functions(_prose_conditions(extract(text)))
    qualifies, conditions, written, fixes, both = _premises(spans)
    results: list[Result] = []
    anchored = 0  # equations of derive's own notes (claims.py): not counted in MAX_EQUATIONS
    befores = _definition_prose(spans)
    local: dict[str, tuple | None] = {}  # "with"/"where" definitions of the current line
    clash: dict[int, set[str]] = {}  # line -> the names its "with" definitions give twice
    line = 0
    paragraph, pid = {}, 0
    for span in spans:
        pid += bool(_BLANK_LINE.search(span.gap))
        paragraph.setdefault(span.line, pid)
    gone: dict[str, int] = {}  # a "with"/"take" definition expired -> the line it was made on
    e_line = _e_declared(spans, befores)  # "for $B - n = e \ge 0$": e a variable from here
    failing: dict[int, Result] = {}  # "$Q$ fails at $z = 0$": the point's verdict
    standing: list[tuple[int, str]] = []  # "Fix $t \ge 0$." alone: (line, the condition)
    chosen: dict[str, tuple] = {}  # "Take any $a \ge 1$" after "Let $a = 3$": a -> (3, n)
    for n, span in enumerate(spans):
        if not span.problem and re.search(r"\b(?:let|consider|fix|pick|choose|take|assume|"
                                          r"suppose)\b", span.before, re.I):  # (not "for all")
            chosen.update(_chosen(span, notes, n))
        if span.line != line:
            if not _continues(spans, n):  # "take $w = 100$; then\n$$Q$$": w given for Q
                gone.update({name: line for name in local})
                _expire(notes, local)
            line = span.line
        elif local and (_CONTRAST_WORD.search(span.before) or _CONTRAST_AFTER.match(span.after)):
            _expire(notes, local)  # "if $x = 0$ then $Q$, but $R$ otherwise": R not at x = 0
        elif local and _new_sentence(spans, results, n):  # "With $w = 8$, $Q$. Also $R$"
            gone.update({name: line for name in local})
            _expire(notes, local)
        src = " ".join(span.source.split())
        if n in failing:  # (decided with the claim before it)
            results.append(failing[n])
            continue
        if span.problem:
            results.append(Result(span.line, src, UNKNOWN,
                                  f"not understood: {rich_construct(span.problem)}", "parse"))
            continue
        if n in conditions:
            where = "before" if conditions[n] < n else "after"
            here = " on this line" if spans[conditions[n]].line == span.line else ""
            results.append(Result(span.line, src, CONDITION, f"the domain of the equation "
                                  f"{where} it{here} (read as its premise)", "domain"))
            continue
        if _INDEX_RANGE.fullmatch(span.source):  # "layers $j = 1, \dots, 4$": no claim
            results.append(Result(span.line, src, EXPRESSION, "an index range, not a claim",
                                  "domain"))
            continue
        if ((m := _SET_BUILDER.fullmatch(span.before)) and n and spans[n - 1].line == span.line
                and _VARIABLES.fullmatch(spans[n - 1].source) and _is_condition(span.source)):
            var = spans[n - 1].source.strip()
            results.append(Result(span.line, src, CONDITION, f"the condition defining a set of "
                                  f"${var}$ (\"{m[1].lower()}\"), not a claim", "domain"))
            continue
        if (_CHOICE.fullmatch(span.before) and n and spans[n - 1].line == span.line
                and _VARIABLES.fullmatch(spans[n - 1].source)
                and (m := _CHOSEN.search(spans[n - 1].before))
                and _condition_like(span.source, span.functions)):
            var = spans[n - 1].source.strip()  # "take $x$ so that $x^2 = 4$": a choice
            results.append(Result(span.line, src, CONDITION, f"the condition ${var}$ is chosen "
                                  f"to meet (\"{m[0].strip().lower()}\"), not a claim", "domain"))
            continue
        if (m := _TO_SOLVE.search(span.before)) and _has_relation(span.source) and not (
                _DERIVED.search(span.before)):  # "this gives the equation $E$": a claim
            results.append(Result(span.line, src, CONDITION, "an equation to solve "
                                  f"(\"{' '.join(m[0].split()).lower()}\"), not a claim",
                                  "domain"))
            continue
        if (m := _SET_NOUN.search(span.before)) and _is_condition(span.source):
            results.append(Result(span.line, src, CONDITION, f"the condition defining a set "
                                  f"(\"{' '.join(m[0].split()).lower()}\"), not a claim",
                                  "domain"))
            continue
        if claims is not None and (hit := _anchored(claims, span.line)) is not None:
            anchored += 1
            results.append(Result(span.line, src, *hit))
            continue
        # (after derive's own anchored claims: their e is a variable, decided by the proof)
        if e_line is not None and span.line >= e_line and not span.problem and _bare_e(
                span.source):
            results.append(Result(span.line, src, UNKNOWN,
                                  "not understood: $e$, Euler's number or the variable $e$ "
                                  f"of line {e_line}? (write $\\exp$ or $\\mathrm{{e}}$ for "
                                  "the number, another letter for the variable)", "parse"))
            continue
        if n - anchored >= MAX_EQUATIONS:
            results.append(Result(span.line, src, UNKNOWN,
                                  f"not checked: more than {MAX_EQUATIONS} equations", ""))
            continue
        if clock.now() - t_file > budget:
            results.append(Result(span.line, src, UNKNOWN,
                                  f"not checked: the file's {budget:g} s budget is used up", ""))
            continue
        if n and spans[n - 1].line == span.line and _ATTAINED.search(span.before) and (
                place := _attained(spans[n - 1].source, span.source, src)) is not None:
            results.append(Result(span.line, src, place.verdict, place.reason, place.method))
            continue
        m = _INTRO_PROSE.search(_JOIN_END.sub(" ", befores[n]) if re.fullmatch(
            r"\s*,?\s*and\s*", span.before) else span.before)  # "with $P$ and $Q$": Q's too
        m = m if m and _HYPOTHESIS_WORD.search(m[0]) else _REQUIREMENT.search(span.before)
        if n not in qualifies and n not in fixes and m and _condition_like(span.source,
                                                                           span.functions):
            names = ", ".join(sorted(_statement_symbols(parse(
                span.source, {f.name: f for f in span.functions}))))
            word = " ".join(m[0].strip(" ,;:.(").split()).lower()
            kind = "hypothesis" if m.re is _INTRO_PROSE else "requirement"
            results.append(Result(span.line, src, UNKNOWN, f"not understood: a condition on "
                                  f"${_tex_sides(span.source, span.functions)}$ (variables "
                                  f"{names}), not a claim: a {kind} (\"{word}\") that no "
                                  "claim of this line follows, so not judged", "parse"))
            continue
        if n not in fixes and n not in qualifies and _AT.search(span.before) and _at_point(
                span.source):
            names = ", ".join(sorted(_statement_symbols(parse(span.source))))
            results.append(Result(span.line, src, UNKNOWN, f"not understood: a condition on "
                                  f"${_tex_sides(span.source)}$ (variables {names}), not a "
                                  "claim: the point the sentence speaks of (\"at\"), so not "
                                  "judged", "parse"))
            continue
        premise = qualifies.get(n)
        known = dict(notes.variables)
        if n in fixes and not (_DEFINITION_PROSE.search(befores[n])
                               and not _is_local(befores[n], span.source)):
            befores[n] = f"{befores[n]} with "  # "For ... and $z = 0$, ...": z given for the line
            # ("Let $a = 3$. Then ...": a defined for the notes, as "Let $a = 3$." alone)
        elif (_STATED.search(_BLANK_LINE.split(span.gap)[-1]) and not _DERIVED.search(
                befores[n]) and not _DEFINITION_PROSE.search(befores[n])
              and notes.used_names(span.source)):
            befores[n] = f"{befores[n]} so "  # "\begin{claim} ... $p_1 = \sigma(z)$", "Claim:
            # $p_1 = ...$": a claim about the p_1 defined before (not p_1 named anew)
        elif (not span.before.strip() and _follows_on(span) and not _DERIVED.search(befores[n])
              and notes.used_names(span.source)):
            befores[n] = f"{befores[n]} so "  # "Let $s = ...$. Then\n\[ s = ... \]": a claim
            # about the s defined before, derived from it (not s named anew)
        if _FRESH.search(span.before) and (m := _VARIABLES.fullmatch(span.source) or (
                _IN_REALS.fullmatch(span.source))):  # "Let $a$ be any real number": a anew
            for name in re.split(r"\s*,\s*", (m[1] if m.groups() else m[0]).strip()):
                notes.variables.pop(name.replace("{", "").replace("}", ""), None)
        shadowed = _shadowed(notes, premise)
        if n + 1 < len(spans) and spans[n + 1].line == span.line and _QUALIFIER_PROSE.fullmatch(
                spans[n + 1].before):  # "$x^2 = 9$ for $x = 3$" after "with $x = 2$"
            shadowed.update(_shadowed(notes, spans[n + 1].source))
        if n and spans[n - 1].line == span.line and _QUALIFIER_PROSE.fullmatch(span.before):
            shadowed.update(_shadowed(notes, span.source))  # (and "for $x = 3$" itself)
        results.append(check_equation(span.source, span.line, notes=notes, before=befores[n],
                                      premise=premise, cache=cache,
                                      written=written.get(n, "after")))
        if n in both and results[-1].verdict in (PROVED, REFUTED):
            alt = check_equation(span.source, span.line, notes=notes, before=befores[n],
                                 premise=both[n], cache=cache, written=written.get(n, "after"))
            if alt.verdict != results[-1].verdict:  # "For $x \ge 0$ ..., and $R$ if $x \le 2$"
                r = results[-1]
                results[-1] = Result(r.line, r.source, UNKNOWN, "two readings: on its own "
                                     f"condition alone, {r.verdict} ({r.reason}); with the "
                                     f"sentence's opening condition too, {alt.verdict} "
                                     f"({alt.reason}); the words do not say which (\"for "
                                     "all\" would)", r.method, r.seconds)
        for name, value in shadowed.items():
            notes.variables.setdefault(name, value)
        if results[-1].verdict == REFUTED and shadowed and not _anew(spans, n, conditions,
                                                                     premise):
            kept = check_equation(span.source, span.line, notes=notes, before=befores[n],
                                  premise=premise, cache=cache,
                                  written=written.get(n, "after"))  # "Let $a = 3$. Then
            if kept.verdict != REFUTED:  # $a^2 = 9$ for $a > 0$": a = 3 still, or every a?
                r = results[-1]
                defs = ", ".join(f"${_tex(sp.Symbol(k))} = {_tex(v[0])}$"
                                 for k, v in sorted(shadowed.items()))
                results[-1] = Result(r.line, r.source, UNKNOWN, "two readings: with "
                                     f"{defs} as the notes define before it, {kept.verdict} "
                                     f"({kept.reason}); as a claim for every value of the "
                                     f"condition, refuted ({r.reason}); the words do not say "
                                     "which (\"for all\" would)", r.method, r.seconds)
        if results[-1].verdict in (PROVED, REFUTED) and (word := _mood(spans, n)):
            r = results[-1]  # "for some $z$, $Q$", "$Q$ can hold": not a claim for all
            results[-1] = Result(r.line, r.source, UNKNOWN, f"not understood: \"{word}\" (the "
                                 "words make it a claim about some values; derive judges "
                                 "claims for every value), so not judged; as a claim for "
                                 f"every value it is {r.verdict}", "parse", r.seconds)
        if results[-1].verdict in (PROVED, REFUTED) and _question(spans, n):
            r = results[-1]  # "Can $|w\sigma'(z)| \ge 1$ when $|w| < 4$?": asked, not said
            results[-1] = Result(r.line, r.source, UNKNOWN, "not understood: a question (its "
                                 "sentence ends with \"?\"), not a claim, so not judged; as a "
                                 f"claim it is {r.verdict} ({r.reason})", "parse", r.seconds)
        if results[-1].verdict in (PROVED, REFUTED) and (again := [
                name for name, (value, _) in chosen.items() if name not in shadowed
                and notes.variables.get(name) is value and name in _names(span)]):
            r = results[-1]  # "Take any $a \ge 1$. Then ... Hence $Q$": which a is Q about?
            value, k = chosen[again[0]]
            defined = f"{_tex(sp.Symbol(again[0]))} = {_tex(value[0])}"
            results[-1] = Result(r.line, r.source, UNKNOWN, f"two readings: with ${defined}$ "
                                 f"as the notes define, {r.verdict} ({r.reason}); or the "
                                 f"{again[0]} chosen afresh on line {spans[k].line} "
                                 f"(${spans[k].source.strip()}$); the words do not say which",
                                 r.method, r.seconds)
        if results[-1].verdict == REFUTED and _follows_on(span) and (given := _given_before(
                span.source, gone, notes, paragraph, span.line)):
            r = results[-1]  # "with $w = 8$, $Q$. Then $$R$$": R may still be meant at w = 8
            results[-1] = Result(r.line, r.source, UNKNOWN, "refuted as a statement for every "
                                 f"value, but {given} may still be meant here ({r.reason})",
                                 r.method, r.seconds)
        if (n + 1 < len(spans) and spans[n + 1].line == span.line and premise is None
                and _FAILS.fullmatch(spans[n + 1].before) and not spans[n + 1].problem
                and _at_point(spans[n + 1].source)):  # "$Q$ fails at $z = 0$": Q false there
            at = " ".join(spans[n + 1].source.split())
            there = check_equation(span.source, span.line, notes=notes, before=befores[n],
                                   premise=at, cache=cache)
            if there.verdict == REFUTED:
                results[-1] = Result(span.line, src, REFUTED, f"it fails at ${at}$, as the "
                                     f"notes say: {there.reason}", there.method, there.seconds)
                failing[n + 1] = Result(spans[n + 1].line, at, CONDITION, "the point where "
                                        "the claim before it fails, as the notes say", "domain")
            elif there.verdict == PROVED:
                failing[n + 1] = Result(spans[n + 1].line, at, REFUTED, "the notes say "
                                        f"${_tex_sides(span.source)}$ fails here, but at ${at}$ "
                                        f"it holds: {there.reason}", there.method,
                                        there.seconds)
        r = results[-1]
        if (r.verdict == UNKNOWN and r.reason.startswith("not understood: a condition on ")
                and _STANDING.search(span.before) and _opens_sentence(spans, n)
                and _is_condition(span.source)):
            standing.append((span.line, src))  # "Take any $a \ge 1$." alone: for what follows
        elif r.verdict == REFUTED and premise is None and standing and (
                used := _statement_symbols_of(span.source)):
            held = [(line_, p) for line_, p in standing if _statement_symbols_of(p) & used]
            if held and (kept := check_equation(
                    span.source, span.line, notes=notes, before=befores[n],
                    premise=" \\land ".join(p for _, p in held), cache=cache,
                    written="before")).verdict != REFUTED:  # "Fix $a \ge 1$.\n\nClearly Q"
                where = ", ".join(f"${p}$ (line {line_})" for line_, p in held)
                results[-1] = Result(r.line, r.source, UNKNOWN, "two readings: as a claim for "
                                     f"every value, refuted ({r.reason}); under {where}, which "
                                     f"the notes chose before it, {kept.verdict} "
                                     f"({kept.reason}); the words do not say which", r.method,
                                     r.seconds)
        if (twice := sorted(clash.get(span.line, set()) & set(local))) and results[-1].verdict in (
                PROVED, REFUTED):  # "with $w_2 = 100$ and $w_2 = 50$, $Q$": contradictory
            r = results[-1]
            results[-1] = Result(r.line, r.source, UNKNOWN, "not judged: the line gives "
                                 f"${', '.join(twice)}$ two values (its hypotheses contradict "
                                 f"each other); with the last one it is {r.verdict}", r.method,
                                 r.seconds)
        if results[-1].verdict == DEFINITION and _is_local(befores[n], span.source):
            clash.setdefault(span.line, set()).update(
                name for name in local if notes.variables.get(name) is not known.get(name))
            for name in set(notes.variables) - set(local):
                if notes.variables[name] is not known.get(name):
                    local[name] = known.get(name)
            r = results[-1]
            results[-1] = Result(r.line, r.source, r.verdict, r.reason.replace(
                "for the equations after it", "for the equations after it on this line"),
                r.method, r.seconds)
    COST[0] = "quadratic"
    premised = {n for n in qualifies} | {n - (r.verdict == CONDITION)
                                         for n, r in failing.items()}
    results = _qualified(_derivations(spans, results, cache), premised, paragraph)
    for n, r in failing.items():  # "$Q$ fails at $x = 1$" where Q holds: the words are false
        results[n] = r
    for n, r in enumerate(results):  # "$Q$ if $P$, and conversely": the converse not read
        if r.verdict == PROVED and _CONVERSELY.search(_BLANK_LINE.split(_SENTENCE_END.split(
                "".join(s.gap for s in spans[n + 1:]) + spans[-1].after)[0])[0]):
            results[n] = Result(r.line, r.source, UNKNOWN, "not understood: the converse "
                                "(\"conversely\", \"vice versa\" after it) is not read",
                                r.method, r.seconds)
    for n, r in enumerate(results):  # "$Q$ for $x$ between $0$ and $1$": words not read
        if r.verdict != REFUTED or n in fixes or r.method == "claim" or _constant(spans[n]) or (
                n in failing):
            continue  # (derive's own claim: its kernel verdict, not a reading of words; a
            # statement about numbers only, which no condition restricts)
        k = _shared(spans, n, qualifies, written)
        if k is not None and (both := check_equation(
                spans[n].source, spans[n].line, premise=qualifies[k], cache=cache,
                written="after")).verdict == REFUTED:  # "$$A$$ and $$B$$ for $x > 0$"
            results[n] = Result(r.line, r.source, REFUTED, f"{r.reason}; and {both.reason}",
                                r.method, r.seconds)
            continue
        if words := _unread_words(spans, results, n) or (
                f"and ... {qualifies[k]}" if k is not None else ""):
            results[n] = Result(r.line, r.source, UNKNOWN, "refuted as a statement for every "
                                "value, but words of its sentence that may restrict it "
                                f"(\"{words}\") were not read ({r.reason})", r.method, r.seconds)
    return results


def _extremum_and_place(extremum: str, source: str) -> tuple | None:
    r"""``(Extremum, c, v_0)`` for ``\max_v f = c`` and ``v = v_0``, or None."""
    try:
        ext, point = parse(extremum), parse(source)
    except NotUnderstood:
        return None
    if len(ext.relations) != 1 or len(point.relations) != 1 or ext.premise or point.premise:
        return None
    e, p = ext.relations[0], point.relations[0]
    if not (isinstance(e.lhs, Extremum) and e.op == "=" and p.op == "="
            and p.lhs == e.lhs.args[1] and not p.rhs.free_symbols):
        return None
    return e.lhs, e.rhs, p.rhs


def _attained(extremum: str, source: str, src: str) -> Step | None:
    r"""``v = v_0`` right after ``\max_v f = c`` ("attained at $z = 0$"): where the maximum
    is attained (``extremum.decide_attained``), or None when the two are not of that form."""
    read = _extremum_and_place(extremum, source)
    if read is None:
        return None
    t0 = clock.now()
    _deadline[0] = t0 + EQUATION_SECONDS
    try:
        with time_limit(EQUATION_SECONDS):
            return decide_attained(*read, src)
    except StepTimeout:
        return Step(src, "timeout", UNKNOWN, f"timed out after {EQUATION_SECONDS:g} s")
    finally:
        _deadline[0] = float("inf")


_AT_TEXT = re.compile(r"\s*\\text\s*\{\s*(?:(?:attained|achieved|reached)\s+)?at\s*\}\s*(.+?)"
                      r"[\s.,;]*$", re.S)


def _max_at(parts: list[str], src: str) -> Step | None:
    r"""``\max_z f = c \quad \text{at } z = z_0`` in one formula: the extremum and where
    it is attained (refuted when the extremum is; else ``decide_attained``), or None."""
    m = _AT_TEXT.match(parts[1]) if len(parts) == 2 else None
    read = _extremum_and_place(parts[0], m[1]) if m else None
    if read is None:
        return None
    ext, c, v0 = read
    whole = decide(parse(parts[0]), src)
    if whole.verdict == REFUTED:
        return whole
    return decide_attained(ext, c, v0, src)


def _condition_or_quantifier(span, hypothesis: bool = False) -> bool:
    """A condition usable as a premise, or a bare list of variables (``$x$`` in "for all
    real $x$ and all $y > 0$": a quantifier, no premise)."""
    return _usable_condition(span, hypothesis) or bool(_VARIABLES.fullmatch(span.source))


def _premises(spans: list) -> tuple[dict[int, str], dict[int, int], dict[int, str], set[int],
                                    dict[int, str]]:
    r"""Which inline conditions are which claim's premise, as the prose says: one written
    right after a claim and introduced by "for (all)", "where", "if", "when(ever)",
    "provided" (``$Q$ for all $x > 0$``), or one (or several joined by "and") introduced by
    "if", "for (all)", "when(ever)", "assume", "suppose", "given", "with", "provided" and
    followed by the claim (``If $x > 0$ then $Q$``, ``For $x > 0$, $Q$``; claims joined to
    that one by "and" too). A condition both rules could give to two claims (``$P$ for $x >
    0$, $Q$``) is nobody's premise, unless a ";" or "." before it ends the first claim's
    clause. A value fixed among the conditions (``For $|w| \ge 4$ and $z = 0$, ...``) is read
    as a definition for the line. A condition written after a claim on the variables of the
    sentence's opening one replaces it ("For $x \\ge 0$ ..., and $R$ for all $x \\le 0$"); unless
    "for all" (any, every, each, arbitrary, ``\\forall``) says so, the opening one may still
    hold ("..., and $R$ if $x \\le 2$"): the claim's premise with both is returned too, for the
    claim to be decided both ways. Returns (claim index -> premise source, condition index ->
    claim index, claim index -> "before"/"after", indices of the values fixed, claim index ->
    premise with the opening condition kept)."""
    after: dict[int, int] = {}  # condition -> the claim before it
    reals: dict[int, str] = {}  # "for all real $x$": the premise x \in \mathbb{R}
    for k in range(1, len(spans)):
        q, prev = spans[k], spans[k - 1]
        j = k + 1  # "$Q$ for $x > 0$ and $y > 0$", "..., $y > 0$": bounds joined to q
        while (j < len(spans) and spans[j].line == q.line and not spans[j].problem
               and _AND_PROSE.fullmatch(spans[j].before) and is_bound(spans[j].source)
               and _is_condition(spans[j].source, spans[j].functions)):
            j += 1
        nxt = spans[j] if j < len(spans) else None
        leads = nxt is not None and not _BLANK_LINE.search(nxt.gap) and _LEADS_ON.match(
            nxt.gap)  # "for $x > 0$ we have $R$" (R on this line or the next): R's condition
        near = prev.line == q.line or _next_line(prev, q)
        bracketed = prev.line == q.line and (  # "$Q$ ($x > 0$)", "$Q$ $(x > 0)$"
            (q.before.strip() == "(" and q.after.lstrip().startswith(")"))
            or (not q.before.strip() and enclosed(q.source.strip().rstrip(".,;").strip())))
        listed = (prev.line == q.line and re.fullmatch(r"\s*[,|]\s*", q.before)
                  and _is_claim(prev.source) and not is_bound(prev.source)
                  and is_bound(q.source))  # "$Q$, $x > 0$", a table row "| $Q$ | $x > 0$ |"
        if (((q.before and _QUALIFIER_PROSE.fullmatch(q.before)) or bracketed or listed) and near
                and not prev.problem and not q.problem and not leads
                and _condition_like(q.source, q.functions) and _has_relation(prev.source)):
            after[k] = k - 1
            if bracketed and q.source.strip().startswith("("):
                reals[k] = q.source.strip().rstrip(".,;").strip()[1:-1]  # "$(x > 0)$"
            after.update({i: k - 1 for i in range(k + 1, j)})
        elif (_EVERY_REAL_PROSE.fullmatch(q.before) and near
              and not prev.problem and not q.problem and not leads
              and not _MORE_WORDS.match(q.after)  # "for all $x$ between ...": not every x
              and (vs := _VARIABLES.fullmatch(q.source) or _IN_REALS.fullmatch(q.source))
              and _variables_of(prev.source, vs[1] if vs.re is _IN_REALS else q.source)):
            after[k] = k - 1  # "$Q$ for all real $x$": Q for every x, a claim
            reals[k] = f"{vs[1] if vs.re is _IN_REALS else q.source.strip()} \\in \\mathbb{{R}}"
    before: dict[int, list[int]] = {}  # condition -> the claims after it
    linked: list[tuple[list[int], list[int]]] = []  # (conditions, the claims they lead to)
    fixes: set[int] = set()
    k = 0
    while k < len(spans):
        introduced = _INTRO_PROSE.search(spans[k].before) or (  # "with $q = z/2$ and $q \ge
            k and spans[k - 1].line == spans[k].line and _AND_PROSE.fullmatch(  # 0$": q's
                spans[k].before) and _INTRO_PROSE.search(spans[k - 1].before)  # definition
            and _DEFINITION_PROSE.search(spans[k - 1].before))  # first, then the condition
        if introduced and _EXCEPT.search(spans[k].before):
            introduced = None  # "except when $x = 0$, $Q$": Q where x is not 0, x not given 0
        hypothesis = bool(_IF_PROSE.search(spans[k].before))  # "if $y = x^2$": a premise
        if not (introduced and _condition_or_quantifier(spans[k], hypothesis)):
            k += 1
            continue
        # "for all real $x$ and all $y > 0$": a quantifier and a condition; "for $x > 0$, $y >
        # 0$, $x \ne y$: $$Q$$", "for $x, y > 0$ with $x \ne y$, $$Q$$": conditions joined by
        # commas or "with" when a claim follows them (else "for $x > 0$, $Q$": Q the claim)
        run = _run(spans, k, _JOIN_WIDE, hypothesis)
        if not _linked_claim(spans, k, run[-1] + 1, paragraph=False):
            run = _run(spans, k, _AND_ONLY, hypothesis)
        run = [i for i in run if _usable_condition(spans[i], hypothesis)]
        if not run:
            k += 1
            continue
        c = run[-1] + 1
        if (c + 1 < len(spans) and spans[c].line == spans[k].line
                and _EVERY_PROSE.fullmatch(spans[c].before)
                and _VARIABLES.fullmatch(spans[c].source)):
            c += 1  # "assume $|w_j| \le 1$ for each $j$; then ...": the quantifier is no claim
        if _linked_claim(spans, k, c):  # "if $P$, then\n$Q$"
            claims = [c]
            while (claims[-1] + 1 < len(spans) and spans[claims[-1] + 1].line == spans[c].line
                   and (_AND_ONLY.fullmatch(spans[claims[-1] + 1].before)
                        or _SO_PROSE.fullmatch(spans[claims[-1] + 1].before))
                   and not spans[claims[-1] + 1].problem
                   and _is_claim(spans[claims[-1] + 1].source)
                   and not _own_condition(spans, claims[-1] + 1)):
                claims.append(claims[-1] + 1)  # "then $Q$ and $R$", "then $Q$, so $R$"
            names = {i: set(_condition_variables(spans[i].source).split(", ")) - {""}
                     for i in run}
            fixed = {i for i in run if _fixes_value(spans[i].source) and not any(
                names[i] & names[o] for o in run if o != i)}  # "if $z = x^2$ and $z = 1$"
            fixes |= fixed
            if any(_DIFFERENTIATES.search(spans[i].source) for i in claims):
                fixed |= {i for i in run if not _usable_condition(spans[i])}  # "if $z = wa
                # + b$ then $\partial z/\partial b = 1$": z a function (a definition)
            before.update({i: claims for i in run if i not in fixed})
            linked.append((run, claims))
            c = claims[-1] + 1
        k = c
    k = 0
    while k < len(spans):  # "$w = 100$, $z = 0$, so $Q$": values given for the line's claims
        run = [k]
        while (run[-1] + 1 < len(spans) and spans[run[-1] + 1].line == spans[k].line
               and _AND_PROSE.fullmatch(spans[run[-1] + 1].before)):
            run.append(run[-1] + 1)
        c = run[-1] + 1
        if (c < len(spans) and spans[c].line == spans[k].line and _SO_PROSE.fullmatch(
                spans[c].before) and not spans[c].problem and _is_claim(spans[c].source)
                and all(not spans[i].problem and _fixes_value(spans[i].source) for i in run)
                and not any(i in before or i in after for i in run)):
            last = c  # the claims joined by "and" end the line: no "but ... otherwise"
            while (last + 1 < len(spans) and spans[last + 1].line == spans[c].line
                   and _AND_ONLY.fullmatch(spans[last + 1].before)):
                last += 1
            if not ((last + 1 < len(spans) and spans[last + 1].line == spans[c].line)
                    or _CONTRAST.search(spans[last].after)):
                fixes |= set(run)
        k = c
    for k in range(len(spans) - 1):  # "$P$ needs $Q$", "$P$ implies $Q$": P => Q
        if (k not in before and spans[k + 1].line == spans[k].line
                and _IMPLIES_PROSE.fullmatch(spans[k + 1].before)
                and not spans[k].problem and not spans[k + 1].problem
                and _condition_like(spans[k].source, spans[k].functions)
                and _is_claim(spans[k + 1].source)):
            before[k] = [k + 1]
    for cond in [c for c, claims in before.items() if any(i in after for i in claims)]:
        del before[cond]  # "$Q$ for $x > 0$, $y > 0$": y > 0 is Q's condition, not a claim
    conditions: dict[int, int] = {}
    targets: dict[int, list[int]] = {}
    written: dict[int, str] = {}
    for cond, claims in (*((a, [b]) for a, b in after.items()), *before.items()):
        if cond in after and cond in before and not (
                claims is before[cond] and re.search(r"[;.]", spans[cond].before)):
            continue  # its role is not said: it stays a condition nobody's premise
        if any(c in after or c in before for c in claims):
            continue  # a claim is itself a condition of another
        conditions[cond] = claims[0]
        targets[cond] = claims
    qualifies: dict[int, str] = {}
    every: dict[int, set[str]] = {}  # "$R$ for all $x$": R -> x
    for c in reals:
        if c in targets:
            every.setdefault(targets[c][0], set()).update(
                v.strip() for v in reals[c].split("\\in")[0].split(","))
    real_of: dict[int, set[str]] = {}  # claim -> its "for all real" premises alone
    own: dict[int, set[str]] = {}  # claim -> the variables of its conditions written after it
    universal: dict[int, bool] = {}  # claim -> whether "for all" introduces each of them
    for cond, claims in targets.items():
        for claim in claims:
            if cond > claim and cond not in reals:
                own.setdefault(claim, set()).update(
                    set(_condition_variables(spans[cond].source).split(", ")) - {""})
                universal[claim] = universal.get(claim, True) and bool(
                    _FOR_ALL.search(spans[cond].before) or "\\forall" in spans[cond].source)
    kept: dict[int, list[str]] = {}  # claim -> the opening conditions its own ones replace
    for cond, claims in sorted(targets.items()):
        src = reals.get(cond) or " ".join(spans[cond].source.split())
        for claim in claims:
            names = set(_condition_variables(spans[cond].source).split(", ")) - {""}
            if claim in every and cond < claim and names and names <= every[claim]:
                continue  # "for $x \ge 0$ we have $Q$, and $R$ for all $x$": R for every x
            if cond < claim and names and names <= own.get(claim, set()):
                if not universal.get(claim):
                    kept.setdefault(claim, []).append(src)  # (the other reading)
                continue  # "for $x \ge 0$ ..., and $R$ for $x \le 0$": R's own condition
            if cond in reals and _IN_REALS.fullmatch(src) and claim in qualifies:
                continue  # "for $x \ge 0$, $Q$ for all $y$": y is any real, x \ge 0 the premise
            if claim in qualifies and qualifies[claim] in real_of.get(claim, ()):
                qualifies[claim] = src  # (the same, the other way round)
            else:
                qualifies[claim] = f"{qualifies[claim]} \\land {src}" if claim in qualifies \
                    else src
            if cond in reals and _IN_REALS.fullmatch(src):
                real_of.setdefault(claim, set()).add(src)
            written[claim] = "before" if cond < claim else "after"
    for run, claims in linked:  # "if $P$ then $Q$, otherwise $R$": R where P fails
        o, cond = claims[-1] + 1, run[0]
        if (len(run) == 1 and (cond in conditions or cond in fixes)
                and o < len(spans) and _OTHERWISE.fullmatch(spans[o].before)
                and not spans[o].problem
                and o not in qualifies and _is_claim(spans[o].source)
                and (negated := _negation(" ".join(spans[cond].source.split())))):
            qualifies[o], written[o] = negated, "before"
    for claim in [c for c in own if not universal.get(c) and c not in kept]:
        opening = [cond for cond, claims in targets.items() if cond < claims[0] < claim
                   and spans[cond].line == spans[claim].line and not any(_SENTENCE_END.search(
                       spans[i].gap) for i in range(cond + 1, claim + 1))]  # "For $x \ge 0$:
        for cond in opening[-1:]:  # $Q$ if $P$, and $R$ if $S$": R's opening condition too
            names = set(_condition_variables(spans[cond].source).split(", ")) - {""}
            if names and names <= own[claim]:
                kept[claim] = [reals.get(cond) or " ".join(spans[cond].source.split())]
    both = {c: " \\land ".join([*srcs, *([qualifies[c]] if c in qualifies else [])])
            for c, srcs in kept.items()}
    return qualifies, conditions, written, fixes, both


_OTHERWISE = re.compile(r"\s*[,;.]?\s*(?:and\s+|but\s+)?(?:otherwise|else|elsewhere)\s*,?\s*",
                        re.I)


_FOR_ALL = re.compile(r"\bfor\s+(?:all|every|each|any|arbitrary)\b[^$]*$", re.I)


_CHOICE = re.compile(r"\s*,?\s*(?:so|such) that\s*", re.I)
_CHOSEN = re.compile(r"\b(?:take|choose|pick|fix|let|find|select)\s*$", re.I)
_EXCEPT = re.compile(r"\b(?:except|unless|other than|apart from|but not)\s+(?:(?:when|whenever|"
                     r"if|for|at|with|where)\s+)?$", re.I)
_GIVES = re.compile(r"\s*,?\s*(?:which\s+)?(?:gives|give|yields|implies|forces|means|needs|"
                    r"requires)\b.*", re.I | re.S)


def _own_condition(spans: list, i: int) -> bool:
    """Whether span ``i`` is the condition of a clause of its own: "..., and $x < 0$ gives
    $x^3 < 0$" (not a claim under the premise before it)."""
    return (i + 1 < len(spans) and spans[i + 1].line == spans[i].line
            and bool(_GIVES.fullmatch(spans[i + 1].before)))


def _next_line(prev, q) -> bool:
    r"""Whether the condition ``q`` starts a line of the paragraph right after the equation
    ``prev`` (a display: ``$$Q$$`` then "for all $x \ge 0$." on the next line) with only the
    qualifying words between them, and neither a full stop ending ``prev`` nor a capital
    ("For $x > 0$, ...") starts a new sentence."""
    word = re.search(r"[A-Za-z]", q.gap)
    return (not _BLANK_LINE.search(q.gap) and "\n" in q.gap
            and bool(_QUALIFIER_PROSE.fullmatch(q.gap) or _EVERY_REAL_PROSE.fullmatch(q.gap))
            and not re.sub(r"\\(?:label|tag\*?)\s*\{[^{}]*\}|\\no(?:number|tag)\b", "",
                           prev.source).rstrip().endswith(".")
            and not (word and word[0].isupper()))  # "For $x > 0$, ...": a new sentence


_INTERVAL = re.compile(r"\s*(?:\\left\s*)?[\[(]\s*[^,\[\]()]+?\s*,\s*[^,\[\]()]+?\s*"
                       r"(?:\\right\s*)?[\])]\s*")
_SIGN_WORDS = {"positive": ">", "negative": "<", "nonnegative": "\\ge", "non-negative": "\\ge",
               "nonpositive": "\\le", "non-positive": "\\le", "nonzero": "\\ne",
               "non-zero": "\\ne"}
_SIGNED_PROSE = re.compile(r"(.*?\b(?:for|all|every|each|any))\s+(positive|negative|"
                           r"non-?negative|non-?positive|non-?zero)(?:\s+real)?(?:\s+numbers?)?\s*",
                           re.I | re.S)
_BE_SIGNED = re.compile(r"\s*(?:(?:be|is|are)\s+(?:an?\s+)?)?(positive|negative|non-?negative|"
                        r"non-?positive|non-?zero)\b(?:\s+real)?(?:\s+numbers?)?", re.I)
_IN_PROSE = re.compile(r"\s*(?:in|on|over)(?:\s+the\s+interval)?\s*", re.I)
_ON_PROSE = re.compile(r"[\s,;:(]*(?:(?:it |this |which )?(?:holds|is true|is valid|valid|"
                       r"true)\s+)?(?:on|over|in)(?:\s+the\s+interval)?\s*", re.I)

_ON_BEFORE = re.compile(r"(?:^|[\s,;:.(])(?:on|over)(?:\s+the\s+interval)?\s*$", re.I)


def _prose_conditions(spans: list) -> list:
    r"""Conditions written partly in words, made the LaTeX they say: "for all positive $x$"
    -> ``x > 0`` (also "negative", "nonnegative", "nonpositive", "real numbers"), "for $x$
    in $(0, 1)$" -> ``x \in (0, 1)`` (one span), "$Q$ on $[0, 1]$" (an interval after a claim
    with one variable) and "On $[0, 1]$, $Q$" -> ``x \in [0, 1]``; the rules of ``_premises``
    then give them their role."""
    out: list = []
    spans = list(spans)
    k = 0
    while k < len(spans):
        span = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if (not span.problem and nxt is not None and nxt.line == span.line and not nxt.problem
                and IFF_PROSE.fullmatch(nxt.before) and _has_relation(span.source)
                and _has_relation(nxt.source)):  # "$P$ iff $Q$", "$P$ if and only if $Q$"
            on = spans[k + 2] if k + 2 < len(spans) else None  # "$P$ iff $Q$ or $R$": not P iff Q
            goes_on = on is not None and on.line == span.line and re.match(
                r"\s*(?:and|or)\b", on.before, re.I)  # (", and $R$": another claim)
            out.append(replace(span, source=f"{span.source.strip()} \\iff {nxt.source.strip()}",
                               after=nxt.after, problem="an iff whose side goes on with and/or "
                               "after it (not read)" if goes_on else ""))
            k += 2
            continue
        if (not span.problem and _INDEX_RANGE.fullmatch(span.source) and out
                and out[-1].line == span.line and _FOR_RANGE.search(span.before)
                and nxt is not None and nxt.line == span.line and not nxt.problem):
            k += 1  # "$Q$ for $j = 1, \dots, 4$ when $P$": the range of Q's index, not a
            continue  # claim between Q and its condition P
        if not span.problem and (m := _UNLESS.search(span.before)) and not (
                nxt is not None and nxt.line == span.line and _JOINED_TOO.match(nxt.before)
        ) and (negated := _negation(span.source)):  # "unless $x = 0$": "if $x \ne 0$"
            # ("unless $P$ and $Q$" is "if not P or not Q": left unread)
            word = "If" if m[1][0].isupper() else "if"
            before = f"{span.before[:m.start(1)]}{word} "
            gap = (span.gap[:len(span.gap) - len(span.before)] + before
                   if span.gap.endswith(span.before) else span.gap)
            if out and out[-1].line == span.line and out[-1].after.endswith(span.before):
                prev = out[-1]  # "$Q$ unless $P$": the words after Q are "if" now too
                out[-1] = replace(prev, after=prev.after[:len(prev.after) - len(span.before)]
                                  + before)
            span = replace(span, source=negated, before=before, gap=gap)
        pair = (nxt is not None and nxt.line == span.line and not nxt.problem
                and _IN_PROSE.fullmatch(nxt.before) and _INTERVAL.fullmatch(nxt.source))
        if not span.problem and _VARIABLES.fullmatch(span.source):
            if pair:  # "for $x$ in $(0, 1)$"
                out.append(replace(span, source=f"{span.source.strip()} \\in "
                                   f"{nxt.source.strip()}", after=nxt.after))
                k += 2
                continue
            if (m := _BE_SIGNED.match(span.after)) and (nxt is None or nxt.gap.startswith(
                    m[0])):  # "let $x$ be a positive real number", "for $x$ positive"
                out.append(replace(span, source=f"{span.source.strip()} "
                                   f"{_SIGN_WORDS[m[1].lower()]} 0", after=span.after[m.end():]))
                if nxt is not None:
                    spans[k + 1] = replace(nxt, gap=nxt.gap[m.end():],
                                           before=nxt.before.removeprefix(m[0]))
                k += 1
                continue
            if m := _SIGNED_PROSE.fullmatch(span.before):  # "for all positive $x$"
                sign = _SIGN_WORDS[m[2].lower()]
                out.append(replace(span, source=f"{span.source.strip()} {sign} 0",
                                   before=f"{m[1]} "))
                k += 1
                while (k < len(spans) and spans[k].line == span.line and not spans[k].problem
                       and _AND_PROSE.fullmatch(spans[k].before)
                       and _VARIABLES.fullmatch(spans[k].source)):  # "positive $x$ and $y$"
                    out.append(replace(spans[k], source=f"{spans[k].source.strip()} {sign} 0"))
                    k += 1
                continue
        if (not span.problem and (m := _SIGNED_PROSE.fullmatch(span.before))
                and _is_condition(span.source)
                and (names := _condition_variables(span.source))):  # "positive $x \ne y$"
            sign = _SIGN_WORDS[m[2].lower()]
            out.append(replace(span, source=f"{names} {sign} 0 \\land {span.source.strip()}",
                               before=f"{m[1]} "))
            k += 1
            continue
        if (not span.problem and out and _INTERVAL.fullmatch(span.source)
                and _ON_PROSE.fullmatch(span.gap) and not _BLANK_LINE.search(span.gap)
                and (var := _only_variable(out[-1].source))):  # "$Q$ on $[0, 1]$"
            out.append(replace(span, source=f"{var} \\in {span.source.strip()}"))
            k += 1
            continue
        if (not span.problem and nxt is not None and nxt.line == span.line
                and _INTERVAL.fullmatch(span.source) and (m := _ON_BEFORE.search(span.before))
                and (var := _only_variable(nxt.source))):  # "On $[0, 1]$, $Q$"
            out.append(replace(span, source=f"{var} \\in {span.source.strip()}",
                               before=f"{span.before[:m.start()]} for "))
            k += 1
            continue
        out.append(span)
        k += 1
    return out


_INDEX_RANGE = re.compile(r"\s*[a-z]\s*=\s*\d+\s*,\s*(?:\d+\s*,\s*)?(?:\\[lc]?dots|\.\.\.|…)\s*,"
                          r"\s*(?:\d+|[A-Za-z](?:\s*-\s*1)?)\s*")  # j = 1, \dots, L
_FOR_RANGE = re.compile(r"\bfor(?:\s+(?:all|each|every))?\s*$", re.I)
_UNLESS = re.compile(r"\b(unless)\s*$", re.I)
_JOINED_TOO = re.compile(r"\s*,?\s*(?:and|or)\b", re.I)
_NEGATED = {"=": "\\ne", "\\ne": "=", "\\neq": "=", "<": "\\ge", "\\lt": "\\ge", ">": "\\le",
            "\\gt": "\\le", "\\le": ">", "\\leq": ">", "\\leqslant": ">", "\\ge": "<",
            "\\geq": "<", "\\geqslant": "<"}


def _negation(source: str) -> str | None:
    r"""The negation of a condition of one relation (``x = 0`` -> ``x \ne 0``, ``x < 1`` ->
    ``x \ge 1``), for "unless"; None for anything else (a chain, an interval, ``\approx``)."""
    sides, ops = split_relations(source)
    if len(ops) != 1 or ops[0] not in _NEGATED or not all(
            x.strip(" .,;") for x in sides):
        return None
    return f"{sides[0]} {_NEGATED[ops[0]]} {sides[1].rstrip(' .,;')}"


def _only_variable(claim: str) -> str | None:
    """The LaTeX of the one variable of the claim ``claim``, or None."""
    if not _is_claim(claim):
        return None
    try:
        names = _statement_symbols(parse(claim))
    except NotUnderstood:
        return None
    if len(names) != 1:
        return None
    return _tex(sp.Symbol(next(iter(names)), real=True))


def _condition_variables(source: str) -> str:
    """The variables of a condition as a list (``x, y``), or ``""``."""
    try:
        names = sorted(_statement_symbols(parse(source)))
    except NotUnderstood:
        return ""
    return ", ".join(names) if names and all(re.fullmatch(_ONE_VARIABLE, n) for n in names) \
        else ""


def _unread_words(spans: list, results: list[Result], n: int) -> str:
    r"""The words of span ``n``'s sentence that may restrict its claim but were not read:
    math no rule read (an expression, an interval, a condition nobody's premise) right after
    a restricting word ("for", "between", "small", "on", ...): "$Q$ for all $x$ between $0$
    and $1$", "for small $x$, $Q$". ``""`` when there are none: then a refutation of ``n``
    stands. A list of variables after "for all (real)" is a quantifier, read."""
    def cut(gap: str, backwards: bool) -> tuple[str, bool]:
        ends = [m.start() for m in (*_SENTENCE_END.finditer(gap), *_BLANK_LINE.finditer(gap))
                if m.re is _SENTENCE_END or not gap[:m.start()].rstrip().endswith((",", ":"))]
        if not ends:
            return gap, False
        return (gap[max(ends) + 1:], True) if backwards else (gap[:min(ends)], True)

    def unread(k: int, before: str) -> list[str]:
        if results[k].verdict not in (EXPRESSION, UNKNOWN):
            return []
        after = cut(spans[k + 1].gap, False)[0] if k + 1 < len(spans) else spans[k].after
        words = [m.lower() for m in _RESTRICTING.findall(after)]  # "$x$ small", "$x$ near"
        if _VARIABLES.fullmatch(spans[k].source) and _QUANTIFIER_WORDS.search(before):
            return words  # "for every real $x$": a quantifier
        return [m.lower() for m in _RESTRICTING.findall(before)] + words

    found: list[str] = []
    k = n
    while k > 0:  # back to the start of the sentence (or the claim before)
        gap, ended = cut(spans[k].gap, True)
        if ended or _judged(results[k - 1]):
            break
        k -= 1
        found += unread(k, cut(spans[k].gap, True)[0])
    k = n + 1
    while k < len(spans) and k < len(results):  # on to its end (or the next claim)
        gap, ended = cut(spans[k].gap, False)
        if ended or _judged(results[k]):
            break
        found += unread(k, gap)
        k += 1
    return ", ".join(dict.fromkeys(found))


_QUANTIFIER_WORDS = re.compile(r"\b(?:for all|for every|for each|for any|all|every|each|any|for)"
                               r"(?:\s+real(?:\s+numbers?)?)?\s*$", re.I)


_JOINED = re.compile(r"\s*(?:,\s*)?(?:and|as well as|or)?\s*,?\s*", re.I)


def _shared(spans: list, n: int, qualifies: dict[int, str], written: dict[int, str]
            ) -> int | None:
    """"$$A$$ and $$B$$ for $x > 0$": the condition after the last claim may be meant for the
    claims joined to it too; that claim's index, or None."""
    k = n + 1
    while (k < len(spans) and _JOINED.fullmatch(spans[k].gap) and not spans[k].problem
           and not _BLANK_LINE.search(spans[k].gap) and _is_claim(spans[k].source)):
        if k in qualifies:
            return k if written.get(k) == "after" else None
        k += 1
    return None


def _constant(span) -> bool:
    r"""Whether the equation has no variable at all (``\frac{1}{\sqrt{300}} > 0.06``): no
    condition in its words can restrict it."""
    try:
        stmt = parse(span.source, {f.name: f for f in span.functions})
    except NotUnderstood:
        return False
    return not _statement_symbols(stmt)


def _judged(r: Result) -> bool:
    return r.verdict in (PROVED, REFUTED) or (r.verdict == UNKNOWN and not r.reason.startswith(
        "not understood: a condition") and r.method != "parse")


_CONVERSELY = re.compile(r"\b(?:conversely|vice versa)\b", re.I)
_MORE_WORDS = re.compile(r"\s*(?!and\b|then\b|we\b|one\b)[A-Za-z]")
# words that restrict where a claim is meant (see _unread_words)
_RESTRICTING = re.compile(r"\b(?:for|where|when(?:ever)?|if|provided|unless|except|on|in|over|"
                          r"between|near|as long as|only|within|inside|small|large|positive|"
                          r"negative|non-?negative|non-?positive|sufficiently|close)\b", re.I)


def _run(spans: list, k: int, joiner: re.Pattern, hypothesis: bool = False) -> list[int]:
    """Span ``k`` and the conditions (or quantifiers) after it on its line, each joined to
    the one before by prose ``joiner`` matches."""
    run = [k]
    while (run[-1] + 1 < len(spans) and spans[run[-1] + 1].line == spans[k].line
           and joiner.fullmatch(spans[run[-1] + 1].before)
           and _condition_or_quantifier(spans[run[-1] + 1], hypothesis)):
        run.append(run[-1] + 1)
    return run


def _linked_claim(spans: list, k: int, c: int, paragraph: bool = True) -> bool:
    """Whether span ``c`` is a claim that the prose ties to the conditions starting at span
    ``k``: on their line after a comma, "then", ...; or on the next line of the paragraph, or
    after blank lines when nothing but them follows the comma, colon or "then" (the sentence
    goes on: "For $x > 0$," then a display in a paragraph of its own)."""
    gap = spans[c].gap if c < len(spans) else ""
    return (c < len(spans) and not spans[c].problem and _is_claim(spans[c].source) and (
        (spans[c].line == spans[k].line and _links(spans[c].before or gap))
        or (spans[c].line > spans[k].line and _links(gap) and (
            not _BLANK_LINE.search(gap) or _BLANK_LINE.search(gap.rstrip()) is None
            or (paragraph and _opens_sentence(spans, k)
                and (m := _THEN_PROSE.fullmatch(_BLANK_LINE.split(gap)[-1])) and m[1])))))
    # "For $x > 0$,\n\n$$Q$$": the sentence goes on over blank lines; "Fix $t \ge 0$.\n\n
    # Then $Q$": a paragraph opening with "then", "we have" goes on from the one before (not
    # for conditions joined by commas: "For all $x$ with $x > 0$, $Q$.\n\nWe have $R$")


def _opens_sentence(spans: list, k: int) -> bool:
    """Whether span ``k`` is the first math of its sentence ("Fix $t \\ge 0$.", not "It
    holds that $Q$ for every $x > -1$.")."""
    return k == 0 or bool(_BLANK_LINE.search(spans[k].gap) or _SENTENCE_END.search(
        _ABBREVIATION.sub(" ", spans[k].gap)))


def _variables_of(claim: str, names: str) -> bool:
    """Whether every name of the list ``names`` (``x, y``) is a variable of ``claim`` (not
    an index: "$|w_j| < 1$ for each $j$" is a condition on every w_j)."""
    try:
        used = _statement_symbols(parse(claim))
    except NotUnderstood:
        return False
    return {n.strip() for n in names.split(",")} <= used


def _links(prose: str) -> bool:
    """Whether the prose between conditions and a claim ties them: a comma, colon or
    semicolon, or "then", "we have" ...; a full stop alone ends the sentence."""
    m = _THEN_PROSE.fullmatch(prose)
    return bool(m) and bool(prose.strip()) and (bool(m[1] or m[2] or m[3])
                                                or prose.strip()[-1] in ",;:")


def _fixes_value(source: str) -> bool:
    """``z = 0``, ``w_j = 0.5``, ``w_1 = w_2 = 8``: letters given a number (read as a
    definition for the line among the conditions before a claim)."""
    try:
        st = parse(source)
    except NotUnderstood:
        return False
    rels = st.relations
    return (bool(rels) and st.premise is None and all(r.op == "=" for r in rels)
            and all(isinstance(r.lhs, sp.Symbol) and not r.lhs.name.startswith("dC/d")
                    for r in rels)
            and all(a.rhs == b.lhs for a, b in zip(rels, rels[1:]))
            and not rels[-1].rhs.free_symbols)


def _tex_sides(source: str, functions: tuple = ()) -> str:
    """The LaTeX of a condition as parsed (``|w_j| < 1``)."""
    st = parse(source, {f.name: f for f in functions})
    ops = {"<=": r"\le", ">=": r"\ge", "!=": r"\ne"}
    chained = all(a.rhs == b.lhs for a, b in zip(st.relations, st.relations[1:]))
    if not chained:  # "x, y \ge 7": one relation per variable, joined by commas
        return ", ".join(f"{_tex(r.lhs)} {ops.get(r.op, r.op)} {_tex(r.rhs)}"
                         for r in st.relations)
    out = _tex(st.relations[0].lhs)
    for r in st.relations:
        out += f" {ops.get(r.op, r.op)} {_tex(r.rhs)}"
    return out


def _has_relation(source: str) -> bool:
    """Whether ``source`` relates two sides (``$1$ for $z > 0$``: an expression takes no
    premise)."""
    try:
        return bool(parse(source).relations)
    except NotUnderstood:
        return bool(split_relations(source)[1])


def _is_claim(source: str) -> bool:
    """Whether ``source`` has a relation and does not read as a definition (``y = 2x``: a
    fresh name alone on the left), so that a condition before it can be its premise."""
    try:
        st = parse(source)
    except NotUnderstood:
        return bool(split_relations(source)[1])
    if not st.relations:
        return False
    r = st.relations[0]
    return not (len(st.relations) == 1 and r.op == "=" and isinstance(r.lhs, sp.Symbol)
                and not r.lhs.name.startswith("dC/d") and r.lhs not in r.rhs.free_symbols)


def _usable_condition(span, hypothesis: bool = False) -> bool:
    """A condition, a value fixed, an expression given a number; after "if", "assume" ...
    (``hypothesis``) also a variable given an expression (``y = x^2``: a premise, not a
    definition)."""
    return not span.problem and (_is_condition(span.source, span.functions)
                                 or _fixes_value(span.source)
                                 or _equation_condition(span.source, span.functions)
                                 or (hypothesis and _variable_equation(span)))


def _variable_equation(span) -> bool:
    """``y = x^2``, ``z = wa + b``: a variable (no cost gradient) given an expression with
    other variables."""
    try:
        st = parse(span.source, {f.name: f for f in span.functions})
    except NotUnderstood:
        return False
    if len(st.relations) != 1 or st.premise is not None or st.relations[0].op != "=":
        return False
    r = st.relations[0]
    return (isinstance(r.lhs, sp.Symbol) and not r.lhs.name.startswith("dC/d")
            and bool(r.rhs.free_symbols) and r.lhs not in r.rhs.free_symbols
            and not any(s.name.startswith("dC/d") for s in r.rhs.free_symbols))


_DIFFERENTIATES = re.compile(r"\\partial|\\frac\s*\{\s*(?:\\mathrm\s*\{\s*)?d\b")
# words that make what follows a hypothesis (never a definition): "if $y = x^2$ then ..."
_IF_PROSE = re.compile(r"(?:^|[\s,;:.(])(?:if|when|whenever|assume(?: that)?|suppose(?: that)?|"
                       r"assuming(?: that)?|as long as|provided(?: that)?|given that)\s*$", re.I)


def _with_functions(spans: list) -> list:
    """Each span with the functions the notes defined before it (``Span.functions``), so
    that ``f(x) = 0`` after "let $f(x) = x^2 - 1$" reads as an equation about ``f``, not as
    ``f``'s definition anew."""
    out, functions = [], {}
    for span in spans:
        out.append(replace(span, functions=tuple(functions.values())))
        if span.problem:
            continue
        try:
            fn = parse_function_definition(span.source, functions)
        except NotUnderstood:
            continue
        if fn is not None:
            functions[fn.name] = fn
    return out


def _equation_condition(source: str, functions: tuple = ()) -> bool:
    r"""``\sigma'(z_j) = \frac14``, ``y^2 = 4``: an expression with variables given a number
    (not a letter alone: ``z = 0`` gives a value for the line, ``a = \sigma(z)`` defines a;
    not ``f(x) = ...``, a function's definition, unless ``f`` is one of the ``functions``
    defined before: then ``f(x) = 0`` is an equation). Written as a hypothesis ("if",
    "with", "assume" ...), it is a premise, never a claim."""
    known = {f.name: f for f in functions}
    try:
        st = parse(source, known)
        if parse_function_definition(source, known) is not None:
            return False
    except NotUnderstood:
        return False
    if len(st.relations) != 1 or st.premise is not None or st.relations[0].op != "=":
        return False
    r = st.relations[0]
    sides = [e for e in (r.lhs, r.rhs) if e.free_symbols]
    return (len(sides) == 1 and not isinstance(sides[0], sp.Symbol)
            and not any(s.name.startswith("dC/d") for s in sides[0].free_symbols))


def _condition_like(source: str, functions: tuple = ()) -> bool:
    """A condition (inequalities) or an equation giving an expression a number."""
    return _is_condition(source, functions) or _equation_condition(source, functions)


def _definition_prose(spans: list) -> list[str]:
    """The prose each span's definition reading sees: its own, or, for one joined to the
    span before it on the same line by "and" or a comma (``with $w_j = 100$ and $z_j =
    0$``) or "so that" (``choose $b_j$ so that $z_j = 0$``), that span's too."""
    out: list[str] = []
    for n, span in enumerate(spans):
        if n and spans[n - 1].line == span.line and (
                _AND_PROSE.fullmatch(span.before) or _SO_THAT.fullmatch(span.before)):
            out.append(out[-1] + span.before)  # "choose $b_j$ so that $z_j = 0$": choose
        else:
            out.append(span.before)
    return out


_SO_THAT = re.compile(r"\s*so that\s*", re.I)


def _is_local(before: str, source: str) -> bool:
    """Whether a definition holds only on its line: introduced by "with", "where" or
    "given" (``with $z_j = 0$, ...``), not by "let", "define", "set" or ``:=``."""
    m = _DEFINITION_PROSE.search(before)
    if m is None or re.search(r":=|\\coloneqq|\\triangleq", source):
        return False
    words = re.findall(r"\b(let|define|defining|denote|set|where|with|given|take|taking|put|"
                       r"putting|setting|choose|choosing|pick|picking)\b", m[0], re.I)
    return bool(words) and words[-1].lower() in ("with", "where", "given", "take", "taking",
                                                 "put", "putting", "setting", "choose",
                                                 "choosing", "pick", "picking")


# an upright e (Euler's number by its font) and LaTeX commands (\exp, \ge): no letter e
_NOT_BARE_E = re.compile(r"\\(?:mathrm|rm|operatorname|text|textrm|mbox)\s*\{[^{}]*\}|"
                         r"\{\s*\\rm\s+e\s*\}|\\[A-Za-z]+")
_BARE_E = re.compile(r"(?<![A-Za-z])e(?![A-Za-z])")
_EULER = re.compile(r"[\s,]*(?:(?:is|be|denotes|stands for)\s+)?(?:the\s+)?(?:Euler|Napier|"
                    r"base|natural|exponential|number|constant|\\approx|=|\$)", re.I)


def _bare_e(source: str) -> bool:
    r"""Whether ``source`` writes the letter ``e`` (not ``\mathrm{e}``)."""
    return bool(_BARE_E.search(_NOT_BARE_E.sub(" ", source)))


def _e_declared(spans: list, befores: list[str]) -> int | None:
    r"""The first line where the notes use the letter ``e`` as a variable: compared with 0
    (``e \ge 0``, ``e \ne 0``), or given an expression with variables in a chain (``B - n =
    e \ge 0``) or after "let", "where", "with" ... (``let $e = y - a$``); None if nowhere.
    Euler's number compared with 0 or named by a variable is no claim anyone writes."""
    for n, span in enumerate(spans):
        if span.problem or not _bare_e(span.source):
            continue
        if (span.source.strip() == "e" and not _EULER.match(span.after)) or (
                m := _IN_REALS.fullmatch(span.source)) and "e" in re.split(r"\s*,\s*", m[1]) or (
                _DEFINITION_PROSE.search(befores[n]) and re.match(
                    r"\s*e\s*(?::=|=|\\coloneqq)", span.source)):
            return span.line  # "Let $e$ be the error", "$e \in \mathbb{R}$", "let $e = ...$"
        try:
            st = parse(span.source)
        except NotUnderstood:
            continue
        parts = [x for x in (st, st.premise, st.conclusion) if x is not None]
        for part in parts:
            for r in part.relations:
                for side, other in ((r.lhs, r.rhs), (r.rhs, r.lhs)):
                    if side != sp.E:
                        continue
                    if (r.op in ("<", "<=", ">", ">=", "!=") and other == 0) or (
                            r.op == "=" and other.free_symbols and (
                                len(part.relations) > 1
                                or _DEFINITION_PROSE.search(befores[n]))):
                        return span.line
    return None


_FOLLOWS_ON = re.compile(r"[\s.,;:]*(?:then|so|hence|thus|therefore|which gives|giving|gives|"
                         r"we get|we have|it follows that)\b[\s,:]*", re.I)


def _follows_on(span) -> bool:
    """Whether only linking words ("Then", "so", ...) stand between the span before and
    ``span``: its claim goes on from that sentence ("Later $Q$" starts afresh)."""
    return not _BLANK_LINE.search(span.gap) and bool(_FOLLOWS_ON.fullmatch(span.gap))


def _given_before(source: str, gone: dict[str, int], notes: Notes, paragraph: dict[int, int],
                  line: int) -> str:
    """The names of ``source`` given a value for an earlier line of the same paragraph ("with
    $w = 8$ ...") and free again here, said in words; "" if none."""
    try:
        used = _statement_symbols(parse(source))
    except NotUnderstood:
        return ""
    if any(n.startswith("dC/d") for n in used):  # a gradient: the chain's w_k, z_k ... too
        used |= {n for n in gone if _CHAIN_NAME.fullmatch(n)}
    names = sorted(n for n in used & set(gone) if n not in notes.variables
                   and paragraph.get(gone[n]) == paragraph.get(line))
    return ", ".join(f"${_tex(sp.Symbol(n))}$ (given a value on line {gone[n]})"
                     for n in names)


_IMPERATIVE = re.compile(r"(?:^|[.!?;:}])\s*(?:take|put|choose|pick|set|fix)\b", re.I)


def _continues(spans: list, n: int) -> bool:
    """Whether span ``n``, on a new line, is the claim the sentence of the line before leads
    to ("take $w_j = 100$ and $z_j = 0$; then" or ". Then", "," then the display on the next
    line of the paragraph): the "with"/"take" definitions of that line hold for it too."""
    if not (n > 0 and not _BLANK_LINE.search(spans[n].gap) and not spans[n].problem
            and _links(spans[n].gap) and _is_claim(spans[n].source)):
        return False
    if "." not in spans[n].gap:
        return True
    first = n - 1  # after a full stop only an imperative sentence goes on: "Put ... . Then"
    while first > 0 and spans[first - 1].line == spans[n - 1].line:
        first -= 1
    return bool(_IMPERATIVE.search(spans[first].before))


def _new_sentence(spans: list, results: list, n: int) -> bool:
    """Whether a full stop before span ``n`` (on the line of the span before) starts a new
    sentence, which the "with" definitions of the one before do not reach once it made its
    claim ("With $w = 8$, $Q$. For other weights, $R$"); a sentence of definitions only goes
    on ("Suppose $w_j = 0.5$. Then $Q$"), and so does an imperative one ("Put ... . Then")."""
    def ends(gap: str) -> bool:
        return bool(re.search(r"[.!?](?=\s|$)", _ABBREVIATION.sub(" ", gap)))

    if not ends(spans[n].gap):
        return False
    first = n - 1
    while first > 0 and spans[first - 1].line == spans[n - 1].line and not ends(
            spans[first].gap):
        first -= 1
    return not _IMPERATIVE.search(spans[first].before) and any(
        r.verdict not in (DEFINITION, CONDITION, EXPRESSION) for r in results[first:n])


_ABBREVIATION = re.compile(r"\b(?:i\.\s?e|e\.\s?g|cf|etc|resp|viz|vs)\.", re.I)


def _expire(notes: Notes, local: dict) -> None:
    """Forget the definitions made by "with" or "where" on the line just read (restoring
    what the names meant before)."""
    for name, old in local.items():
        if old is None:
            notes.variables.pop(name, None)
        else:
            notes.variables[name] = old
    local.clear()


_FRESH = re.compile(r"\b(?:let|for (?:all|every|each|any)(?:\s+real)?|consider|fix)\s*$", re.I)


def _shadowed(notes: Notes, premise: str | None) -> dict:
    """The names a premise quantifies afresh that the notes give a number ("Let $a = 3$", then
    "for all $a > 0$, $Q$": Q is about every a > 0), taken out of the notes for the claim
    (put back after it). A name defined by an expression with variables stays: a condition
    on it is a condition on them ("let $z = wx$; if $z > 0$ then ...")."""
    if premise is None or not notes.variables:
        return {}
    try:
        names = _statement_symbols(parse(premise, notes.functions))
    except NotUnderstood:
        return {}
    return {name: notes.variables.pop(name) for name in sorted(names)
            if name in notes.variables and not notes.variables[name][0].free_symbols}


_STANDING = re.compile(r"\b(?:take(?:\s+(?:any|an\s+arbitrary))?|fix|let|assume|suppose|pick|"
                       r"choose|consider)\b[^.;!?$]*$", re.I)  # a value chosen for what follows


def _statement_symbols_of(source: str) -> set[str]:
    """The variables of ``source`` (none when it is not understood)."""
    try:
        return _statement_symbols(parse(source))
    except NotUnderstood:
        return set()


_ANEW = re.compile(r"\b(?:for\s+(?:all|every|each|any|arbitrary)|let|consider|fix|pick|choose|"
                   r"take\s+(?:any|an\s+arbitrary))\b", re.I)


def _chosen(span, notes: Notes, n: int) -> dict:
    r"""The names a notes-wide number is given that a condition after "take any", "let",
    "fix", ... chooses afresh (``a \ge 1`` after "Let $a = 3$"): name -> (its value, ``n``)."""
    if not _condition_like(span.source, span.functions):
        return {}
    return {name: (notes.variables[name], n) for name in sorted(_names(span))
            if name in notes.variables and not notes.variables[name][0].free_symbols}


def _names(span) -> set:
    """The variables of a span's statement (none if it is not read)."""
    try:
        return _statement_symbols(parse(span.source, {f.name: f for f in span.functions}))
    except NotUnderstood:
        return set()


def _anew(spans: list, n: int, conditions: dict[int, int], premise: str | None) -> bool:
    r"""Whether the words quantify the names of the claim ``n``'s conditions afresh ("for
    all $a > 0$", ``\forall``), so that a number the notes gave them before does not
    count."""
    mine = [c for c, claim in conditions.items() if claim == n]
    if n + 1 < len(spans) and spans[n + 1].line == spans[n].line:
        mine.append(n + 1)
    given = [k for k in range(n) if premise and spans[k].source.strip() in premise]
    mine += given[-1:]  # "Take any $a \ge 1$. Then $Q$": the premise's own words
    return "\\forall" in (premise or "") or any(
        _ANEW.search(spans[c].before) or "\\forall" in spans[c].source for c in mine)


def _anchored(claims: Claims, line: int) -> tuple[str, str, str, float] | None:
    """An equation of derive's notes whose text is exactly what its claim renders today: the
    kernel's verdict of that claim's step, run now (``Claims.decide``)."""
    t0 = clock.now()
    hit = claims.decide(line)
    return None if hit is None else (*hit, clock.now() - t0)


def _derivations(spans: list, results: list[Result], cache: Cache | None) -> list[Result]:
    """A derivation (``align`` rows continuing with ``&= ...``) with a refuted step whose
    conclusion (first side, combined relation, last side) is nevertheless true: the refuted
    rows say so."""
    if len(spans) != len(results):
        return results
    groups, start = [], None
    for i, sp_ in enumerate(spans):
        if sp_.step and start is not None:
            continue
        if start is not None and i - start > 1:
            groups.append((start, i))
        start = i
    if start is not None and len(spans) - start > 1:
        groups.append((start, len(spans)))
    out = list(results)
    for a, b in groups:
        rows = range(a, b)
        if not all(spans[i].step for i in range(a + 1, b)) or not any(
                out[i].verdict == REFUTED for i in rows):
            continue
        ops = [o for i in rows for o in split_relations(
            spans[i].source if i == a else spans[i].source[len(last_side(spans[i - 1].source)):]
        )[1]]
        op = combined(ops)
        if op is None:
            continue
        first = split_relations(spans[a].source)[0][0]
        last = last_side(spans[b - 1].source)
        whole = check_equation(f"{first} {op} {last}", spans[a].line, cache=cache)
        if whole.verdict == PROVED:
            for i in rows:
                if out[i].verdict == REFUTED:
                    r = out[i]
                    out[i] = Result(r.line, r.source, r.verdict, f"{r.reason}; the derivation's "
                                    f"conclusion ${first} {op} {last}$ is true nonetheless, "
                                    "reached through this wrong step", r.method, r.seconds)
    return out


_CROSS_ENTROPY = re.compile(r"cross[- ]?entropy", re.I)
# "the inputs $a$ with $|w \sigma'(wa + b)| \ge 1$", "the $x$ such that $x^2 < 2$": a set's
# condition (what is not some claim's premise), never a claim about every value
_SET_BUILDER = re.compile(r"\s*(with|such that|for which|at which)\s*", re.I)
# "the window where $C$ has width ...", "the set of $a$ with $C$": C describes a set
_SET_NOUN = re.compile(r"\b(?:window|set|region|interval|range|values|points|inputs|part|area|"
                       r"subset|neighbou?rhood)\s+(?:(?:of|of all)\s+\S+\s+)?(?:where|with|"
                       r"for which|in which|on which|at which|such that)\s*$", re.I)
# "solving $E$ for $a$", "the roots of $E$": an equation to solve, not a claim
_STATED = re.compile(r"(?:\\begin\s*\{\s*(?:claim|lemma|theorem|proposition|corollary|fact)"
                     r"\*?\s*\}|\b(?:claim|lemma|theorem|proposition|corollary|answer)\s*"
                     r"(?:\d+(?:\.\d+)*\s*)?:)[^.;!?$]*$", re.I)  # a claim stated as one
_DERIVED = re.compile(r"\b(?:so|hence|thus|therefore|gives|give|yields|we get|we have|"
                      r"we obtain|becomes|reduces to)\b", re.I)
_TO_SOLVE = re.compile(r"\b(?:solv(?:e|es|ing)|(?:the\s+)?(?:solutions?|roots?|zeros?)\s+of|"
                       r"the\s+equation|equations?)\s*$", re.I)
_QUALIFIER_PROSE = re.compile(r"[\s,;:(]*(?:(?:it |this |which )?(?:holds|is true|applies|is valid|"
                              r"valid|true)\s+)?"
                              r"(?:for all|for every|for each|for any|for|where|"
                              r"(?:whenever|when|if)(?:\s+(?:all|each|every))?|"
                              r"provided(?: that)?|as long as|assuming(?: that)?|on|over|"
                              r"in)\s*", re.I)
_ATTAINED = re.compile(r"(?:^|\b(?:attained|achieved|reached|taken|assumed)(?:\s+only)?)"
                       r"\s*,?\s*at\s*$", re.I)
# what a sentence may name as the subject of a condition or claim: "if all the weights satisfy
# $C$, then each factor $Q$" (a short list: other words keep the sentence unread)
_NOUNS = (r"(?:weights?|bias(?:es)?|terms?|factors?|gradients?|products?|neurons?|layers?|"
          r"derivatives?|values?|inputs?|activations?|entries|entry|variables?|numbers?)")
_INTRO_PROSE = re.compile(r"(?:^|[\s,;:.(])(?:(?:if|when|whenever)\s+(?:all|each|every)|"
                          r"if|let|at|(?:for all|for every|for each|for any)"
                          r"(?:\s+real(?:\s+numbers?)?)?|for|when|"
                          r"whenever|assume(?: that)?|assuming(?: that)?|as long as|"
                          r"suppose(?: that)?|given(?: that)?|with|"
                          r"provided(?: that)?|taking|choosing|setting|putting|since|because|"
                          # "take any $a \ge 1$", "for arbitrary $a$": a value chosen freely
                          r"(?:take|pick|choose|fix|consider)(?:\s+(?:any|an?\s+arbitrary))?|"
                          r"for\s+(?:an?\s+)?arbitrary|"
                          # "if all the weights satisfy $C$": the subject named in words
                          r"(?:if|when|whenever|assume(?: that)?|suppose(?: that)?)"
                          r"(?:\s+(?:all|every|each|the|our|its|their))*"
                          rf"\s+{_NOUNS}\s+(?:satisf(?:y|ies)|obeys?|fulfil+s?|meets?)|"
                          # "with weights $w_j = 100$", "for all the inputs $x > 0$": a noun
                          r"(?:with|given|taking|setting|putting|if|when|whenever|"
                          r"for(?:\s+(?:all|every|each|any))?)"
                          rf"(?:\s+(?:all|every|each|the|our|its|their))*\s+{_NOUNS})"
                          r"\s*$", re.I)
_IMPLIES_PROSE = re.compile(r"\s*(?:,\s*)?(?:which\s+)?(?:needs|requires|implies|only if|forces)"
                            r"(?:\s+that)?\s*", re.I)
_REQUIREMENT = re.compile(r"\b(?:(?:we|you|one)\s+)?(?:would\s+)?(?:need|needs|want|wants|require|"
                          r"requires|must have)(?:\s+that)?\s*$", re.I)
_HYPOTHESIS_WORD = re.compile(r"\b(?:if|let|at|assume|suppose|given|provided|whenever)\b",
                              re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
# words that make a claim existential or modal: "for some $z$, $Q$", "there is a $z$ with $Q$",
# "it can happen that $Q$"; "$Q$ is possible", "$Q$ for some $a$", "$Q$ can hold" (refuted for
# every value, such a claim may still be true; a denial, "$Q$ is wrong", "but not $Q$", agrees
# with the verdict on $Q$ and stays judged)
_MOOD_BEFORE = re.compile(r"\b(?:for some|for at least one|there (?:is|are|exists?)|"
                          r"exists? (?:an?|some)|"
                          r"(?:it|this) (?:can|could|may|might) (?:happen|be|occur)|"
                          r"(?:it is|it's) possible that|sometimes|somewhere)\b", re.I)
_MOOD_AFTER = re.compile(r"\b(?:(?:is|are|was|be)\s+(?:possible|sometimes)|for some|"
                         r"for at least one|somewhere|sometimes|(?:can|could|may|might)(?:\s+also)?"
                         r"\s+(?:hold|happen|occur|be true|be satisfied|exceed|reach))\b", re.I)


_EVERY_PROSE = re.compile(r"\s*(?:for all|for every|for each|for any)\s*", re.I)
_EVERY_REAL_PROSE = re.compile(r"[\s,;:]*(?:(?:holds|is true)\s+)?(?:for all|for every|for each|"
                               r"for any)(?:\s+real(?:\s+numbers?)?)?\s*", re.I)
_ONE_VARIABLE = r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?"
_VARIABLES = re.compile(rf"\s*{_ONE_VARIABLE}(?:\s*,\s*{_ONE_VARIABLE})*\s*")
_IN_REALS = re.compile(rf"\s*({_ONE_VARIABLE}(?:\s*,\s*{_ONE_VARIABLE})*)\s*\\in\s*"
                       r"\\(?:mathbb\s*\{?\s*R\s*\}?|R(?![A-Za-z]))\s*")
_AND_PROSE = re.compile(r"\s*,?\s*and\s*|\s*,\s*")
_JOIN_END = re.compile(r"(?:\s*,?\s*and\s*|\s*,\s*)+$")  # joining words at a prose's end
_AND_ONLY = re.compile(r"\s*,?\s*and(?:\s+(?:for\s+)?(?:all|every|each|any)"
                       r"(?:\s+real(?:\s+numbers?)?)?)?\s*")
_JOIN_WIDE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|with\s+|such that\s+|where\s+)"
                        r"(?:(?:for\s+)?(?:all|every|each|any)(?:\s+real(?:\s+numbers?)?)?\s*)?",
                        re.I)
_THEN_PROSE = re.compile(r"(?:\s*be\s+(?:given|arbitrary|fixed))?"  # "let $a > 0$ be given. Then"
                         r"\s*[,;:.]?\s*(?:(then|we have|we get|one has|it holds that|"
                         r"we find|gives|yields|(?:then\s+)?(?:show|prove|verify|deduce)"
                         r"(?:\s+that)?)"
                         r"(?:\s+(?:each|every|all|the|any)(?:\s+the)?\s+"
                         rf"{_NOUNS}(?:\s+(?:satisf(?:y|ies)|obeys?|fulfil+s?|meets?))?)?"
                         r"\s*[,:]?\s*|"
                         # "since $|w_j| < 1$, each term $Q$": the subject, a noun, alone
                         rf"(?<=,)\s*((?:each|every|any|all(?:\s+the)?)\s+{_NOUNS})\s*|"
                         # "for $x > 0$ the logarithm satisfies $Q$": a subject named in words
                         r"((?:the|its|each|every)\s+(?:[a-z]+\s+){1,3}(?:satisf(?:y|ies)|obeys?|is|"
                         r"equals|becomes))\s*:?\s*"
                         r")?", re.I)
_SO_PROSE = re.compile(r"\s*[,;:]?\s*(?:and\s+)?(?:so|hence|thus|therefore|then|which gives|"
                       r"giving|gives|we get|we have)\s*[,:]?\s*", re.I)
_CONTRAST_WORD = re.compile(r"\b(?:but|otherwise|else|unless|except|elsewhere)\b", re.I)
_CONTRAST_AFTER = re.compile(r"[^,;.!?]*?\b(?:otherwise|else|elsewhere)\b", re.I)  # "$R$ otherwise"
_AT = re.compile(r"(?:^|[\s,;:.(])at\s*$", re.I)
_FAILS = re.compile(r"\s*,?\s*(?:(?:which|but|it|this)\s+)?(?:fails|is false|does not hold|"
                    r"doesn't hold|breaks down|is violated)\s+(?:at|for|when)\s*", re.I)
_CONTRAST = re.compile(r"\b(?:but|otherwise|else|unless|except|only|not|elsewhere)\b", re.I)
_LEADS_ON = re.compile(r"[\s,;:]*(?:we have|we get|then|one has|it holds that|holds|"
                       r"(?:we )?(?:show|prove)(?: that)?)\b", re.I)
_DEFINITION_PROSE = re.compile(r"\b(?:let|define|defining|denote|set|where|with|given|take|taking|"
                               r"put|putting|setting|choose|choosing|pick|picking)\b"
                               r"[^.;!?]*$", re.I)


def _mood(spans: list, n: int) -> str | None:
    """The words that make span ``n``'s sentence say its claim holds for some values or may
    hold (``_MOOD_BEFORE`` / ``_MOOD_AFTER``), or None."""
    parts = []
    for k in range(n, -1, -1):
        gap = _BLANK_LINE.split(spans[k].gap)[-1]
        ends = list(_SENTENCE_END.finditer(gap))
        parts.append(gap[ends[-1].end():] if ends else gap)
        if ends or gap != spans[k].gap:
            break
    before = " ".join(reversed(parts))
    after = _SENTENCE_END.split(spans[n].after)[0]
    m = _MOOD_BEFORE.search(" ".join(before.split())) or _MOOD_AFTER.search(after)
    return " ".join(m[0].strip(" ,:").split()).lower() if m else None



def _question(spans: list, n: int) -> bool:
    """Whether the sentence of span ``n`` ends with a question mark on its line ("Can $P$
    when $Q$?", "Is $x^2 \\ge 0$?")."""
    k = n
    while True:
        text = _ABBREVIATION.sub(" ", spans[k].after)
        m = _SENTENCE_END.search(text)
        if m:  # ("$Q$ (why?)": an aside, Q still said)
            return m[0] == "?" and text[:m.start()].count("(") <= text[:m.start()].count(")")
        if k + 1 == len(spans) or spans[k + 1].line != spans[k].line:
            return False
        k += 1


def _at_point(source: str) -> bool:
    """``|w| = 4``, ``x = y = 0``: equations with variables (after "at", a place, not a
    claim)."""
    try:
        st = parse(source)
    except NotUnderstood:
        return False
    return (bool(st.relations) and st.premise is None and all(r.op == "=" for r in st.relations)
            and bool(_statement_symbols(st)))


def _is_condition(source: str, functions: tuple = ()) -> bool:
    """Whether ``source`` reads as a condition: inequalities (or ``\\ne``) only
    (``x \\in \\mathbb{R}^+`` too, whichever its convention); ``functions``: those the
    notes defined before it."""
    try:
        st = parse(_POSITIVE_REALS.sub(lambda _: r"\mathbb{R}_{> 0}", source),
                   {f.name: f for f in functions})
    except NotUnderstood:
        return False
    return bool(st.relations) and st.premise is None and all(
        r.op in ("<", "<=", ">", ">=", "!=") for r in st.relations)


class Notes:
    """What earlier equations of the same file defined: user functions and variables."""

    def __init__(self) -> None:
        self.functions: dict[str, Function] = {}
        self.variables: dict[str, tuple[sp.Expr, tuple[sp.Basic, ...]]] = {}

    def fingerprint(self) -> str:
        """The definitions as text (part of the cache key)."""
        fs = sorted((f.name, sp.srepr(f.param), sp.srepr(f.body)) for f in self.functions.values())
        vs = sorted((k, sp.srepr(v[0])) for k, v in self.variables.items())
        return repr((fs, vs, COST[0]))

    def definition(self, stmt: Statement, source: str, before: str) -> tuple[str, sp.Expr] | None:
        """``name = expr`` read as a definition: a fresh name alone on the left, not on the
        right, and the right side has variables (``z = 0`` is a condition) unless the prose
        says "let", "define", "where" ... or ``:=`` is written (a name defined before is
        defined anew only so: else the equation is a claim about it)."""
        if stmt.premise is not None or stmt.expr is not None or len(stmt.relations) != 1:
            return None
        r = stmt.relations[0]
        if r.op != "=":
            return None
        for lhs, rhs in ((r.lhs, r.rhs),):
            if not isinstance(lhs, sp.Symbol) or lhs.name.startswith("dC/d") or (
                    lhs in rhs.free_symbols) or rhs.atoms(Extremum) or any(
                    s.name.startswith("dC/d") for s in rhs.free_symbols):
                return None
            told = bool(re.search(r":=|\\coloneqq|\\triangleq", source)) or bool(
                _DEFINITION_PROSE.search(before))
            if (not rhs.free_symbols or lhs.name in self.variables) and not told and (
                    _book_definition(lhs.name, rhs) in (None, "z")):  # a_j = \tanh(z_j): the
                # chain's activation said anew (never the claim that sigma is tanh)
                return None  # "$p = ...$, which gives $p = \sigma(z)$": a claim about p
            return lhs.name, rhs
        return None

    def same_value(self, stmt: Statement, before: str) -> tuple[list[str], sp.Expr] | None:
        """``w_1 = w_2 = w_3 = \\frac12`` after "let" (or "with", "set" ...): several fresh
        names given one number, or None."""
        if stmt.premise is not None or len(stmt.relations) < 2 or not _DEFINITION_PROSE.search(
                before) or any(r.op != "=" for r in stmt.relations):
            return None
        names = [r.lhs for r in stmt.relations]
        value = stmt.relations[-1].rhs
        if (value.free_symbols or not all(isinstance(n, sp.Symbol) for n in names)
                or len(set(names)) != len(names) or any(
                    n.name.startswith("dC/d") or n.name in self.variables for n in names)):
            return None
        return [n.name for n in names], value

    def substitute(self, stmt: Statement) -> Statement | None:
        """``stmt`` with the defined variables replaced by their definitions (and their
        domains added), or None when it uses none (or has cost gradients, which are read
        by their own layer symbols)."""
        if not self.variables:
            return None
        exprs = _exprs(stmt)
        if any(s.name.startswith("dC/d") for s in exprs.free_symbols):
            return None
        bound = {v for d in exprs.atoms(sp.Derivative) for v in d.variables} | {
            e.args[1] for e in exprs.atoms(Extremum)} | {
            v for i in exprs.atoms(sp.Integral) for v in i.variables}
        sub, domain = {}, list(stmt.domain)
        for name, (expr, dom) in self.variables.items():
            sym = sp.Symbol(name, real=True)
            if sym in exprs.free_symbols and sym not in bound:
                sub[sym] = expr
                domain += dom
        if not sub:
            return None

        def rel(r: Relation) -> Relation:
            return Relation(r.lhs.xreplace(sub), r.op, r.rhs.xreplace(sub))

        def st(x: Statement | None) -> Statement | None:
            if x is None:
                return None
            return Statement(tuple(rel(r) for r in x.relations), st(x.premise),
                             st(x.conclusion), None if x.expr is None else x.expr.xreplace(sub),
                             tuple(dict.fromkeys(c.xreplace(sub) for c in x.domain)))

        out = st(stmt)
        return Statement(out.relations, out.premise, out.conclusion, out.expr,
                         tuple(dict.fromkeys(c.xreplace(sub) for c in domain
                                             if c.xreplace(sub) is not sp.true)))

    def used_names(self, source: str) -> set[str]:
        """The defined variables the equation ``source`` uses (none when it does not read)."""
        try:
            return self.used(parse(source, self.functions, frozenset(self.variables)))
        except NotUnderstood:
            return set()

    def uses(self, stmt: Statement) -> bool:
        return bool(self.used(stmt))

    def used(self, stmt: Statement) -> set[str]:
        """The defined variables ``stmt`` uses."""
        return {s.name for s in _exprs(stmt).free_symbols} & set(self.variables)


def _exprs(stmt: Statement) -> sp.Basic:
    parts = [stmt.expr] if stmt.expr is not None else []
    for x in (stmt, stmt.premise, stmt.conclusion):
        if x is not None:
            parts += [e for r in x.relations for e in (r.lhs, r.rhs)]
    return sp.Tuple(*parts)


_CONDITION = re.compile(r"not understood: (?:a definition or condition \((\S+) = \.\.\.\)|"
                        r"a condition on .*? \(variables ([^)]*)\), not a claim)")


def _statement_symbols(stmt: Statement) -> set[str]:
    if stmt.premise is not None:
        return _statement_symbols(stmt.premise) | _statement_symbols(stmt.conclusion)
    exprs = [stmt.expr] if stmt.expr is not None else [
        e for r in stmt.relations for e in (r.lhs, r.rhs)]
    return {s.name for e in exprs for s in e.free_symbols}


def _qualified(results: list[Result], premised: set[int] = frozenset(),
               paragraph: dict[int, int] | None = None) -> list[Result]:
    r"""A refuted equation whose variable is fixed by a condition on the same line
    (``$\sigma'(z) = \frac14$ at $z = 0$``, or one read as a definition after it: ``for $l =
    L$``) may be meant under that condition: unknown. A condition read as another claim's
    premise counts too, except for claims decided with a premise of their own; a name with a
    letter index (``w_j``, defined or bounded anywhere on the line) stands for every
    ``w_1``, ``w_2``, ... A condition nobody's premise on an earlier line of the same
    paragraph (``paragraph``: line -> paragraph), with no claim judged in between, counts
    too ("For $x, y > 0$ with ...,\n$$Q$$" read only in part must not refute Q)."""
    vague: dict[int, set[str]] = {}  # line -> variables of conditions nobody's premise
    earlier: dict[int, list[tuple[int, int, set[str]]]] = {}  # paragraph -> (index, line,
    # the variables of a condition nobody's premise)
    premises: dict[int, set[str]] = {}  # line -> variables of conditions read as premises
    defined: dict[int, list[tuple[int, str]]] = {}  # line -> (index, name) of definitions
    for i, r in enumerate(results):
        m = _CONDITION.search(r.reason)
        if m:
            vague.setdefault(r.line, set()).update((m[1] or m[2]).split(", "))
            if paragraph and r.line in paragraph:
                earlier.setdefault(paragraph[r.line], []).append(
                    (i, r.line, set((m[1] or m[2]).split(", "))))
        if str(r.verdict) == CONDITION:
            try:
                premises.setdefault(r.line, set()).update(_statement_symbols(parse(r.source)))
            except NotUnderstood:
                pass
        if str(r.verdict) == DEFINITION and "=" in r.source:
            try:
                lhs = parse(r.source.split("=")[0].rstrip(":")).expr
            except NotUnderstood:
                lhs = None
            if isinstance(lhs, sp.Symbol):
                defined.setdefault(r.line, []).append((i, lhs.name))
    if not vague and not premises and not defined:
        return results
    out = []
    for i, r in enumerate(results):
        names = vague.get(r.line, set()) | {n for j, n in defined.get(r.line, []) if j > i}
        if paragraph and r.line in paragraph:  # no claim judged between the two
            names |= {n for j, line, ns in earlier.get(paragraph[r.line], []) if line < r.line
                      and not any(x.verdict in (PROVED, REFUTED) for x in results[j + 1:i])
                      for n in ns}
            # "$$Q$$\n for $x$ in the range ...": a condition on a later line of the
            # paragraph, read by nobody, may be Q's domain
            names |= {n for j, line, ns in earlier.get(paragraph[r.line], []) if line > r.line
                      and not any(x.verdict in (PROVED, REFUTED) for x in results[i + 1:j])
                      for n in ns}
        if i not in premised:
            names |= premises.get(r.line, set())
        family = {n for n in names | {n for _, n in defined.get(r.line, [])}
                  if _LETTER_INDEX.fullmatch(n)}
        if r.verdict == REFUTED and (names or family):
            try:
                used = _statement_symbols(parse(split_statements(r.source)[0]))
            except NotUnderstood:
                used = set()
            used |= set(re.findall(r"[\^_]\s*\{?\s*\(?\s*([lL])(?![A-Za-z])", r.source))
            hit = sorted({n for n in names if n in used} | {n for n in family if any(
                u != n and u.startswith(n.split("_")[0] + "_") for u in used)})
            if hit:
                r = Result(r.line, r.source, UNKNOWN,
                           f"refuted as a statement for every {hit[0]}, but a condition on "
                           f"{hit[0]} written with it may qualify it ({r.reason})",
                           r.method, r.seconds)
        out.append(r)
    return out


_LETTER_INDEX = re.compile(r"[A-Za-z]+_[a-z]")  # w_j: every w_1, w_2, ...


def check_equation(source: str, line: int = 0, seconds: float = EQUATION_SECONDS,
                   notes: Notes | None = None, before: str = "", premise: str | None = None,
                   cache: Cache | None = None, written: str = "after") -> Result:
    """Parse and decide one equation within ``seconds``; never raises. ``notes``: the
    definitions made by earlier equations of the file (updated when this one defines
    something); ``before``: the prose just before it; ``premise``: a condition written after
    it in the prose ("for all $|w| \\ge 4$") or ``written`` "before" it ("if $|w| < 1$
    then"), its domain."""
    src = " ".join(source.split())
    notes = notes if notes is not None else Notes()
    full = source if premise is None else f"{premise} \\implies {source}"
    key = None
    if cache is not None:
        # the words before decide the reading: "let $z = 0$" a definition, "$z = 0$" a
        # condition, "which gives $p = ..$" a claim about p
        told = ("told" if _DEFINITION_PROSE.search(before) else "") + (
            " derived" if _DERIVED.search(before) else "")
        key = cache.key((full if premise is None else f"{full} % written {written}")
                        + f" % {told}", notes.fingerprint())
        hit = cache.get(key)
        if hit is not None:
            return Result(line, src, hit["verdict"], hit["reason"], hit["method"], 0.0)
    t0 = clock.now()
    _deadline[0] = t0 + seconds
    CHAIN_ACTIVATION[0] = _chain_activation(notes)  # a_j = \tanh(z_j): the chain's own
    try:
        with time_limit(seconds):
            step = _decide_source(source, full, src, notes, before)
    except _Defines as d:
        _deadline[0] = float("inf")
        return Result(line, src, d.verdict, d.reason, d.verdict, clock.now() - t0)
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
        CHAIN_ACTIVATION[0] = None
    shown = re.sub(r"\\([lg]e)q?slant(?![A-Za-z])", r"\\\1", " ".join(premise.split())).replace(
        " \\land ", "$, $") if premise else ""
    reason = step.reason if premise is None else f"on ${shown}$ (the " \
        f"condition{'s' if '$, $' in shown else ''} written {written} it): {step.reason}"
    result = Result(line, src, step.verdict, reason, step.method, clock.now() - t0)
    if key is not None and step.method not in ("timeout", "error", "definition"):
        cache.put(key, result)
    return result


class _Defines(Exception):
    """The equation is not a claim: it defines a name (recorded in the notes), or it is a
    bare expression."""

    def __init__(self, reason: str, verdict: str = "definition"):
        self.reason = reason
        self.verdict = verdict


# "define $s(u) = \frac{e^u}{e^u + 1}$": a lower-case letter defined as a function (then
# s(u) is read as the function; without the words, a product s times u)
_LETTER_DEFINITION = re.compile(r"\s*([a-df-z])(?=\s*\(\s*[A-Za-z]\s*\)\s*(?::=|=|\\coloneqq))")


def _decide_source(source: str, full: str, src: str, notes: Notes, before: str) -> Step:
    if (sides := iff_sides(source)) is not None:  # P \iff Q: both implications
        premise = full[:len(full) - len(source)].removesuffix(" \\implies ") or None
        return decide_iff(*sides, premise, src, lambda one, whole: _decide_source(
            one, whole, " ".join(one.split()), notes, before))
    if is_sigma_definition(source):
        raise _Defines(r"defines $\Sigma'(z) = \operatorname{diag}(f'(z))$, the diagonal matrix "
                       "of the activation's derivative, for the equations after it")
    if is_average(source) and full == source:
        average = decide_average(source, src)
        if average is None:
            raise _Defines(f"{AVERAGE_DEFINITION} (the book's assumption), for the equations "
                           "after it")
        return average
    layers = _layer_premise(full, source)
    backprop = decide_backprop(source, src, layers or ()) if full == source or layers else None
    if backprop is not None and backprop.verdict == PROVED and layers:
        return certify_all(src, backprop.method, [backprop], "it holds for every layer, so "
                           f"under the condition too: {backprop.reason}")
    if backprop is not None:
        return backprop
    if is_matrix_form(source) and len(split_statements(source)) == 1:
        return decide_matrix(source, src)
    if (m := _LETTER_DEFINITION.match(source)) and _DEFINITION_PROSE.search(before):
        source = rf"\operatorname{{{m[1]}}}" + source[m.end(1):]  # "define $s(u) = ...$"
    functions = notes.functions
    if (_DEFINITION_PROSE.search(before) and (m := re.match(
            r"\s*\\operatorname\s*\{\s*(\w+)\s*\}\s*\(", source)) and m[1] in functions):
        functions = {k: f for k, f in functions.items() if k != m[1]}  # "define" again: anew
    try:
        fn = parse_function_definition(source, functions)
    except NotUnderstood as err:
        return Step(src, "parse", UNKNOWN, f"not understood: {rich_construct(str(err))}")
    if fn is not None:
        notes.functions[fn.name] = fn
        raise _Defines(rf"defines $\operatorname{{{fn.name}}}({_tex(fn.param)}) = {_tex(fn.body)}$ "
                       "for the "
                       "equations after it")
    if "," in source and _VARIABLES.fullmatch(source):  # "for all real $x, y, z$"
        raise _Defines("names variables (no relation): nothing to check", EXPRESSION)
    if _INTERVAL.fullmatch(source):  # "for $x$ between ... in $(0, 1)$"
        raise _Defines("an interval, not a claim", EXPRESSION)
    if _IN_REALS.fullmatch(source):  # "for all $x, y \in \mathbb{R}$, ..."
        raise _Defines("names real variables (no restriction): nothing to check", EXPRESSION)
    if _POSITIVE_REALS.search(full):
        return _both_readings(source, full, src, notes, before)
    if "\\prod" in source and (product := decide_product(
            full, src, lambda text: parse(text, notes.functions, frozenset(notes.variables)),
            lambda stmt, claim: _decide_with_definitions(stmt, claim, notes),
            frozenset(notes.variables) | frozenset(notes.functions))) is not None:
        return product  # a product of like factors against a power (for every depth)
    if "\\partial" in source and _defined_cost(notes) is None and (  # (C of the logits: no
            grad := decide_gradient_depth(full, src, lambda text: parse(  # chain's cost)
                text, notes.functions, frozenset(notes.variables)), notes.variables)
    ) is not None:
        return grad  # gradients of a letter layer (b_j, a_L): for every depth, or L defined
    parts = split_statements(full)
    if (place := _max_at(parts, src)) is not None:
        return place
    if full == source and (listed := _definition_list(parts, notes, before)):
        for name, value, domain in listed:  # "with $w_1 = 100, w_2 = 100$": each defined
            notes.variables[name] = (value, domain)
        shown = ", ".join(f"${_tex(sp.Symbol(n))} = {_tex(v)}$" for n, v, _ in listed)
        raise _Defines(f"defines {shown} for the equations after it")
    steps = []
    for part in parts:
        claim = " ".join(part.split())
        if len(parts) > 1 and (backprop := decide_backprop(part, claim)) is not None:
            steps.append(backprop)  # BP1 \quad BP2: each read in vector or index form
            continue
        try:
            stmt = parse(part, notes.functions, frozenset(notes.variables))
        except NotUnderstood as err:
            steps.append(Step(part, "parse", UNKNOWN,
                              f"not understood: {rich_construct(str(err))}"))
            continue
        if len(parts) == 1 and stmt.expr is not None:
            raise _Defines("an expression, not a claim (no $=$, $\\le$, $\\approx$, ...)",
                           EXPRESSION)
        if len(parts) == 1:
            named = notes.definition(stmt, source, before)
            several = notes.same_value(stmt, before) if named is None else None
            if several is not None:
                names, value = several
                for name in names:
                    notes.variables[name] = (value, tuple(stmt.domain))
                shown = " = ".join(_tex(sp.Symbol(n)) for n in names)
                raise _Defines(f"defines ${shown} = {_tex(value)}$ for the equations after it")
            if named is not None:
                sub = notes.substitute(Statement(expr=named[1]))
                expr = named[1] if sub is None else sub.expr
                domain = stmt.domain if sub is None else sub.domain
                notes.variables[named[0]] = (expr, tuple(domain))
                raise _Defines(f"defines ${_tex(sp.Symbol(named[0]))} = {_tex(expr)}$ for the "
                               "equations "
                               "after it")
        steps.append(_decide_with_definitions(stmt, claim, notes,
                                              bool(_DERIVED.search(before))))
    vague = [s for s in steps if s.reason.startswith("not understood")]
    if len(steps) == 1:
        return steps[0]
    if vague:  # a part we cannot read may be a condition on the others
        return Step(src, "parse", UNKNOWN, f"${vague[0].claim}$: {vague[0].reason} (so the "
                    "other parts, which it may qualify, are not judged)")
    return certify_all(src, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                       "; ".join(s.reason for s in steps))


def _definition_list(parts: list[str], notes: Notes, before: str) -> list[tuple] | None:
    """``w_1 = 100, w_2 = 100`` after "let", "with" ...: several parts, each a definition
    of a fresh name (``Notes.definition``, or ``Notes.same_value`` for ``a = b = 1``), as
    (name, value, domain); None unless every part is one, each name once."""
    if len(parts) < 2 or not _DEFINITION_PROSE.search(before):
        return None
    out = []
    for part in parts:
        try:
            stmt = parse(part, notes.functions, frozenset(notes.variables))
        except NotUnderstood:
            return None
        one = notes.definition(stmt, part, before)
        several = notes.same_value(stmt, before) if one is None else None
        if one is not None:
            out.append((one[0], one[1], tuple(stmt.domain)))
        elif several is not None:
            out += [(name, several[1], tuple(stmt.domain)) for name in several[0]]
        else:
            return None
    names = [name for name, _, _ in out]
    return out if len(set(names)) == len(names) and not set(names) & set(notes.variables) \
        else None


# \mathbb{R}^+, \mathbb{R}_+: the positive reals in most books, the nonnegative ones in others
_POSITIVE_REALS = re.compile(r"\\mathbb\s*\{?\s*R\s*\}?\s*[\^_]\s*(?:\{\s*\+\s*\}|\+)"
                             r"(?!\s*[_^])")


def _both_readings(source: str, full: str, src: str, notes: Notes, before: str) -> Step:
    r"""``x \in \mathbb{R}^+`` read both ways, as ``x \ge 0`` and as ``x > 0`` (wherever it is
    written: a premise or a claim): proved if proved for both, refuted if refuted for both,
    else unknown."""
    def reading(op: str) -> Step:
        new = rf"\mathbb{{R}}_{{{op} 0}}"
        return _decide_source(_POSITIVE_REALS.sub(lambda _: new, source),
                              _POSITIVE_REALS.sub(lambda _: new, full), src, notes, before)

    said = r"$\mathbb{R}^+$ read as the reals $\ge 0$ and as the reals $> 0$ (books differ)"
    wide = reading(r"\ge")
    narrow = reading(">")
    if wide.verdict == PROVED and narrow.verdict == PROVED:
        return certify_all(src, wide.method, [wide, narrow],
                           f"{said}: proved for both: {wide.reason}")
    if wide.verdict == REFUTED and narrow.verdict == REFUTED:
        return Step(src, narrow.method, REFUTED, f"{said}: refuted for both: {narrow.reason}",
                    narrow.rules)
    return Step(src, narrow.method, UNKNOWN, f"{said}: for $\\ge 0$ {wide.verdict} "
                f"({wide.reason}); for $> 0$ {narrow.verdict} ({narrow.reason})")


def _decide_with_definitions(stmt: Statement, claim: str, notes: Notes,
                             derived: bool = False) -> Step:
    """Decide ``stmt``; when it uses defined variables: first as written (a statement for
    every value of a variable holds for its defined value too, so ``proved`` stands; not
    when a derivative is taken, since the defined variable depends on others), then with
    the definitions substituted. ``derived``: the prose says it follows ("so", "which
    gives"), so ``p = ...`` after a definition of ``p`` is a claim, not a condition."""
    COST_DEFINED[0] = notes.variables["C"][0] if "C" in notes.variables else None
    try:
        return _decide_defined(stmt, claim, notes, derived)
    finally:
        COST_DEFINED[0] = None


_CHAIN_NAME = re.compile(r"[wbza]_\{?\w+\}?|x|y")  # the width-1 chain's parameters


_LAYER_NAME = re.compile(r"([za])_(?:([a-z])|(\d+))")


def _book_definition(name: str, value: sp.Expr) -> str | None:
    r"""When ``name = value`` is the book's own definition of the chain, which fixes no
    parameter, ``z_j = w_j a_{j-1} + b_j`` or ``a_j = f(z_j)`` (``f`` a registered
    activation, ``z_j`` written out or not; a letter or a numbered layer): ``"z"`` or the
    activation's name; else None."""
    m = _LAYER_NAME.fullmatch(name)
    if m is None:
        return None
    j = m[2] or m[3]
    try:
        z = parse(f"w_{{{j}}} a_{{{j}-1}} + b_{{{j}}}" if m[2] else
                  f"w_{{{j}}} a_{{{int(j) - 1}}} + b_{{{j}}}").expr
        if m[1] == "z":
            return "z" if sp.simplify(value - z) == 0 else None
        acts = _acts(value)
        if len(acts) != 1 or value not in acts or value.args[0] not in (
                z, parse(f"z_{{{j}}}").expr):
            return None
        return next(iter(acts)).activation
    except (NotUnderstood, TypeError, ValueError, AttributeError):
        return None


def _chain_activation(notes: Notes) -> str | None:
    """The activation of the chain the notes define (``a_j = \\tanh(z_j)``), if one."""
    names = {_book_definition(n, v[0]) for n, v in notes.variables.items()
             if _LAYER_NAME.fullmatch(n) and n[0] == "a" and n != "a_0"
             and v[0].free_symbols}  # (not a value, a_1 = 1/2; not the input, a_0 = x)
    if len(names) == 1 and None not in names:
        return names.pop()
    return OTHER_CHAIN if names else None  # a_j = \tanh(2 z_j), or layers' own: not read


_COST_OF_OUTPUT = re.compile(r"a(?:_\w+)?|y(?:_\w+)?")  # C = \frac12 (a_L - y)^2: the chain's cost


def _defined_cost(notes: Notes) -> tuple | None:
    r"""``(expr, domain)`` of ``C`` when the notes define it as an expression of other
    variables than the output and the target (``C = -\ln\frac{e^{z_1}}{e^{z_1} + e^{z_2}}``,
    or ``C = -\ln p_1`` with ``p_1`` defined), the other definitions put in; else None (C
    undefined, or the chain's cost ``\frac12 (a_L - y)^2``)."""
    cost = notes.variables.get("C")
    if cost is None:
        return None
    expr, domain = cost[0], list(cost[1])
    for _ in range(3):  # C = -\ln p_1 with p_1 defined too: C in the variables themselves
        names = {x.name for x in expr.free_symbols if not _CHAIN_NAME.fullmatch(x.name)} & (
            set(notes.variables) - {"C"})  # (the chain's a_2 = \sigma(z_2): its cost stays)
        for name in names:
            value, dom = notes.variables[name]
            expr = expr.xreplace({sp.Symbol(name, real=True): value})
            domain += dom
    if all(_COST_OF_OUTPUT.fullmatch(x.name) for x in expr.free_symbols):
        return None
    return expr, tuple(domain)


def _defined_cost_partials(stmt: Statement, notes: Notes) -> Statement | str | None:
    r"""``\frac{\partial C}{\partial z_1}`` after the notes define ``C`` in other variables
    (``_defined_cost``): the partial derivative of that expression (SymPy), not the width-1
    chain's gradient; the statement with each such partial replaced, or a reason it cannot
    be (a variable ``C`` does not contain), or None (no such C, or no partial)."""
    cost = _defined_cost(notes)
    partials = {s for s in _exprs(stmt).free_symbols if s.name.startswith("dC/d")}
    if cost is None or not partials:
        return None
    sub = {}
    for p in partials:
        v = next((x for x in cost[0].free_symbols if x.name == p.name[4:]), None)
        if v is None:
            return (f"the notes define $C = {_tex(cost[0])}$, which does not contain "
                    f"${_tex(sp.Symbol(p.name[4:]))}$")
        sub[p] = sp.diff(cost[0], v)

    def st(x: Statement | None) -> Statement | None:
        if x is None:
            return None
        return Statement(tuple(Relation(r.lhs.xreplace(sub), r.op, r.rhs.xreplace(sub))
                               for r in x.relations), st(x.premise), st(x.conclusion),
                         None if x.expr is None else x.expr.xreplace(sub),
                         tuple(dict.fromkeys((*x.domain, *cost[1]))), x.quantified)

    return st(stmt)


def _decide_defined(stmt: Statement, claim: str, notes: Notes, derived: bool = False) -> Step:
    partials = _defined_cost_partials(stmt, notes)
    if isinstance(partials, str):
        return Step(claim, "parse", UNKNOWN, f"not understood: {partials}")
    if partials is not None:  # the partials of the cost the notes define, differentiated
        step = decide(notes.substitute(partials) or partials, claim)  # (other names too)
        said = "with $C$ and the other names as the notes define them, $C$ differentiated by " \
            "SymPy: "
        if step.verdict == PROVED:
            return certify_all(claim, step.method, [step], said + step.reason)
        return Step(claim, step.method, step.verdict, said + step.reason, step.rules)
    with_defs = notes.substitute(stmt)
    if with_defs is None:
        step = decide(stmt, claim)
        fixed = sorted(n for n in notes.variables if _CHAIN_NAME.fullmatch(n)
                       and _book_definition(n, notes.variables[n][0]) is None)
        if step.verdict == REFUTED and fixed and any(
                s.name.startswith("dC/d") for s in _exprs(stmt).free_symbols):
            return Step(claim, step.method, UNKNOWN, "refuted for every value of the chain's "
                        "parameters, but the notes fix " + ", ".join(f"${_tex(sp.Symbol(n))}$"
                                                                    for n in fixed)
                        + f" here, which this decision does not use ({step.reason})")
        return step
    renamed = False  # "s = 1/3" after "s = sigma(0)": a claim about s, or s named anew?
    if not _exprs(stmt).atoms(sp.Derivative):
        plain = decide(stmt, claim)
        constant = all(not notes.variables[n][0].free_symbols for n in notes.used(stmt))
        if plain.verdict == PROVED or ("a definition or condition" in plain.reason
                                       and not constant and not derived):
            return plain  # z = 0 after z = wa + b: a condition; s = 1/2 after s = sigma(0):
            # a claim about the number s stands for
        renamed = "a definition or condition" in plain.reason and not derived
    step = decide(with_defs, claim)
    if renamed and step.verdict == REFUTED:
        return Step(claim, step.method, UNKNOWN, "not the value defined before (" + ", ".join(
            f"${_tex(sp.Symbol(n))} = {_tex(notes.variables[n][0])}$"
            for n in sorted(notes.used(stmt))) + f"): {step.reason}; if it names the value "
            "anew, write \"let\"")
    said = f"with the definitions ({', '.join(sorted(notes.used(stmt)))}) substituted: "
    if step.verdict == REFUTED:
        return Step(claim, step.method, REFUTED, said + step.reason, step.rules)
    return certify_all(claim, step.method, [step], said + step.reason) \
        if step.verdict == PROVED else step


def _layer_premise(full: str, source: str) -> tuple | None:
    """The premise of ``full`` (``premise \\implies source``) when it only bounds the layer
    letters ``l``, ``L`` (``1 \\le l < L``), as relationals; else None."""
    if full == source:
        return None
    head = full[:len(full) - len(source)]
    try:
        st = parse(head.rsplit("\\implies", 1)[0])
        rels = tuple(r.relational() for r in st.relations)
    except (NotUnderstood, ValueError):
        return None
    names = {s.name for r in rels for s in r.free_symbols}
    return rels if rels and names <= {"l", "L"} else None


def check_file(path: str, cache: Cache | None = None) -> list[Result]:
    """``check_text`` of the file at ``path`` (``-``: standard input; InputError if it cannot
    be read); in a ``.tex`` file, ``%`` comments are dropped first (line numbers are kept);
    of a Jupyter notebook (``.ipynb``), the Markdown cells."""
    text = read_notes(path)
    if is_notebook(path):  # the Markdown cells; each result says its cell and line there
        text, where = markdown(text, path)
        return [replace(r, cell=where[r.line - 1][0], line=where[r.line - 1][1])
                for r in check_text(text, cache=cache)]
    claims = None
    if path.endswith(".tex") or (path == "-" and "\\begin{document}" in text):
        claims = Claims(text)  # derive's anchors are comments: found before they are dropped
        text = tex_macros(_TEX_COMMENT.sub("", text))
    return check_text(text, cache=cache, claims=claims)
