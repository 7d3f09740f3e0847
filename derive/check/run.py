r"""Checking a file: extract, parse, decide each equation within its time, qualify
refutations by conditions on the same line."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from derive.check.common import (
    EQUATION_SECONDS,
    FILE_SECONDS,
    MAX_EQUATIONS,
    _deadline,
)
from derive.check.decide import decide
from derive.check.extract import _TEX_COMMENT, extract, read_notes, split_statements
from derive.check.matrix import decide_matrix, is_matrix_form
from derive.parse import NotUnderstood, Statement, parse
from derive.proof import (
    REFUTED,
    UNKNOWN,
    Step,
    StepTimeout,
    certify_all,
    time_limit,
)


@dataclass(frozen=True)
class Result:
    """The verdict on one equation, with a one-line reason."""

    line: int
    source: str
    verdict: str
    reason: str
    method: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"line": self.line, "source": self.source, "verdict": self.verdict,
                "reason": self.reason, "method": self.method,
                "seconds": round(self.seconds, 3)}


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
