r"""derive's own notes read back: the displays ``derive notes`` writes carry an anchor, a
LaTeX comment line just before them naming the claim and the part shown::

    % derive: claim sigmoid.max step 3
    \begin{gather*}\fitmath{...}\end{gather*}

(``statement``, ``step K``, ``reason K`` or ``evidence``; ``derive.latex.anchor``; also
``% derive: notation`` and ``% derive: figure NAME``; ``heading``, ``row K`` and ``reasons``
in ``derive prove --format latex``). When an equation of a .tex file
starts in the text right after an anchor, the claim is run again (once per file, through
the kernel as always) and its part rendered as the notes render it today; if the
file's text there is exactly that rendering, the equation's verdict is the kernel's verdict
for that step (the claim's verdict for its statement), with the reason "re-proved by
derive's claim <id>, step K". If the text differs in any character (a user edited
``\frac14`` into ``\frac13``) or the claim is not registered, the anchor is ignored and the
equation is read like any other. Evidence lists (float sweeps, Monte Carlo) and the
paragraph that gives a step's reason are not statements: their math is reported as
``expression``, never as proved.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from derive.proof import EVIDENCE, PROVED, REFUTED, UNKNOWN, Proof

EXPRESSION = "expression"
METHOD = "claim"  # a Result's method for an equation decided by re-running derive's claim

_ANCHOR = re.compile(r"^[ \t]*%[ \t]*derive:[ \t]*(?:claim[ \t]+(\S+)[ \t]+"
                     r"(statement|evidence|heading|reasons|(step|reason|row)[ \t]+(\d+))|"
                     r"(notation)|"
                     r"(figure)[ \t]+(\S+))[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Anchor:
    """One anchor: the claim (a figure's name for ``figure``), the part (``statement``,
    ``step``, ``reason``, ``evidence``, ``notation``, ``figure``; ``heading``, ``row``,
    ``reasons`` in ``derive prove --format latex``), the step's number (1-based; 0
    otherwise) and where the anchored text starts (offset, 1-based line)."""

    claim_id: str
    part: str
    step: int
    offset: int
    line: int


def find_anchors(text: str) -> list[Anchor]:
    """The anchors of ``text`` (the raw file, comments included), in order."""
    out = []
    for m in _ANCHOR.finditer(text):
        offset = m.end() + 1  # the line after the anchor
        if offset > len(text):
            continue
        name = m[1] or m[7] or ""
        part = m[3] or m[2] or m[5] or m[6]
        out.append(Anchor(name, part, int(m[4] or 0), offset, text.count("\n", 0, offset) + 1))
    return out


class Claims:
    """The anchors of one file and the claims they name, each run at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.anchors = find_anchors(text)
        self._lines = [a.line for a in self.anchors]
        self._proofs: dict[str, Proof | None] = {}
        self._spans: dict[int, tuple[int, int] | None] = {}  # anchor index -> its lines

    def proof(self, claim_id: str) -> Proof | None:
        """The claim's proof, run now (once per file); None if no such claim is registered
        or it fails to run."""
        if claim_id not in self._proofs:
            self._proofs[claim_id] = _run(claim_id)
        return self._proofs[claim_id]

    def _rendered(self, anchor: Anchor) -> str | None:
        from derive import latex

        if anchor.part in ("notation", "figure"):
            return _document_part(anchor)
        proof = self.proof(anchor.claim_id)
        if proof is None:
            return None
        if anchor.part == "statement":
            return latex.statement_display(proof.statement)
        if anchor.part == "heading":
            return latex.proof_heading(proof)
        if anchor.part == "reasons":
            return latex.proof_reasons(proof) if proof.steps else None
        if anchor.part == "evidence":
            return latex.evidence_display(proof.evidence) if proof.evidence else None
        if not 1 <= anchor.step <= len(proof.steps):
            return None
        step = proof.steps[anchor.step - 1]
        if anchor.part == "reason":
            return latex.step_paragraph(anchor.step, step)
        if anchor.part == "row":
            return latex.proof_row(proof, anchor.step)
        return latex.step_display(step.claim)

    def _matched_lines(self, k: int) -> tuple[int, int] | None:
        """The lines (first, last) of anchor ``k``'s text when it is exactly what the claim
        renders today, else None."""
        if k not in self._spans:
            a = self.anchors[k]
            want = self._rendered(a)
            ok = want is not None and self.text.startswith(want, a.offset) and (
                a.offset + len(want) == len(self.text) or self.text[a.offset + len(want)] == "\n")
            self._spans[k] = (a.line, a.line + want.count("\n")) if ok else None
        return self._spans[k]

    def unmatched(self) -> list[Anchor]:
        """The anchors whose text is not (or no longer) what derive renders today: their
        equations are read as written."""
        return [a for k, a in enumerate(self.anchors) if self._matched_lines(k) is None]

    def decide(self, line: int) -> tuple[str, str, str] | None:
        """(verdict, reason, method) for an equation starting at ``line``, when it lies in
        the text of an anchor that matches the claim's current rendering; else None (the
        equation is read as written)."""
        k = bisect.bisect_right(self._lines, line) - 1
        if k < 0:
            return None
        lines = self._matched_lines(k)
        if lines is None or not lines[0] <= line <= lines[1]:
            return None
        a = self.anchors[k]
        if a.part == "notation":
            return ("definition", ("the notation of derive's notes: it defines the symbols "
                                   "the notes use, it is not a claim"), "notation")
        if a.part == "figure":
            return (EXPRESSION, (f"in the caption of derive's figure {a.claim_id}: a plot "
                                 "described (numerical), not a statement"), "figure")
        proof = self._proofs[a.claim_id]
        if a.part == "evidence":
            return (EXPRESSION, (f"evidence listed by derive's claim {a.claim_id} (numerical "
                                 "or statistical): not a statement, and not proof"), "evidence")
        if a.part in ("reason", "reasons"):
            which = f"for step {a.step}" if a.step else "for its steps"
            return (EXPRESSION, (f"in the reasons derive's claim {a.claim_id} gives {which}: "
                                 "an explanation, not a statement (each step is judged at its "
                                 "display)"), "reason")
        if a.part in ("statement", "heading"):
            return _statement_verdict(proof)
        return _step_verdict(proof, a.step)


