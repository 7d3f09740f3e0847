r"""Notes: the chapter's claims, their proofs and the figures, as a LaTeX document or snippet.

Everything is generated from the proofs themselves (``proofs.all_claims()``, run by
``proofs.prove_many``): a title, contents, how to read the notes, a notation section, a
table of the claims, then one section per family of CLAIMS.md chosen by the claim id
(``FAMILIES``, rules as data: the most specific matching pattern wins, so
``exploding.window`` goes to *the problems* and ``exploding.construction`` to
*exploding*), each with an introduction, its claims as numbered theorem-like blocks and its
figures. Every string is rendered by ``derive.latex`` (the one renderer: ``claim_block``,
``rich_latex``); this module only assembles and compiles. The output is ASCII and compiles
with pdflatex or lualatex using amsmath, amssymb, amsthm, graphicx, geometry and hyperref
(all in Debian's texlive-latex-base); ``log_problems`` reads the engine's log for what a
reader would object to (overfull boxes, undefined references, missing characters).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from derive.errors import InputError
from derive import latex
from derive.latex import escape_text
from derive.proof import Proof

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
           r"The chapter's simplest deep network has one neuron in each of its $L$ layers: "
           r"$a_0 = x$, $z_j = w_j a_{j-1} + b_j$, $a_j = \sigma(z_j)$, and a cost $C(a_L)$. "
           r"The book writes the gradient of the cost with respect to the first bias as a "
           r"product with one factor $w_j \sigma'(z_j)$ per layer (eq.~122), and the whole "
           r"chapter reasons about that product. Here it is proved for every depth, and the "
           r"ratio of two such gradients, which says how much more slowly an early layer "
           r"learns than a later one."),
    Family("activations", "Activation derivatives",
           ("sigmoid.*", "tanh.*", "relu.*", "softplus.*", "activation.*"),
           r"Each factor of the product contains a derivative of the activation. For the "
           r"sigmoid it never exceeds $\sigma'(0) = 1/4$: this single number is why, with "
           r"small weights, every layer shrinks the gradient. The largest slope $\gamma_f$ "
           r"of each other activation $f$ (the supremum over all $z$ of the size of its "
           r"derivative) says how much room it leaves."),
    Family("vanishing", "Vanishing gradients", ("vanishing.*",),
           r"With weights smaller than $1$ in size every factor $w_j \sigma'(z_j)$ is below "
           r"$1/4$ in size, so "
           r"$|\partial C / \partial b_1|$ falls at least like $4^{-L}$: the early layers of "
           r"a deep sigmoid network barely learn. The same holds on average for the book's "
           r"Gaussian initialisation."),
    Family("exploding", "Exploding gradients", ("exploding.*",),
           r"The opposite can happen too: with large weights and biases chosen so that every "
           r"$z_j$ is near $0$, each factor is large and the gradient grows exponentially "
           r"with depth. Vanishing and exploding are two faces of one instability: the "
           r"gradient of an early layer is a product of terms from all later layers."),
    Family("problems", "The chapter's problems", ("exploding.necessary*", "exploding.window*",
                                                  "identity_neuron*", "problem*"),
           r"Problem~1 asks when a factor $|w \sigma'(wa + b)|$ can reach $1$ at all, and for "
           r"how wide a window of inputs $a$; the answer shows how narrow the way out of a "
           r"vanishing gradient is. Problem~2 builds a neuron that passes its input through "
           r"almost unchanged."),
    Family("matrix", "Many neurons per layer", ("matrix.*", "network.*", "pascanu*"),
           r"With many neurons per layer the scalars become matrices: "
           r"$z^l = w^l a^{l-1} + b^l$, the error $\delta^l$ of layer $l$ (the gradient of "
           r"$C$ with respect to $z^l$) and the diagonal matrix of the slopes "
           r"$\sigma'(z^l_j)$. The four equations of "
           r"backpropagation give the error of every layer as a product of matrices "
           r"(eq.~124), and the product's norm bounds how fast each layer can learn."),
    Family("init", "Initialisation", ("init.*", "meanfield.*"),
           r"How the initial weights are drawn sets the size of every $z$ and so of every "
           r"factor $\sigma'(z)$. With normal weights of variance one over the number of "
           r"inputs the book's networks start with the gradient shrinking by a roughly "
           r"constant factor per layer, which mean-field theory predicts."),
    Family("parity", "Depth and parity", ("parity.*",),
           r"Why one would want deep networks at all, despite these difficulties: some "
           r"functions, such as the parity of $n$ bits, need exponentially many units in a "
           r"shallow circuit but few in a deep one."),
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

VERDICT_WORDS = latex.VERDICT_WORDS
FITMATH = latex.FITMATH


def claim_block(proof: Proof, summary: str | None = None, heading: str | None = None) -> str:
    """One claim as a numbered theorem-like block with its derivation (``latex.claim_block``:
    the one renderer). ``summary`` is kept for the snippet's heading only."""
    return latex.claim_block(proof, summary, heading)


