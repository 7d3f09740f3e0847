r"""Notes: the chapter's claims, their proofs and the figures, as a LaTeX document or snippet.

Everything is generated from the proofs themselves (``proofs.all_claims()``, each
``proofs.prove_many`` gives each ``Proof``): one section per family of CLAIMS.md, chosen by the claim id
(``FAMILIES``, rules as data: the most specific matching pattern wins, so
``exploding.window`` goes to *the problems* and ``exploding.construction`` to *exploding*).
Each claim shows its statement, one line per proof step (the step's claim, method, verdict
and reason), and its verdict and method in words. Plain text from reasons and evidence is
escaped (``latex.escape_text``); the output is ASCII and compiles with pdflatex or lualatex
using only amsmath, amssymb, graphicx and geometry (all in Debian's texlive-latex-base).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from derive.errors import InputError
from derive.latex import escape_text, is_plain_text, math_ascii
from derive.proof import EVIDENCE, PROVED, REFUTED, UNKNOWN, Proof

ENGINES = ("pdflatex", "lualatex")
COMPILE_SECONDS = 180  # one engine run; a runaway document is stopped, not waited for


# ----------------------------------------------------------------------------- families

@dataclass(frozen=True)
class Family:
    """A section of the notes: the claims whose ids match one of ``patterns``."""

    key: str
    title: str
    patterns: tuple[str, ...]
    intro: str = ""  # LaTeX: where the family is in the book


FAMILIES: tuple[Family, ...] = (
    Family("chain", "The chain and its gradient", ("chain.*",),
           r"A width-1 network of depth $L$: $a_0 = x$, $z_j = w_j a_{j-1} + b_j$, "
           r"$a_j = \sigma(z_j)$, cost $C(a_L)$; layers are numbered $1, \dots, L$ "
           r"(chapter 5, eq.~122)."),
    Family("activations", "Activation derivatives",
           ("sigmoid.*", "tanh.*", "relu.*", "softplus.*", "activation.*"),
           r"The bound $\sigma'(z) \le 1/4$ behind the vanishing gradient, and the bound "
           r"$\gamma = \sup |f'|$ of every activation."),
    Family("vanishing", "Vanishing gradients", ("vanishing.*",),
           r"Why $|\partial C / \partial b_1|$ shrinks with depth when the weights are small."),
    Family("exploding", "Exploding gradients", ("exploding.*",),
           r"Large weights with biases that keep $z_j$ near $0$ make every factor "
           r"$w_j \sigma'(z_j)$ large."),
    Family("problems", "The problems", ("exploding.necessary*", "exploding.window*",
                                        "identity_neuron*", "problem*"),
           r"Chapter 5, Problem 1 (when can $|w \sigma'(wa + b)| \ge 1$, and on how wide a "
           r"window of inputs) and Problem 2 (a neuron that passes its input through)."),
    Family("matrix", "Many neurons per layer", ("matrix.*", "network.*", "pascanu*"),
           r"General widths: $z^l = w^l a^{l-1} + b^l$, $\delta^l = \partial C / \partial z^l$, "
           r"$\Sigma'(z^l) = \operatorname{diag}(\sigma'(z^l))$."),
    Family("init", "Initialisation", ("init.*", "meanfield.*"),
           r"How the initial weights set the size of $z$ and the per-layer gradient factor."),
    Family("parity", "Depth and parity", ("parity.*",),
           r"Why some functions need depth: $n$-bit parity."),
)
OTHER = Family("other", "Other claims", ("*",), "Claims outside the families above.")


def family_of(claim_id: str) -> Family:
    """The family whose matching pattern is most specific (longest before its ``*``);
    ``OTHER`` when none matches."""
    best, best_len = OTHER, -1
    for fam in FAMILIES:
        for pat in fam.patterns:
            if fnmatch.fnmatchcase(claim_id, pat):
                n = len(pat.split("*", 1)[0])
                if n > best_len:
                    best, best_len = fam, n
    return best


def group(proofs: Sequence[Proof]) -> list[tuple[Family, list[Proof]]]:
    """Every family in ``FAMILIES`` order with its proofs (possibly none), then ``OTHER``
    if some proof matched no family. Proofs keep their order within a family."""
    by_key: dict[str, list[Proof]] = {f.key: [] for f in (*FAMILIES, OTHER)}
    for p in proofs:
        by_key[family_of(p.id).key].append(p)
    out = [(f, by_key[f.key]) for f in FAMILIES]
    if by_key[OTHER.key]:
        out.append((OTHER, by_key[OTHER.key]))
    return out


# ----------------------------------------------------------------------------- claims

VERDICT_WORDS = {
    PROVED: "proved: every step is an exact symbolic identity, an explicit certificate, an "
            "exact solve or a rigorous interval enclosure",
    REFUTED: "refuted: a step found a counterexample, checked exactly or with intervals",
    UNKNOWN: "unknown: at least one step could not be decided",
    EVIDENCE: "evidence only: the exact steps hold, the rest is numerical or statistical "
              "evidence, which is not proof",
}

# \fitmath{...}: display math scaled down to the line width only when it is wider.
FITMATH = r"""\makeatletter
\@ifundefined{derivefitbox}{\newsavebox{\derivefitbox}}{}
\providecommand{\fitmath}[1]{\sbox{\derivefitbox}{$\displaystyle #1$}%
  \ifdim\wd\derivefitbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\derivefitbox}}%
  \else\usebox{\derivefitbox}\fi}
