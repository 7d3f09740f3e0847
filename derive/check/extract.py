r"""Finding the equations in Markdown/LaTeX notes: math in ``$...$``, ``$$...$$``,
``\(...\)``, ``\[...\]`` and the ``equation``, ``align``, ``gather``, ``multline``
(``displaymath``, ``eqnarray``, ``flalign``, ``alignat``) environments (starred too), with
the line each starts on; fenced and inline code are skipped; ``align`` rows (split at
``\\``) are separate equations unless a row starts with a relation (``&= ...``), which
continues the previous row."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace

from derive.errors import InputError
from derive.parse import (
    OVERSET,
    VARIABLE_LIST,
    NotUnderstood,
    enclosed,
    parse,
    readable,
    top_level,
)

MAX_FILE_BYTES = 1_000_000  # larger notes files are refused (exit 2)


@dataclass(frozen=True)
class Span:
    """One equation as found: the line it starts on and its text without delimiters."""

    line: int
    source: str
    problem: str = ""  # set for an unterminated delimiter
    before: str = ""  # the prose on the same line just before an inline span ("for all")
    step: bool = False  # an align row continuing a derivation (its left side is the last
    # side of the row before)
    gap: str = ""  # all the prose since the span before (over line breaks; displays too)
    after: str = ""  # the prose on the same line just after it, up to the next span
    functions: tuple = ()  # the functions the notes defined before it (parse.Function)


_OPEN = re.compile(r"```|`|\\begin\{(equation|align|gather|multline|displaymath|eqnarray|"
                   r"flalign|alignat)(\*?)\}|\$\$|"
                   r"(?<!\\)\\\[|(?<!\\)\\\(|\\\$|\$")  # "\\[2pt]" is a line break, not math
_BLANK = re.compile(r"\n[ \t]*\n")
_INNER_ENV = re.compile(r"\\(begin|end)\{(aligned|split|gathered)\}")
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
# a row starting with a relation (not "\left", which starts with "\le")
_REL_START = re.compile(r"^\s*(=|<|>|\\le|\\ge|\\leq|\\geq|\\leqslant|\\geqslant|\\approx|"
                        r"\\neq)(?![A-Za-z])")


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
    last_end = 0
    ends: list[tuple[int, int]] = []  # (the span before the prose, where the prose starts)
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
        gap = text[last_end:m.start()]
        prose = gap.rsplit("\n", 1)[-1]
        last_end = i
        if tok in ("`", "```"):
            continue
        if ends and ends[-1][0] == len(spans) - 1:
            spans[-1] = replace(spans[-1], after=text[ends[-1][1]:m.start()].split("\n")[0])
        count = len(spans)
        body = _INNER_ENV.sub(" ", text[start:j])
        if tok.startswith("\\begin{alignat"):
            body = re.sub(r"^\s*\{\s*\d+\s*\}", " ", body)  # alignat's number of columns
        if (tok.startswith("\\begin") and m[1] in ("align", "gather", "eqnarray", "flalign",
                                                     "alignat")) or "\\\\" in body:
            spans.extend(_rows(body, line_of(start)))
        elif body.strip():
            spans.append(Span(line_of(start + len(body) - len(body.lstrip())), body.strip(),
                              before=prose if tok in ("$", "\\(") else "", gap=gap))
        if len(spans) > count:  # (empty math, "\\( \\)", is no span: the prose goes on)
            ends.append((len(spans) - 1, i))
    if ends and ends[-1][0] == len(spans) - 1:
        spans[-1] = replace(spans[-1], after=text[ends[-1][1]:].split("\n")[0])
    return spans


_NESTED = re.compile(r"\\(begin|end)\s*\{\s*([A-Za-z]+\*?)\s*\}")


def _rows(body: str, first_line: int) -> list[Span]:
    """``align`` rows split at ``\\``; a row starting with a relation continues the last."""
    out: list[Span] = []
    line = first_line
    nested: list[str] = []  # the environments open at the start of the row (cases, matrix)
    for row in body.split("\\\\"):
        lead = row[: len(row) - len(row.lstrip())]
        row_line = line + lead.count("\n")
        line += row.count("\n")
        inside = nested[-1] if nested else None
        for m in _NESTED.finditer(row):
            if m[1] == "begin":
                nested.append(m[2])
            elif nested:
                nested.pop()
            inside = inside or m[2]
        src = _without_note(OVERSET.sub(r" \2 ", _INTERTEXT.sub(" ", row))).strip()
        if not src:
            continue
        if inside:  # "\begin{cases} a & z < 0 \\ b & z = 0 \\ ...": a row of a case, no claim
            out.append(Span(row_line, src, f"a row of the {inside} "
                            "environment (a definition by cases or a matrix, not read: write "
                            "each case as a claim with its condition)"))
            continue
        if out and _REL_START.match(src.replace("&", "")):
            side = last_side(out[-1].source)
            out.append(Span(row_line, f"{side} {src}", step=True))
        else:
            out.append(Span(row_line, src))
    return out


# prose between align rows: \intertext{and therefore}
_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*\{(?:[^{}]|\{[^{}]*\})*\}")
# what makes a second column a condition rather than a justification
_CONDITION_MARK = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|leqslant|geqslant|neq|ne|lt|gt|in|notin|"
                             r"forall)(?![A-Za-z])|[≤≥≠∈∀]")


def _without_note(row: str) -> str:
    r"""An align row without its justification column: ``Q && \text{(quotient rule)}``,
    ``Q && \text{by definition of } \sigma`` -> ``Q`` (no relation, ``\in`` or ``\forall``
    anywhere in it, inside the text too); a condition, ``Q && x \ge 0``, stays."""
    head, sep, note = row.partition("&&")
    return head if sep and note.strip() and not _CONDITION_MARK.search(note) else row


_REL_ANY = re.compile(r"=|<|>|\\(?:le|ge|leq|geq|leqslant|geqslant|approx|neq|ne|lt|gt)"
                      r"(?![a-zA-Z])")


def split_relations(source: str) -> tuple[list[str], list[str]]:
    r"""The sides and the relations outside brackets: ``a = b \le c`` -> ``(["a", "b", "c"],
    ["=", "\le"])``."""
    sides, ops, start = [], [], 0
    for m in top_level(source, _REL_ANY):
        sides.append(source[start:m.start()])
        ops.append(m[0])
        start = m.end()
    sides.append(source[start:])
    return [x.replace("&", " ").strip() for x in sides], ops


def last_side(source: str) -> str:
    r"""The text after the last relation outside brackets (``a = b \le c`` -> ``c``), so
    that an align row ``&= d`` is checked as the step ``c = d``."""
    return split_relations(source)[0][-1]


_UP = {"=": "=", "\\le": "\\le", "\\leq": "\\le", "\\leqslant": "\\le", "<": "<", "\\lt": "<"}
_DOWN = {"=": "=", "\\ge": "\\ge", "\\geq": "\\ge", "\\geqslant": "\\ge", ">": ">", "\\gt": ">"}


def combined(ops: list[str]) -> str | None:
    r"""The relation a derivation's steps give between its first and last sides (``=`` and
    ``\le`` give ``\le``; ``<`` anywhere gives ``<``), or None (``\le`` with ``\ge``)."""
    for table, strict, weak in ((_UP, "<", "\\le"), (_DOWN, ">", "\\ge")):
        if all(o in table for o in ops):
            kinds = {table[o] for o in ops}
            return strict if strict in kinds else weak if weak in kinds else "="
    return None


def read_notes(path: str) -> str:
    """The text of a notes file; InputError if it cannot be read, is too large, or is
    binary / not UTF-8."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
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


