r"""Finding the equations in Markdown/LaTeX notes: math in ``$...$``, ``$$...$$``,
``\(...\)``, ``\[...\]`` and the ``equation``, ``align``, ``gather``, ``multline``
environments (starred too), with the line each starts on; fenced and inline code are
skipped; ``align`` rows (split at ``\\``) are separate equations unless a row starts with a
relation (``&= ...``), which continues the previous row."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from derive.errors import InputError

MAX_FILE_BYTES = 1_000_000  # larger notes files are refused (exit 2)


@dataclass(frozen=True)
class Span:
    """One equation as found: the line it starts on and its text without delimiters."""

    line: int
    source: str
    problem: str = ""  # set for an unterminated delimiter


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
    parts = [p for p in parts if p.strip()] or [source]
    if _QUANTIFIED.search(source):  # a quantifier or premise binds the parts together
        return [source]
    return parts


_QUANTIFIED = re.compile(r"\\forall(?![A-Za-z])|\\implies(?![A-Za-z])|\\Rightarrow(?![A-Za-z])|"
                         r"\\Longrightarrow(?![A-Za-z])|\\text\s*\{\s*(?:for|where|whenever|when|if)\b")