@dataclass(frozen=True)
class FigureRef:
    """A figure as the document includes it: path relative to the .tex, family, caption."""

    name: str
    family: str
    path: str
    caption: str


def caption_tex(name: str, caption: str) -> str:
    """A figure's caption line (after its anchor, ``% derive: figure NAME``)."""
    return rf"\caption{{{caption}}}\label{{fig:{name}}}"


def _figure_tex(f: FigureRef) -> str:
    path = f.path.rsplit(".", 1)[0] if f.path.endswith((".pdf", ".png")) else f.path
    return (r"\begin{figure}[htbp]" "\n" r"\centering" "\n"
            rf"\includegraphics[width=0.9\linewidth]{{{path}}}" "\n"
            f"% derive: figure {f.name}\n" + caption_tex(f.name, f.caption) + "\n"
            r"\end{figure}")


def _family_extras(fam: Family) -> str:
    if fam.key == "problems":
        from derive.figures import window_width_tex

        return (r"\noindent For $|w|$ at least $4$ the inputs $a$ at which the factor "
                r"$|w \sigma'(wa + b)|$ reaches $1$ form an interval of width" "\n"
                r"\[ W = " + window_width_tex() + r" \]")
    if fam.key == "matrix":
        from derive.matrix import LATEX

        return (r"\noindent The product form of the error (chapter 5, eq.~124; chapter 2, "
                r"eq.~35):" "\n"
                r"\[" + LATEX["delta_product"] + r"\]")
    return ""


def _label(claim_id: str) -> str:
    return "claim:" + re.sub(r"[^A-Za-z0-9.:-]", "-", claim_id)


def _summary_table(proofs: Sequence[Proof]) -> str:
    """Every claim with its number (a link), verdict and methods in words."""
    rows = []
    for p in proofs:
        methods = ", ".join(dict.fromkeys(latex.METHOD_WORDS.get(s.method, s.method)
                                          for s in p.steps)) or "--"
        rows.append(rf"\ref{{{_label(p.id)}}} & \hyperref[{_label(p.id)}]"
                    rf"{{\texttt{{{escape_text(p.id)}}}}} & {p.verdict} & "
                    rf"{escape_text(methods)} \\")
    return "\n".join([r"\begin{center}\small", r"\begin{tabular}{@{}rllp{0.45\linewidth}@{}}",
                      r"\hline", r"& claim & verdict & methods \\", r"\hline", *rows, r"\hline",
                      r"\end{tabular}", r"\end{center}"])