_SO = re.compile(r"\\(?:therefore|because)(?![A-Za-z])")
_SEPARATOR = re.compile(r"\\q?quad(?![A-Za-z])|(?<!\\)[,;]|&&|\\(?:therefore|because)(?![A-Za-z])")
# equation numbers and labels: not part of a statement (``Q \tag{3}``, ``Q \label{eq:q}``)
_ANNOTATION = re.compile(r"\\label\s*\{[^{}]*\}|\\tag\*?\s*\{[^{}]*\}|"
                         r"\\no(?:number|tag)(?![A-Za-z])")
_IMPLIES = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|to|rightarrow|longrightarrow)"
                      r"(?![A-Za-z])")
_OR = re.compile(r"\\lor(?![A-Za-z])|\\vee(?![A-Za-z])|\\(?:text|mbox)\s*\{\s*or\s*\}")
_AND_WORD = re.compile(r"\s*\\(?:text|mbox)\s*\{\s*and\s*\}\s*")
_AND = re.compile(r"\\land(?![A-Za-z])|\\wedge(?![A-Za-z])|,")


def split_statements(source: str) -> list[str]:
    r"""``a = b, \quad c \le d`` -> ``["a = b", "c \le d"]``: split at ``\quad``,
    ``\qquad``, ``,``, ``;``, ``\therefore`` and ``\because`` outside brackets (``\,`` and
    ``\;`` are spacing): each part is asserted."""
    source = _ANNOTATION.sub(" ", readable(source))
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
    parts = [p for p in parts if p.replace("&", "").strip() and not _AND_WORD.fullmatch(p)
             ] or [source]
    if len(_QUALIFIERS.findall(source)) > 1:  # "Q \quad \text{for } P, \qquad R \quad
        cuts = list(top_level(source, _NEXT_CLAIM))  # \text{for } S": Q if P, R if S
        pieces = [source[a:b].strip() for a, b in zip(
            [0, *(m.end() for m in cuts)], [*(m.start() for m in cuts), len(source)])]
        if len(pieces) > 1 and all(len(_QUALIFIERS.findall(p)) == 1 for p in pieces):
            return [case for p in pieces for case in split_statements(p)]
    elif _QUALIFIERS.search(source) and (cuts := list(top_level(source, _NEXT_CLAIM))):
        first = source[:cuts[0].start()]  # "Q \quad 	ext{for } P, \qquad R": P is Q's only
        rest = source[cuts[0].end():]
        if _QUALIFIERS.search(first) and not re.search(r"\\(?:text|mbox|textrm)\b", rest):
            return [*split_statements(first), *split_statements(rest)]
    if _QUANTIFIED.search(source) or VARIABLE_LIST.match(source):
        return _cases(source)  # a quantifier or premise binds the parts together; x, y > 0
    if len(parts) > 1 and (m := _ON_INTERVAL.fullmatch(parts[-1])) and (
            var := _one_variable(parts[:-1])):
        parts[-1] = f"{var} \\in {m[1]}"  # "Q \quad \text{on } [0, 1]": Q's one variable
    while (len(parts) > 2 and _is_bound(parts[-1]) and _is_bound(parts[-2])
           and not _is_bound(parts[0])):
        parts[-2:] = [f"{parts[-2]},{parts[-1]}"]  # "Q, \quad x > -1, x \ne 0": both bounds
    while len(parts) > 2 and _is_bound(parts[-1]) and _VAR_LIST.fullmatch(parts[-2]):
        parts[-2:] = [f"{parts[-2]},{parts[-1]}"]  # "..., \quad x, y > 0": one bound
    if len(parts) == 1 and (m := _TRAILING_GROUP.search(source)) and (
            _is_bound(m[1]) or _bounds(m[1])):
        parts = [source[:m.start()], m[1]]  # "\tanh x \le x \ \ (x \ge 0)", "(x > -1, x \ne 0)"
    if len(parts) > 1 and (_is_bound(parts[-1]) or _bounds(parts[-1])) and not any(
            _is_bound(p) for p in parts[:-1]) and not _SO.search(source):  # (Q \therefore
        # x > 0: a claim said to follow, never Q's domain)
        # "e^{-x} \le \frac{1}{1 + x}, \quad x > -1": a bound on the variables written after
        # the claims is their domain (a bound on a free variable is never a claim)
        bound = _unwrap(parts[-1])
        return [f"{bound} \\implies {p}" for p in parts[:-1]]
    return [case for p in parts for case in _cases(p)]