\makeatother"""


def _label(claim_id: str) -> str:
    return "claim:" + re.sub(r"[^A-Za-z0-9.:-]", "-", claim_id)


def claim_block(proof: Proof, summary: str | None = None, heading: str = "subsection") -> str:
    """One claim: heading with its id, statement, numbered steps with reasons, verdict."""
    out = [rf"\{heading}{{\texttt{{{escape_text(proof.id)}}}}}\label{{{_label(proof.id)}}}"]
    if summary:
        out.append(escape_text(summary) + r"\par")
    out.append(r"\smallskip\noindent\textbf{Statement.}\par" "\n"
               r"{\centering\fitmath{" + math_ascii(proof.statement) + r"}\par}")
    if proof.steps:
        out.append(r"\smallskip\noindent\textbf{Proof.}" "\n" r"\begin{enumerate}")
        for s in proof.steps:
            claim = (escape_text(s.claim) if is_plain_text(s.claim)
                     else rf"\fitmath{{{math_ascii(s.claim)}}}")
            out.append(rf"  \item {claim}\\" "\n"
                       rf"  \textit{{{escape_text(s.method)}, {escape_text(s.verdict)}}}: "
                       rf"{escape_text(s.reason)}")
        out.append(r"\end{enumerate}")
    else:
        out.append(r"\smallskip\noindent\textbf{Proof.} No proof steps were recorded.\par")
    if proof.evidence:
        out.append(r"\noindent\textbf{Evidence (not proof).}" "\n" r"\begin{itemize}")
        out += [rf"  \item {escape_text(e)}" for e in proof.evidence]
        out.append(r"\end{itemize}")
    method = escape_text(proof.method) if proof.method else "no method"
    out.append(rf"\noindent\textbf{{Verdict: {proof.verdict}}} (method: {method}). "
               rf"{escape_text(VERDICT_WORDS[proof.verdict]).capitalize()}.\par")
    return "\n".join(out)


@dataclass(frozen=True)
class FigureRef:
    """A figure as the document includes it: path relative to the .tex, family, caption."""

    name: str
    family: str
    path: str
    caption: str


def _figure_tex(f: FigureRef) -> str:
    path = f.path.rsplit(".", 1)[0] if f.path.endswith((".pdf", ".png")) else f.path
    return (r"\begin{figure}[htbp]" "\n" r"\centering" "\n"
            rf"\includegraphics[width=0.75\linewidth]{{{path}}}" "\n"
            rf"\caption{{{f.caption}}}\label{{fig:{f.name}}}" "\n" r"\end{figure}")


def _family_extras(fam: Family) -> str:
    if fam.key == "problems":
        from derive.figures import window_width_tex

        return (r"\noindent For $|w| \ge 4$ the inputs $a$ with $|w \sigma'(wa + b)| \ge 1$ "
                r"form an interval of width" "\n" r"\[ W(|w|) = " + window_width_tex() + r" \]")
    if fam.key == "matrix":
        from derive.matrix import LATEX

        return (r"\noindent The product form of the error (chapter 5, eq.~124; chapter 2, "
                r"eq.~35):" "\n"
                r"\[" + LATEX["delta_product"] + r"\]")
    return ""


def _summary_table(proofs: Sequence[Proof]) -> str:
    rows = [rf"\texttt{{{escape_text(p.id)}}} & {p.verdict} & "
            rf"{escape_text(p.method) if p.method else '--'} \\" for p in proofs]
    return "\n".join([r"\begin{center}", r"\begin{tabular}{lll}", r"\hline",
                      r"claim & verdict & method \\", r"\hline", *rows, r"\hline",
                      r"\end{tabular}", r"\end{center}"])


def body(proofs: Sequence[Proof], summaries: dict[str, str] | None = None,
         figures: Sequence[FigureRef] = (), omit_empty: bool = False) -> str:
    """The sections: one per family (empty ones say so, or are left out with
    ``omit_empty``), its claims, then the family's figures."""
    summaries = summaries or {}
    parts = []
    for fam, members in group(proofs):
        if omit_empty and not members:
            continue
        parts.append(rf"\section{{{fam.title}}}\label{{sec:{fam.key}}}")
        if fam.intro:
            parts.append(r"\noindent " + fam.intro + r"\par")
        extra = _family_extras(fam)
        if extra:
            parts.append(extra)
        if not members:
            parts.append(r"\noindent\emph{No claims of this family are registered yet.}\par")
        parts += [claim_block(p, summaries.get(p.id)) for p in members]
        parts += [_figure_tex(f) for f in figures if f.family == fam.key]
    return "\n\n".join(parts)


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2.2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
""" + FITMATH


def document(proofs: Sequence[Proof], summaries: dict[str, str] | None = None,
             figures: Sequence[FigureRef] = (), version: str = "",
             omit_empty: bool = False) -> str:
    """A complete, standalone LaTeX document (ASCII); ``omit_empty`` leaves out the
    families without claims (for a selection of claims)."""
    counts = {v: sum(p.verdict == v for p in proofs) for v in VERDICT_WORDS}
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n) or "no claims"
    intro = (r"Every claim below was checked by \texttt{derive}" + (f" {escape_text(version)}"
             if version else "") + r" and this document was generated from the proofs "
             r"themselves. A claim is \emph{proved} only by exact symbolic identities, explicit "
             r"certificates, exact solves or rigorous interval enclosures; floating-point and "
             r"sampled results are reported as \emph{evidence}. Notation follows Nielsen's "
             r"\emph{Neural Networks and Deep Learning}." + rf" In total: {tally}.")
    return "\n".join([
        PREAMBLE,
        r"\title{Why are deep neural networks hard to train?\\"
        r"\large The mathematics of chapter 5, machine-checked}",
        r"\author{Generated by \texttt{derive notes}}", r"\date{}",
        r"\begin{document}", r"\maketitle", intro + r"\par", _summary_table(proofs),
        body(proofs, summaries, figures, omit_empty), r"\end{document}", ""])


def snippet(proofs: Sequence[Proof], summaries: dict[str, str] | None = None) -> str:
    """A paste-ready fragment: no preamble; needs amsmath and graphicx, and defines
    ``\\fitmath`` itself (safely, if pasted twice)."""
    summaries = summaries or {}
    head = ("% derive notes --snippet: needs \\usepackage{amsmath,graphicx}\n" + FITMATH)
    blocks = [claim_block(p, summaries.get(p.id), heading="subsection*") for p in proofs]
    return "\n\n".join([head, *blocks]) + "\n"


# ----------------------------------------------------------------------------- running

def run_claims(ids: Sequence[str] | None = None) -> tuple[list[Proof], dict[str, str]]:
    """Run the registered claims (all, or ``ids`` in the order given) and return their
    proofs and one-line summaries. Unknown ids raise InputError."""
    from derive.proofs import all_claims, get, prove_many

    claims = [get(i) for i in ids] if ids else all_claims()
    return list(prove_many(claims, jobs=2)), {c.id: c.summary for c in claims}


# ----------------------------------------------------------------------------- compiling

class CompileError(Exception):
    """The LaTeX engine ran and failed; the message names the first error and the log."""


def find_engine(name: str | None = None) -> str:
    """The path of ``name`` (or of the first of ENGINES found on PATH); InputError if none."""
    for cand in ([name] if name else ENGINES):
        path = shutil.which(cand)
        if path:
            return path
    wanted = name or " or ".join(ENGINES)
    raise InputError(f"no LaTeX engine found ({wanted} not on PATH): install one, e.g. "
                     "`apt-get install texlive-latex-base`, or "
                     "write a .tex file instead")


def _first_error(log: str) -> str:
    for line in log.splitlines():
        if line.startswith("!"):
            return line[1:].strip()
    return "see the log"


def compile_pdf(source: str, figures: Sequence[tuple[str, Path]], out_pdf: Path,
                engine: str | None = None) -> None:
    """Compile ``source`` (figures copied in at their relative paths) with a real engine,
    twice (for references), in a temporary directory, and write ``out_pdf``. On failure the
    log is kept next to ``out_pdf`` and CompileError names the first error."""
    exe = find_engine(engine)
    with tempfile.TemporaryDirectory(prefix="derive-notes-") as tmp:
        work = Path(tmp)
        for rel, src in figures:
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, work / rel)
        (work / "notes.tex").write_text(source, encoding="ascii", errors="replace")
        cmd = [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               "notes.tex"]
        for _ in range(2):
            try:
                res = subprocess.run(cmd, cwd=work, capture_output=True, text=True,
                                     errors="replace", timeout=COMPILE_SECONDS)
            except subprocess.TimeoutExpired:
                raise CompileError(f"{Path(exe).name} ran longer than {COMPILE_SECONDS} s"
                                   ) from None
            if res.returncode != 0 or not (work / "notes.pdf").exists():
                log_path = out_pdf.with_suffix(".log")
                log = (work / "notes.log").read_text(errors="replace") if (
                    work / "notes.log").exists() else res.stdout
                log_path.write_text(log)
                raise CompileError(f"{Path(exe).name} failed: {_first_error(log)} "
                                   f"(log: {log_path})")
        shutil.copyfile(work / "notes.pdf", out_pdf)


def render_png(pdf: Path, out_png: Path, page: int = 1, dpi: int = 60) -> Path:
    """Page ``page`` of ``pdf`` as a PNG, with poppler's ``pdftoppm``."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise InputError("pdftoppm not found on PATH (Debian package poppler-utils)")
    stem = out_png.with_suffix("")
    subprocess.run([exe, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True, capture_output=True,
                   timeout=COMPILE_SECONDS)
    return stem.with_suffix(".png")


# ----------------------------------------------------------------------------- notes

@dataclass
class Notes:
    """What ``write_notes`` wrote: the output file, its proofs and figure files."""

    output: Path
    proofs: list[Proof] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)


