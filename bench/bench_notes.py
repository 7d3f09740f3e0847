"""Time `derive notes`: running the claims, drawing the figures, assembling the LaTeX,
compiling the PDF; and report what the compile log says (overfull boxes > 1 pt, undefined
references, missing characters: all should be 0) and the page count.

Prints figures; asserts nothing. Run from the repository root: python3 bench/bench_notes.py
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from derive import document, figures  # noqa: E402


def timed(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:48s} {time.perf_counter() - t0:7.2f} s", flush=True)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proofs, summaries = timed("run every registered claim (2 workers)", document.run_claims)
        print(f"{'  claims':48s} {len(proofs):7d}")
        drawn = []
        for spec in figures.FIGURES:
            path = tmp / "figs" / f"{spec.name}.pdf"
            path.parent.mkdir(exist_ok=True)
            timed(f"figure {spec.name} (pdf + png)",
                  lambda s=spec, p=path: (s.draw(p), s.draw(p.with_suffix(".png"))))
            drawn.append((spec, path))
        refs = [document.FigureRef(s.name, s.family, f"figs/{p.name}", s.caption())
                for s, p in drawn]
        src = timed("assemble the LaTeX document", lambda: document.document(proofs, summaries,
                                                                               refs))
        print(f"{'  LaTeX source (characters)':48s} {len(src):7d}")
        if not (shutil.which("pdflatex") or shutil.which("lualatex")):
            print("no LaTeX engine on PATH: PDF not timed")
            return
        pdf = tmp / "ch5.pdf"
        log = timed("compile the PDF (2 engine runs)", lambda: document.compile_pdf(
            src, [(r.path, p) for r, (_, p) in zip(refs, drawn)], pdf))
        problems = document.log_problems(log)
        print(f"{'  ch5.pdf size (bytes)':48s} {pdf.stat().st_size:7d}")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            pages = next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages")),
                         "?")
            print(f"{'  pages':48s} {pages:>7s}")
        print(f"{'  log problems (overfull > 1 pt, undef., missing)':48s} {len(problems):7d}")
        scaled = log.count("derive: display scaled") // 2  # gather* measures twice
        print(f"{'  displays scaled down to fit the line':48s} {scaled:7d}")
        for p in problems:
            print(f"    {p}")


if __name__ == "__main__":
    main()