# a quantifier or a condition in words inside math, and a comma then \quad: the next claim
_QUALIFIERS = re.compile(r"\\forall(?![A-Za-z])|\\(?:text|textrm|mathrm|mbox)\s*\{\s*(?:for(?:\s+"
                         r"(?:all|every|each|any))?|where|whenever|when|if)\s*\}")
_NEXT_CLAIM = re.compile(r",\s*\\q?quad(?![A-Za-z])")
_ON_INTERVAL = re.compile(r"\s*\\text\s*\{\s*(?:on|over|in)\s*\}\s*((?:\\left\s*)?[\[(][^\[\]()]*"
                          r"(?:\\right\s*)?[\])])\s*[.,;]?\s*")


def _one_variable(parts: list[str]) -> str | None:
    """The one variable of the claims ``parts`` (LaTeX, a letter with maybe an index), or
    None when they have none, several, or do not parse."""
    names: set[str] = set()
    for part in parts:
        try:
            st = parse(part)
        except NotUnderstood:
            return None
        exprs = [e for r in st.relations for e in (r.lhs, r.rhs)] if st.premise is None else []
        if not exprs:
            return None
        names |= {x.name for e in exprs for x in e.free_symbols}
    if len(names) != 1 or not re.fullmatch(r"[A-Za-z](?:_[A-Za-z0-9]+)?", name := names.pop()):
        return None
    return name




