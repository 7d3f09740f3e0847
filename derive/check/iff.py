r"""Equivalences: ``P \iff Q`` (also ``\Leftrightarrow``, ``\Longleftrightarrow``, ``\text{iff}``;
in words "$P$ iff $Q$", "$P$ if and only if $Q$", which the reader joins into one span) is the
two implications ``P \implies Q`` and ``Q \implies P``, each decided as any implication
(with the premise the prose gave the whole, and half of the equation's time left each);
the conjunction is the kernel's ``certify_all``: proved when both are, refuted when one is
(its counterexample), else unknown."""

from __future__ import annotations

import re
from collections.abc import Callable

from derive import clock
from derive.check.common import _deadline
from derive.parse import top_level
from derive.proof import Step, certify_all

_IFF = re.compile(r"\\(?:iff|Leftrightarrow|Longleftrightarrow)(?![A-Za-z])|⇔|"
                  r"\\(?:text|mbox|textrm)\s*\{\s*(?:iff|if and only if)\s*\}")
_NESTED = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|forall|to|rightarrow)(?![A-Za-z])"
                     r"|[⇒∀]")
# "$P$ iff $Q$" in the prose between two spans of one line
IFF_PROSE = re.compile(r"\s*,?\s*(?:iff|if and only if|exactly when|precisely when)\s*", re.I)


def iff_sides(source: str) -> tuple[str, str] | None:
    r"""``(P, Q)`` for ``P \iff Q`` with one equivalence at the top level and no other
    connective of implication in either side; else None (read as before: ``\iff`` elsewhere
    is refused by the grammar, named)."""
    hits = top_level(source, _IFF)
    if len(hits) != 1:
        return None
    p, q = source[:hits[0].start()].strip(), source[hits[0].end():].strip()
    if not p or not q or _NESTED.search(p) or _NESTED.search(q):
        return None
    return p, q


def decide_iff(p: str, q: str, premise: str | None, claim: str,
               decide: Callable[[str, str], Step]) -> Step:
    r"""``P \iff Q`` (under ``premise``, the condition the prose gives it, if any) as
    ``P \implies Q`` and ``Q \implies P``; ``decide(source, full)`` decides one implication
    (``full``: with the premise joined to its own)."""
    steps = []
    saved = _deadline[0]
    try:
        for k, (a, b) in enumerate(((p, q), (q, p))):
            now = clock.now()
            _deadline[0] = saved if k else now + max(saved - now, 0.0) / 2
            source = f"{a} \\implies {b}"
            full = source if premise is None else f"{premise}, {a} \\implies {b}"
            steps.append(decide(source, full))
    finally:
        _deadline[0] = saved
    p, q = (re.sub(r"\\([lg]e)q?slant(?![A-Za-z])", r"\\\1", x) for x in (p, q))  # (shown)
    return certify_all(claim, "+".join(dict.fromkeys(s.method for s in steps)), steps,
                       f"both directions: ${p} \\implies {q}$: {steps[0].reason}; "
                       f"${q} \\implies {p}$: {steps[1].reason}")