# Every symbol the notes use, defined once (LaTeX, meaning), in the order a reader meets them.
NOTATION: tuple[tuple[str, str], ...] = (
    (r"$L$", r"the number of layers; layers are numbered $1, \dots, L$"),
    (r"$x = a_0$, $y$", r"the input and the desired output of a width-1 network"),
    (r"$w_j$, $b_j$", r"the weight and bias of the neuron in layer $j$"),
    (r"$z_j = w_j a_{j-1} + b_j$", r"the weighted input of layer $j$"),
    (r"$a_j = \sigma(z_j)$", r"the activation of layer $j$"),
    (r"$C$", r"the cost, a function of the output $a_L$; quadratic $C = (a_L - y)^2/2$ "
             r"unless said otherwise"),
    (r"$\frac{\partial C}{\partial b_j}$", r"the gradient of the cost with respect to $b_j$: "
                                          r"how fast the bias of layer $j$ learns"),
    (r"$\sigma(z) = \frac{1}{1 + e^{-z}}$", r"the sigmoid; $\sigma'$ its derivative, "
                                           r"$s = \sigma(z)$ where that is shorter"),
    (r"$\tanh$, $\operatorname{relu}$, $\operatorname{softplus}$, $\operatorname{id}$",
     r"other activations: $\operatorname{relu}(z) = \max(0, z)$, "
     r"$\operatorname{softplus}(z) = \ln(1 + e^z)$, $\operatorname{id}(z) = z$"),
    (r"$\gamma_f = \sup_z |f'(z)|$", r"the largest slope of the activation $f$"),
    (r"$\ln$", r"the natural logarithm (the book's $\log$)"),
    (r"$e$, $p$, $d$, $t$", r"in a certificate: $e$, $p$, $d$ are slack variables "
                            r"($e, p > 0$, $d \ge 0$; e.g.\ $4 - e$ in place of $|w|$), "
                            r"$t > 1$ the parameter of the window of Problem~1; $e^z$ is the "
                            r"exponential"),
    (r"$W(|w|)$", r"the width of the window of inputs $a$ with $|w \sigma'(wa + b)| \ge 1$"),
    (r"$N(\mu, s^2)$, $E$, $P$", r"the normal distribution, expectation and probability"),
    (r"$\operatorname{erf}$, $\operatorname{erfc} = 1 - \operatorname{erf}$, $\varphi$",
     r"the error function and the standard normal density"),
    (r"$w^l$, $b^l$, $z^l$, $a^l$", r"with many neurons per layer: the weight matrix, bias, "
                                   r"weighted input and activation vectors of layer $l$"),
    (r"$\delta^l = \partial C / \partial z^l$", r"the error of layer $l$"),
    (r"$\Sigma'(z^l)$", r"the diagonal matrix $\operatorname{diag}(\sigma'(z^l))$"),
    (r"$\nabla_a C$", r"the gradient of the cost with respect to the output activations"),
    (r"$\|u\|$, $\|w\|_2$", r"the Euclidean norm of a vector, the spectral norm of a matrix"),
    (r"$n_{\text{in}}$", r"the number of inputs of a neuron"),
    (r"$q^*$, $\chi_1$", r"mean-field theory: the fixed point of the variance of $z$, and "
                         r"the mean squared slope $\sigma_w^2 E[\sigma'(z)^2]$ there"),
    (r"$\oplus$", r"exclusive or; $x_1 \oplus \dots \oplus x_n$ is the parity of $n$ bits"),
)


def notation_table() -> str:
    """The table of ``NOTATION`` (after its anchor, ``% derive: notation``)."""
    rows = [rf"{sym} & {meaning} \\[2pt]" for sym, meaning in NOTATION]
    return "\n".join([r"\noindent\begin{tabular}{@{}p{0.3\linewidth}p{0.66\linewidth}@{}}",
                      *rows, r"\end{tabular}"])


def notation_section() -> str:
    """A section defining every symbol the notes use (``NOTATION``)."""
    return "\n".join([r"\section*{Notation}\addcontentsline{toc}{section}{Notation}"
                      r"\label{sec:notation}",
                      r"The notation is the book's (Nielsen, \emph{Neural Networks and Deep "
                      r"Learning}, chapters 2 and 5).\par\smallskip",
                      "% derive: notation", notation_table()])


HOW_TO_READ = (r"\section*{How to read these notes}\addcontentsline{toc}{section}{How to read "
               r"these notes}"
               "\n" r"Every claim is a numbered block. A \emph{Theorem} is proved: each step of "
               r"its proof is an exact symbolic identity, an explicit certificate (an expression "
               r"that is visibly nonnegative, such as a square, and equal to the slack of the "
               r"inequality), an exact solve, a rigorous interval enclosure, or a named rule "
               r"(induction, the chain rule, the mean value theorem) applied to proved steps. "
               r"An \emph{Observation} holds as far as the exact steps go and the rest is "
               r"numerical or statistical evidence; a \emph{Claim} is refuted or undecided, "
               r"and says which step failed. Evidence (float sweeps, Monte Carlo) is listed "
               r"after each proof and is never part of it. Numbers are rounded for reading; "
               r"their rigorous enclosures are in the footnotes.")


