"""Enclosure time: derive.intervals on python-flint's arb vs the previous mpmath ``iv`` path
(``git show main~:derive/intervals.py`` before issue 11; a copy is loaded from git at run
time). Prints medians; asserts nothing.

Run from the repository root: python3 bench/bench_intervals.py [--repeat 5] [--ref REV]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derive import intervals as new  # noqa: E402


def old_module(rev: str):
    """The mpmath-based intervals.py at ``rev``, imported under another name."""
    src = subprocess.run(["git", "show", f"{rev}:derive/intervals.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    if "flint" in src:
        raise SystemExit(f"{rev}:derive/intervals.py is already the arb version")
    path = Path(tempfile.mkdtemp()) / "old_intervals.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("old_intervals", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ref", default="3cb85c1")
    args = ap.parse_args()
    old = old_module(args.ref)
    z, w = sp.symbols("z w", real=True)
    s = 1 / (1 + sp.exp(-z))
    cases = {
        "sigma'(z) at 1000 points": (s * (1 - s), z,
                                      [sp.Rational(k, 100) - 5 for k in range(1000)]),
        "window width at 1000 points": (2 / w * sp.log(w * (1 + sp.sqrt(1 - 4 / w)) / 2 - 1), w,
                                        [4 + sp.Rational(k, 37) for k in range(1000)]),
        # mpmath's iv.erf is slow (and raises NoConvergence at some points): 20 points
        "tanh + erf at 20 points": (sp.tanh(z) + sp.erf(z / 3), z,
                                    [sp.Rational(k, 2) - 5 for k in range(20)]),
    }
    print(f"{'case':32s} {'mpmath iv (s)':>14s} {'arb (s)':>10s} {'speed-up':>9s}")
    for name, (expr, var, points) in cases.items():
        def run(mod):
            def go():
                for p in points:
                    try:
                        mod.enclose(expr, {var: mod.interval(p)}, finite=True)
                    except Exception:  # mpmath's iv.erf raises NoConvergence on some points
                        pass
            return go
        t_old, t_new = timed(run(old), args.repeat), timed(run(new), args.repeat)
        print(f"{name:32s} {t_old:14.3f} {t_new:10.3f} {t_old / t_new:8.1f}x")
    # the engine's own path: a compiled expression on exact-endpoint boxes
    f = new.compile_expr(s * (1 - s), (z,))
    boxes = [[new.Iv.of(new.arb(k) / 100)] for k in range(-500, 500)]
    t = timed(lambda: [f(b, True) for b in boxes], args.repeat)
    print(f"{'compiled sigma' + chr(39) + ' (engine path)':32s} {'':14s} {t:10.3f}")


if __name__ == "__main__":
    main()
