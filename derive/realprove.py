r"""PLACEHOLDER for the real-analysis prover (the "prover" helper's module replaces this file).

``decide(slack, strict, domain, claim, seconds)``: ``slack >= 0`` (``> 0`` if ``strict``) at
every real point of ``slack``'s free symbols (1 or 2) that satisfies every relational in
``domain`` and where ``slack`` is real and defined. This placeholder decides nothing: it
always answers ``unknown`` ("no engine yet"), so callers keep their own certificates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from derive.proof import UNKNOWN, Step


def decide(slack: sp.Expr, strict: bool, domain: Sequence[sp.Basic], claim: str,
           seconds: float = 8.0) -> Step:
    """Always ``unknown``: no engine yet (placeholder with the prover's signature)."""
    return Step(claim, "realprove", UNKNOWN, "no engine yet")