def _cases(part: str) -> list[str]:
    r"""``x < 0 \lor x > 0 \implies Q`` -> ``["x < 0 \implies Q", "x > 0 \implies Q"]``: a
    premise that is a disjunction holds the claim in each of its cases (both must be proved,
    one refuted case refutes it). A case that is itself a conjunction (``\land`` and ``\lor``
    mixed without brackets) is left for the reader to refuse."""
    imp = top_level(part, _IMPLIES)
    if not imp:
        return [part]
    head, rest = part[:imp[0].start()], part[imp[0].end():]
    ors = top_level(head, _OR)
    if not ors:
        return [part]
    cuts = [0, *(x for m in ors for x in (m.start(), m.end())), len(head)]
    pieces = [head[a:b] for a, b in zip(cuts[::2], cuts[1::2])]
    if any(not p.strip() or top_level(p, _AND) for p in pieces):
        return [part]
    return [f"{_unwrap(p)} {imp[0][0]} {rest}" for p in pieces]


# "Q \ \ (x \ge 0)", "Q (x > 0)": a parenthesised group ending the display, after a space
_TRAILING_GROUP = re.compile(r"(?:\\[ ,;:!]|\s)\s*\(([^()]*)\)\s*[.,;]?\s*$")
_BOUND_REL = re.compile(r"\\(?:leq?|geq?)(?:slant)?(?![A-Za-z])|\\[lg]t(?![A-Za-z])|"
                        r"\\neq?(?![A-Za-z])|<|>")
_ONE_VAR = r"[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?"
_VAR_LIST = re.compile(rf"\s*(?:{_ONE_VAR}|\|\s*{_ONE_VAR}\s*\|)(?:\s*,\s*{_ONE_VAR})*\s*")
_CONSTANT_COMMANDS = re.compile(r"\\(?:[dt]?frac|pi|sqrt|infty|cdot|left|right)(?![A-Za-z])")
_REALS_SET = re.compile(r"(?:\\mathbb\s*\{?\s*R\s*\}?|\\R(?![A-Za-z]))"
                        r"(?:(?:\s*[_^]\s*(?:\{[^{}]*\}|[+*0]))*|\s*\\setminus\s*\\?\{\s*0\s*\\?\})")


def _unwrap(text: str) -> str:
    t = re.sub(r"^(?:\s|\\[,;:! ]|~)+", "", text.replace("&", " ")).strip().rstrip(".,;").strip()
    return t[1:-1] if enclosed(t) else t


def _bounds(text: str) -> bool:
    r"""Whether ``text`` is bounds joined by commas, each a bound on its own: ``x > -1, x \neq
    0`` (a list ``x, y > 0`` is one bound, ``_is_bound``)."""
    text = _unwrap(text)
    pieces = [p.start() for p in top_level(text, re.compile(","))]
    cuts = [0, *[i + 1 for i in pieces]]
    parts = [text[a:b].rstrip(",") for a, b in zip(cuts, [*pieces, len(text)])]
    return len(parts) > 1 and all(_is_bound(p) for p in parts)


