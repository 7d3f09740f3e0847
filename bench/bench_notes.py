"""Time `derive notes`: running the claims, drawing the figures, writing .tex, compiling .pdf.

Prints figures; asserts nothing. Run from the repository root: python3 bench/bench_notes.py
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from derive import document, figures  # noqa: E402


def timed(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:44s} {time.perf_counter() - t0:7.2f} s")
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proofs, _ = timed("run every registered claim", document.run_claims)
        print(f"{'  claims':44s} {len(proofs):7d}")
        for spec in figures.FIGURES:
            timed(f"figure {spec.name} (pdf)", lambda s=spec: s.draw(tmp / f"{s.name}.pdf"))
        timed("derive notes -o ch5.tex (claims + figures)",
              lambda: document.write_notes(str(tmp / "ch5.tex")))
        if shutil.which("pdflatex") or shutil.which("lualatex"):
            timed("derive notes -o ch5.pdf (claims + figures + 2 runs)",
                  lambda: document.write_notes(str(tmp / "ch5.pdf")))
            print(f"{'  ch5.pdf size (bytes)':44s} {(tmp / 'ch5.pdf').stat().st_size:7d}")
        else:
            print("no LaTeX engine on PATH: PDF not timed")


if __name__ == "__main__":
    main()