def body(proofs: Sequence[Proof], summaries: dict[str, str] | None = None,
         figures: Sequence[FigureRef] = (), omit_empty: bool = False) -> str:
    """The sections: one per family (empty ones say so, or are left out with
    ``omit_empty``) with its introduction, its claims, then the family's figures."""
    parts = []
    for fam, members in group(proofs):
        if omit_empty and not members:
            continue
        parts.append(rf"\section{{{fam.title}}}\label{{sec:{fam.key}}}")
        if fam.intro:
            parts.append(fam.intro + r"\par")
        extra = _family_extras(fam)
        if extra:
            parts.append(extra)
        if not members:
            parts.append(r"\noindent\emph{No claims of this family are registered yet.}\par")
        for p in members:
            parts.append(claim_block(p).replace(
                r"\label{" + _label(p.id) + "}",
                r"\label{" + _label(p.id) + "}" + r"\addcontentsline{toc}{subsection}"
                r"{\protect\numberline{\thetheorem}\texttt{" + escape_text(p.id) + "}}", 1))
        parts += [_figure_tex(f) for f in figures if f.family == fam.key]
    return "\n\n".join(parts)


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2.4cm]{geometry}
\usepackage{amsmath,amssymb,amsthm}
\usepackage{graphicx}
\usepackage[colorlinks=true,linkcolor=blue,urlcolor=blue,pdfusetitle]{hyperref}
\setlength{\emergencystretch}{3em}
\numberwithin{equation}{section}
""" + latex.THEOREMS + "\n" + FITMATH


def document(proofs: Sequence[Proof], summaries: dict[str, str] | None = None,
             figures: Sequence[FigureRef] = (), version: str = "",
             omit_empty: bool = False) -> str:
    """A complete, standalone LaTeX document (ASCII): title, contents, how to read it,
    notation, a table of the claims, then one section per family; ``omit_empty`` leaves
    out the families without claims (for a selection of claims)."""
    counts = {v: sum(p.verdict == v for p in proofs) for v in VERDICT_WORDS}
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n) or "no claims"
    intro = (r"These notes check the mathematics of the chapter ``Why are deep neural "
             r"networks hard to train?'' of Michael Nielsen's \emph{Neural Networks and Deep "
             r"Learning}: why the gradient of an early layer is a long product, why that "
             r"product tends to vanish or explode, and what the chapter's problems and "
             r"bounds say about it. Every claim was checked by \texttt{derive}"
             + (f" {escape_text(version)}" if version else "")
             + r" and the text was generated from the proofs themselves"
             + rf" ({tally}).")
    return "\n".join([
        PREAMBLE,
        r"\title{Why are deep neural networks hard to train?\\"
        r"\large The mathematics of chapter 5, machine-checked}",
        r"\author{Generated by \texttt{derive notes}}", r"\date{}",
        r"\begin{document}", r"\maketitle", r"\begin{abstract}", intro, r"\end{abstract}",
        r"\tableofcontents", r"\clearpage", HOW_TO_READ, notation_section(),
        r"\subsection*{The claims at a glance}", _summary_table(proofs), r"\clearpage",
        body(proofs, summaries, figures, omit_empty), r"\end{document}", ""])


def snippet(proofs: Sequence[Proof], summaries: dict[str, str] | None = None) -> str:
    """A paste-ready fragment: no preamble; needs ``amsmath``, ``amsthm`` and ``graphicx``,
    and defines ``\\fitmath`` and its theorem environments itself (safely, if pasted
    twice)."""
    head = ("% derive notes --snippet: needs \\usepackage{amsmath,amsthm,graphicx}\n"
            + latex.THEOREMS + "\n" + FITMATH)
    blocks = [claim_block(p, heading="subsection*") for p in proofs]
    return "\n\n".join([head, *blocks]) + "\n"


# ----------------------------------------------------------------------------- running

Progress = Callable[[str], None]  # a one-line status, e.g. "proving 3/25: sigmoid.max"


def run_claims(ids: Sequence[str] | None = None, progress: Progress | None = None
               ) -> tuple[list[Proof], dict[str, str]]:
    """Run the registered claims (all, or ``ids`` in the order given) and return their
    proofs and one-line summaries. Unknown ids raise InputError."""
    from derive.proofs import all_claims, get, prove_many

    claims = [get(i) for i in ids] if ids else all_claims()
    proofs = []
    for c, p in zip(claims, prove_many(claims, jobs=2)):
        proofs.append(p)
        if progress is not None:
            progress(f"notes: proved {len(proofs)}/{len(claims)} claims (last: {c.id})")
    return proofs, {c.id: c.summary for c in claims}


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
                engine: str | None = None, progress: Progress | None = None) -> str:
    """Compile ``source`` (figures copied in at their relative paths) with a real engine,
    twice (for references), in a temporary directory, and write ``out_pdf``. On failure the
    log is kept next to ``out_pdf`` and CompileError names the first error. Returns the
    engine's log of the last run (overfull boxes, undefined references, missing
    characters)."""
    exe = find_engine(engine)
    with tempfile.TemporaryDirectory(prefix="derive-notes-") as tmp:
        work = Path(tmp)
        for rel, src in figures:
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, work / rel)
        (work / "notes.tex").write_text(source, encoding="ascii", errors="replace")
        cmd = [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               "notes.tex"]
        for run in (1, 2):
            if progress is not None:
                progress(f"notes: {Path(exe).name}, pass {run} of 2")
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
        return (work / "notes.log").read_text(errors="replace")


_OVERFULL = re.compile(r"^Overfull \\[hv]box \(([\d.]+)pt too (?:wide|high)\)(.*)$", re.M)
_UNDEFINED = re.compile(r"^(?:LaTeX|pdfTeX) Warning: (?:Reference|Citation|Hyper reference) "
                        r".*undefined|There were undefined references", re.M)
_MISSING = re.compile(r"^Missing character: .*$", re.M)


def log_problems(log: str, tolerance_pt: float = 1.0) -> list[str]:
    """What a careful reader would object to in an engine's log: overfull boxes wider than
    ``tolerance_pt``, undefined references and missing characters (one line each)."""
    out = [f"overfull box {m[1]} pt{m[2]}" for m in _OVERFULL.finditer(log)
           if float(m[1]) > tolerance_pt]
    out += [m[0] for m in _UNDEFINED.finditer(log)]
    out += [m[0] for m in _MISSING.finditer(log)]
    return out


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
                with_figures: bool = True, engine: str | None = None,
                progress: Progress | None = None) -> tuple[Notes, str]:
    """Write ``output``: ``.tex`` (a document, or with ``as_snippet`` a fragment; figures
    go to ``<stem>-figures/`` beside it) or ``.pdf`` (compiled with a real engine).
    ``output == "-"`` writes nothing (the caller prints the LaTeX; figures are left out).
    Returns what was written and the LaTeX source."""
    path = _check_output(output, as_snippet)
    if path is not None and path.suffix == ".pdf":
        find_engine(engine)  # fail before the work if there is no engine
    proofs, summaries = run_claims(ids, progress)
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
        wanted = (lambda s: s.family in families)
        if progress is not None:
            progress("notes: drawing the figures")
        also = () if path.suffix == ".pdf" else ("png",)  # beside a .tex: PDF and PNG
        for spec, fpath in figmod.write_all(fig_dir, "pdf", wanted, also):
            rel = f"{rel_dir}/{fpath.name}"
            refs.append(FigureRef(spec.name, spec.family, rel, spec.caption()))
            files.append((rel, fpath))
            notes.figures.append(fpath)
    try:
        source = document(proofs, summaries, refs, omit_empty=bool(ids))
        if path is not None and path.suffix == ".pdf":
            compile_pdf(source, files, path, engine, progress)
        elif path is not None:
            path.write_text(source, encoding="ascii", errors="replace")
    finally:
        if tmp is not None:
            tmp.cleanup()
            notes.figures = []
    return notes, source