def is_bound(text: str) -> bool:
    """Whether ``text`` is a bound on variables only (``x > 0``, ``0 < x \\le 1``)."""
    return _is_bound(text)


def _is_constant(text: str) -> bool:
    r"""Text of numbers, ``\pi``, fractions, roots and ``\mathbb{R}`` only (no variable)."""
    if _REALS_SET.fullmatch(text.strip()):
        return True
    t = _CONSTANT_COMMANDS.sub("1", text)
    return bool(t.strip()) and not re.search(r"[A-Za-z\\]", t)


def _is_bound(text: str) -> bool:
    r"""Whether ``text`` is a bound on variables and nothing else: ``x > -1``,
    ``0 < x < \frac{\pi}{2}``, ``|x| \le 1``, ``x, y \ge 0``, ``x \neq 0``,
    ``x \in (0, 1)``, ``x \in \mathbb{R}`` (maybe in parentheses)."""
    t = _unwrap(readable(text))
    if m := re.fullmatch(r"(.*?)\\in(?![A-Za-z])(.*)", t, re.S):
        return bool(_VAR_LIST.fullmatch(m[1])) and _is_constant(m[2])
    pieces = _BOUND_REL.split(t)
    if len(pieces) < 2:
        return False
    kinds = [bool(_VAR_LIST.fullmatch(p)) for p in pieces]
    return sum(kinds) == 1 and all(k or _is_constant(p) for k, p in zip(kinds, pieces))


_QUANTIFIED = re.compile(r"\\forall(?![A-Za-z])|\\implies(?![A-Za-z])|\\Rightarrow(?![A-Za-z])|"
                         r"\\Longrightarrow(?![A-Za-z])|\\text\s*\{\s*(?:for|where|whenever|when|if)\b")


_MATHY = re.compile(r"\\(?:frac|sigma|partial|sum|le|ge|ln|log|exp|sin|cos|tan|sinh|cosh|tanh|"
                    r"arctan|sqrt|cdot)(?![A-Za-z])|\w\^\{?\w|\w_\{?\w+\}?\s*=")


def math_outside_delimiters(path: str) -> str:
    """For a file with no delimited equation: where math-looking text sits (``\\frac``,
    ``x^2``, ``z_j =``), as a hint, or ``""``."""
    try:
        text = read_notes(path) if path != "-" else ""
    except InputError:
        return ""
    for n, line in enumerate(text.splitlines(), 1):
        if _MATHY.search(line):
            shown = line.strip()
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            return f"math-looking text at line {n}: {shown!r}; put equations in $...$ or \\[...\\]"
    return ""


_MACRO = re.compile(r"\\(?:(?:re)?newcommand|providecommand)\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*"
                    r"(?:\[(\d)\])?\s*\{"
                    r"|\\def\s*\\([A-Za-z]+)\s*\{|\\DeclareMathOperator\*?\s*\{\s*\\([A-Za-z]+)\s*\}\s*\{")


def _braced(text: str, i: int) -> int:
    """Index just after the brace group whose ``{`` is at ``i - 1``, or -1."""
    depth = 1
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


def _definitions(text: str) -> list[tuple[re.Match, int, str, int, str]]:
    """Every macro definition of ``text``: (match, end, name, number of arguments, body)."""
    out = []
    for m in _MACRO.finditer(text):
        end = _braced(text, m.end())
        if end < 0:
            continue
        body = text[m.end():end - 1]
        if m[4]:
            body = rf"\operatorname{{{body}}}"
        out.append((m, end, m[1] or m[3] or m[4], int(m[2] or 0), body))
    return out