def _document_part(anchor: Anchor) -> str | None:
    """The notation table, or a figure's caption line, as ``derive notes`` writes it today."""
    from derive import document

    if anchor.part == "notation":
        return document.notation_table()
    from derive.figures import FIGURES

    for spec in FIGURES:
        if spec.name == anchor.claim_id:
            return document.caption_tex(spec.name, spec.caption())
    return None


def _run(claim_id: str) -> Proof | None:
    from derive.proofs import get

    try:
        if claim_id.startswith("gamma."):  # sup |f'| of a registered activation, on demand
            from derive.proofs.activations import gamma_claim

            gamma_claim(claim_id[len("gamma."):])
        return get(claim_id).prove()
    except Exception:  # noqa: BLE001 (not registered, or it fails: the anchor is ignored)
        return None


def _words(verdict: str) -> str:
    return {PROVED: "re-proved", REFUTED: "refuted"}.get(verdict, "not proved")


def _check_verdict(verdict: str) -> str:
    """A kernel verdict as a check verdict: evidence is not proof (``unknown``)."""
    return verdict if verdict in (PROVED, REFUTED) else UNKNOWN


def _step_verdict(proof: Proof, k: int) -> tuple[str, str, str]:
    from derive.latex import method_words

    step = proof.steps[k - 1]
    verdict = str(step.verdict)
    extra = " (evidence, not proof)" if verdict == EVIDENCE else ""
    return (_check_verdict(verdict), (f"{_words(verdict)} by derive's claim {proof.id}, step "
                                      f"{k} ({method_words(step)}){extra}: {step.reason}"),
            METHOD)


def _statement_verdict(proof: Proof) -> tuple[str, str, str]:
    verdict = str(proof.verdict)
    if verdict == PROVED:
        how = f"every one of its {len(proof.steps)} steps proved"
    else:
        bad = [i for i, s in enumerate(proof.steps, 1) if str(s.verdict) != PROVED]
        how = f"its verdict is {verdict}" + (f" (step {bad[0]}: {proof.steps[bad[0] - 1].verdict})"
                                             if bad else "")
    return _check_verdict(verdict), f"{_words(verdict)} by derive's claim {proof.id}: {how}", \
        METHOD