def _check_output(output: str, as_snippet: bool) -> Path | None:
    if output == "-":
        return None
    path = Path(output)
    if path.suffix not in (".tex", ".pdf"):
        raise InputError(f"-o {output}: the output must end in .tex or .pdf (or be - for stdout)")
    if as_snippet and path.suffix == ".pdf":
        raise InputError("--snippet writes a fragment to paste: use -o FILE.tex, not .pdf")
    if not path.parent.is_dir():
        raise InputError(f"-o {output}: directory {path.parent} does not exist")
    return path


def write_notes(output: str, ids: Sequence[str] | None = None, as_snippet: bool = False,
                with_figures: bool = True, engine: str | None = None) -> tuple[Notes, str]:
    """Write ``output``: ``.tex`` (a document, or with ``as_snippet`` a fragment; figures
    go to ``<stem>-figures/`` beside it) or ``.pdf`` (compiled with a real engine).
    ``output == "-"`` writes nothing (the caller prints the LaTeX; figures are left out).
    Returns what was written and the LaTeX source."""
    path = _check_output(output, as_snippet)
    if path is not None and path.suffix == ".pdf":
        find_engine(engine)  # fail before the work if there is no engine
    proofs, summaries = run_claims(ids)
    notes = Notes(path or Path("-"), proofs)
    if as_snippet:
        source = snippet(proofs, summaries)
        if path is not None:
            path.write_text(source, encoding="ascii", errors="replace")
        return notes, source
    refs: list[FigureRef] = []
    files: list[tuple[str, Path]] = []
    tmp = None
    if with_figures and path is not None:
        from derive import figures as figmod

        if path.suffix == ".pdf":
            tmp = tempfile.TemporaryDirectory(prefix="derive-figures-")
            fig_dir, rel_dir = Path(tmp.name), "figures"
        else:
            rel_dir = f"{path.stem}-figures"
            fig_dir = path.parent / rel_dir
        families = {fam.key for fam, members in group(proofs) if members or not ids}
        for spec, fpath in figmod.write_all(fig_dir, "pdf", lambda s: s.family in families):
            rel = f"{rel_dir}/{fpath.name}"
            refs.append(FigureRef(spec.name, spec.family, rel, spec.caption()))
            files.append((rel, fpath))
            notes.figures.append(fpath)
    try:
        source = document(proofs, summaries, refs, omit_empty=bool(ids))
        if path is not None and path.suffix == ".pdf":
            compile_pdf(source, files, path, engine)
        elif path is not None:
            path.write_text(source, encoding="ascii", errors="replace")
    finally:
        if tmp is not None:
            tmp.cleanup()
            notes.figures = []
    return notes, source