def _derive_display_macros() -> dict[tuple[str, int, str], int]:
    r"""derive's own display macros, exactly as ``derive notes`` defines them (``FITMATH``):
    ``\fitmath{X}`` typesets X (scaled to the line if wider), ``\fitsplit{A}{B}`` typesets A
    or, if A is wider than the line, B, the same content split over lines: both show their
    first argument's mathematics. (name, arguments, body) -> the argument shown."""
    from derive.latex import FITMATH

    return {(name, n, body): 1 for source in (FITMATH, _TEX_COMMENT.sub("", FITMATH))
            for _, _, name, n, body in _definitions(source)}


def _apply_arguments(text: str, name: str, nargs: int, show: Callable[[list[str]], str]) -> str:
    r"""Every ``\name{a1}...{an}`` of ``text`` replaced by ``show([a1, ..., an])`` followed by
    the newlines of the arguments not shown (line numbers stay); a use whose arguments are
    not all braced is left as written."""
    pattern = re.compile(r"\\" + name + r"(?![A-Za-z])\s*")
    out, i = [], 0
    while (m := pattern.search(text, i)) is not None:
        args, j = [], m.end()
        for _ in range(nargs):
            while j < len(text) and text[j] in " \t":
                j += 1
            if j >= len(text) or text[j] != "{":
                break
            end = _braced(text, j + 1)
            if end < 0:
                break
            args.append(text[j + 1:end - 1])
            j = end
        if len(args) < nargs:
            out.append(text[i:m.end()])
            i = m.end()
            continue
        shown = show(args)
        out += [text[i:m.start()], shown,
                "\n" * max(0, text.count("\n", m.start(), j) - shown.count("\n"))]
        i = j
    out.append(text[i:])
    return "".join(out)


def _substitute(body: str, args: list[str]) -> str:
    return re.sub(r"#([1-9])", lambda k: args[int(k[1]) - 1] if int(k[1]) <= len(args)
                  else k[0], body)


def tex_macros(text: str) -> str:
    r"""A LaTeX document as derive check reads it: macros defined by ``\newcommand``,
    ``\renewcommand``, ``\providecommand`` (unless already defined), ``\def`` and
    ``\DeclareMathOperator`` are expanded in the body (with arguments ``#1``...: when every
    argument is braced); derive's own display macros ``\fitmath{X}`` and
    ``\fitsplit{A}{B}`` (recognised by their exact definition, ``derive.latex.FITMATH``) are
    read as the mathematics they show, X and A; the definitions and the preamble are blanked
    (newlines kept, so line numbers stay)."""
    macros: dict[str, tuple[int, str]] = {}
    shows: dict[str, tuple[int, int]] = {}
    derive_macros = _derive_display_macros()
    out = list(text)
    for m, end, name, nargs, body in _definitions(text):
        if m[0].startswith(r"\providecommand") and (name in macros or name in shows):
            pass  # \providecommand leaves a macro already defined as it is
        elif (name, nargs, body) in derive_macros:
            shows[name] = (nargs, derive_macros[(name, nargs, body)])
            macros.pop(name, None)
        else:
            macros[name] = (nargs, body)
            shows.pop(name, None)
        for k in range(m.start(), end):
            if out[k] != "\n":
                out[k] = " "
    blanked = "".join(out)
    begin = blanked.find(r"\begin{document}")
    if begin >= 0:
        head = re.sub(r"[^\n]", " ", blanked[:begin + len(r"\begin{document}")])
        blanked = head + blanked[begin + len(r"\begin{document}"):]
    for name, (nargs, k) in shows.items():
        blanked = _apply_arguments(blanked, name, nargs, lambda a, k=k: a[k - 1])
    if not macros:
        return blanked
    plain = {n: b for n, (nargs, b) in macros.items() if nargs == 0}
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, plain), key=len, reverse=True))
                         + r")(?![A-Za-z])") if plain else None
    for _ in range(5):  # macros that use macros
        new = blanked
        if pattern is not None:
            new = pattern.sub(lambda k: plain[k[1]], new)
        for name, (nargs, body) in macros.items():
            if nargs:
                new = _apply_arguments(new, name, nargs, lambda a, b=body: _substitute(b, a))
        if new == blanked or len(new) > 2 * MAX_FILE_BYTES:  # done, or a runaway expansion
            break
        blanked = new
    return blanked
