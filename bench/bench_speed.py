"""Speed of derive, every figure of issue 15 in one run. Prints; asserts nothing about time.

    python3 bench/bench_speed.py              # start-up, chain, intervals, derive check
    python3 bench/bench_speed.py --suite      # also the test suite's wall time (minutes)
    python3 bench/bench_speed.py --only suite --suite full   # the full suite alone
    python3 bench/bench_speed.py --only suite --serial       # xdist and one process
    python3 bench/bench_speed.py --repeat 3   # fresh processes per figure (median; default 5)

1. Start-up: wall time of fresh processes (median): bare Python, ``derive --help``,
   ``derive list``, two bad-input errors.
2. The chain check: ``chain.prove(chain.gradient(L))`` (induction + concrete depth + cost) at
   L = 10, 64, 65, 100, 1000, 10,000, each in a fresh process (no warm cache), timed after
   the imports; also the concrete-depth step alone (tanh), and the wall time of
   ``derive chain --depth L`` (one run, imports included). Linear in L, no step at 64/65.
3. Interval enclosures: the current ``derive/intervals.py`` against the mpmath path of
   commit 3f17e13 (``git show 3f17e13:derive/intervals.py``, loaded from a temp file):
   ``sigma'(z)`` at 1000 rational points, the exploding window width ``W(|w|)`` at 1000
   points of ``[4, 20]`` (``|w| = 4`` included: a square root touching 0), ``erf(1/sqrt 2)``.
4. ``derive check`` on a generated 200-equation Markdown file (chain gradients to depth 40,
   identities, inequalities, constants, maxima, implications; some false, some repeated):
   cold, and warm when ``derive check --cache DIR`` exists.
5. ``--suite``: the README's test command (read from .ci/run: ``python3 -m pytest -n auto
   --dist loadfile``) and its quick run (``-m "not slow"``), wall and CPU time, with the
   slowest items; ``--serial`` adds the same runs in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
_script = Path(PY).parent / "derive"
DERIVE = [str(_script)] if _script.exists() else [PY, "-m", "derive.cli"]


def wall(cmd: list[str], repeat: int, **kw) -> tuple[float, subprocess.CompletedProcess]:
    """Median wall time of ``repeat`` fresh runs of ``cmd`` and the last result."""
    times, r = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), r


# ----------------------------------------------------------------------------- 1. start-up

def start_up(repeat: int) -> None:
    print(f"1. start-up, fresh process, median of {repeat} (target < 0.3 s):")
    cases = [("python -c pass", [PY, "-c", "pass"]),
             ("derive --help", DERIVE + ["--help"]),
             ("derive list", DERIVE + ["list"]),
             ("derive chain --depth 0 (error)", DERIVE + ["chain", "--depth", "0"]),
             ("derive frobnicate (error)", DERIVE + ["frobnicate"])]
    for name, cmd in cases:
        t, r = wall(cmd, repeat)
        print(f"  {name:34s} {t:6.3f} s  (exit {r.returncode})")
    code = ("import sys; from derive.cli import main\n"
            "try: main(['--help'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('sympy','numpy','matplotlib','lark','mpmath','symengine')"
            " if m in sys.modules))")
    r = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT)
    print(f"  heavy modules loaded by --help: {r.stdout.strip().splitlines()[-1]}")


# ----------------------------------------------------------------------------- 2. chain

_CHAIN = """
import json, sys, time
from derive import chain
L = int(sys.argv[1])
t0 = time.perf_counter()
g = chain.gradient(L)
t1 = time.perf_counter()
p = chain.prove(g)
t2 = time.perf_counter()
g2 = chain.gradient(L, "b1", "tanh")
t3 = time.perf_counter()
s = chain.check_concrete(g2)
t4 = time.perf_counter()
print(json.dumps({"gradient": t1 - t0, "prove": t2 - t1, "verdict": str(p.verdict),
                  "concrete": t4 - t3, "route": s.reason.split(" gives")[0],
                  "concrete_verdict": str(s.verdict)}))
"""


def chain_times(repeat: int) -> None:
    print(f"2. chain check, sigmoid dC/db_1, fresh process per run, median of {repeat}, "
          "after imports:")
    print(f"  {'L':>6s} {'gradient':>9s} {'prove':>8s} {'total':>8s} {'ms/layer':>9s}"
          f" {'concrete only':>14s} {'derive chain':>13s}  verdict, concrete route")
    for L in (10, 64, 65, 100, 1000, 10_000):
        runs = []
        for _ in range(repeat if L < 10_000 else max(1, repeat // 2)):
            r = subprocess.run([PY, "-c", _CHAIN, str(L)], capture_output=True, text=True,
                               cwd=ROOT)
            if r.returncode:
                print(f"  L = {L}: failed: {r.stderr.strip().splitlines()[-1]}")
                break
            runs.append(json.loads(r.stdout))
        if not runs:
            continue
        med = {k: statistics.median(x[k] for x in runs)
               for k in ("gradient", "prove", "concrete")}
        total = med["gradient"] + med["prove"]
        cli, _ = wall(DERIVE + ["chain", "--depth", str(L)], 1)  # wall, imports included
        print(f"  {L:6d} {med['gradient']:8.3f}s {med['prove']:7.3f}s {total:7.3f}s "
              f"{1e3 * total / L:9.3f} {med['concrete']:13.4f}s {cli:12.2f}s  "
              f"{runs[-1]['verdict']}, "
              f"{runs[-1]['route']} ({runs[-1]['concrete_verdict']})")


# ----------------------------------------------------------------------------- 3. intervals

def _load_old_intervals():
    """derive/intervals.py as of commit 3f17e13 (mpmath iv), as module ``intervals_3f17e13``."""
    import importlib.util

    src = subprocess.run(["git", "show", "3f17e13:derive/intervals.py"], capture_output=True,
                         text=True, cwd=ROOT)
    if src.returncode:
        return None
    path = Path(tempfile.mkdtemp()) / "intervals_3f17e13.py"
    path.write_text(src.stdout)
    spec = importlib.util.spec_from_file_location("intervals_3f17e13", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _enclosure_workloads():
    import sympy as sp

    from derive.activations import ACTIVATIONS

    z, w = sp.Symbol("z", real=True), sp.Symbol("w", positive=True)
    sig_p = ACTIVATIONS["sigmoid"].explicit_prime(z)
    width = 2 / w * sp.log(w * (1 + sp.sqrt(1 - 4 / w)) / 2 - 1)
    zs = [sp.Rational(k - 500, 50) for k in range(1000)]  # -10 .. 9.98
    ws = [4 + sp.Rational(16 * k, 999) for k in range(1000)]  # 4 .. 20, 4 included
    return [("sigma'(z), 1000 points", sig_p, z, zs),
            ("window width W(|w|), 1000 points", width, w, ws),
            ("erf(1/sqrt 2)", sp.erf(1 / sp.sqrt(2)), None, [None])]


def _time_enclosures(mod, expr, var, points) -> tuple[float, str]:
    t0 = time.perf_counter()
    last = None
    try:
        with mod.precision(60):
            for v in points:
                env = {} if var is None else {var: mod.interval(v)}
                last = mod.enclose(expr, env)
    except Exception as err:  # the old path fails on erf: that is a figure too
        return time.perf_counter() - t0, f"{type(err).__name__}"
    return time.perf_counter() - t0, f"last {last}"


def enclosure_times() -> None:
    from derive import intervals

    old = _load_old_intervals()
    print("3. interval enclosures at 60 bits, current derive/intervals.py vs the mpmath path "
          "of 3f17e13:")
    if old is None:
        print("  (commit 3f17e13 not in this repository's history: skipped)")
        return
    same = Path(intervals.__file__).read_text() == Path(old.__file__).read_text()
    if same:
        print("  (derive/intervals.py is still the mpmath path: both columns time the same code)")
    for name, expr, var, pts in _enclosure_workloads():
        t_new, r_new = _time_enclosures(intervals, expr, var, pts)
        t_old, r_old = _time_enclosures(old, expr, var, pts)
        ratio = f"{t_old / t_new:6.1f}x" if t_new > 0 else "-"
        print(f"  {name:34s} current {t_new:7.3f} s   3f17e13 {t_old:7.3f} s   {ratio}")
        print(f"  {'':34s} current: {r_new[:60]}\n  {'':34s} 3f17e13: {r_old[:60]}")


# ----------------------------------------------------------------------------- 4. check

def _chain_eq(L: int, wrong: bool) -> str:
    parts = [r"\sigma'(z_1)"]
    for k in range(2, L + 1):
        parts.append(f"w_{{{k + 1 if wrong and k == 2 else k}}} \\sigma'(z_{{{k}}})")
    return (r"\frac{\partial C}{\partial b_1} = " + " ".join(parts)
            + rf" \frac{{\partial C}}{{\partial a_{{{L}}}}}")


def notes_200() -> str:
    """200 display equations, one per paragraph: ~60% distinct, some false."""
    fixed = [r"\sigma'(z) = \sigma(z)(1-\sigma(z))", r"\sigma'(z) \le \frac{1}{4}",
             r"\tanh'(z) \le 1", r"\operatorname{softplus}'(z) = \sigma(z)",
             r"\sigma(-z) = 1 - \sigma(z)", r"\sigma(-z) = \sigma(z)",
             r"\max_z \sigma'(z) = \frac{1}{4}", r"\max_z \sigma'(z) = \frac{1}{3}",
             r"|w\sigma'(wa+b)| \ge 1 \implies |w| \ge 4", r"e^{-1} \approx 0.37",
             r"\frac{1}{2\sqrt{2\pi}} \approx 0.1995", r"\ln 2 \approx 0.70"]
    eqs = []
    for i in range(200):
        kind = i % 5
        if kind == 0:
            eqs.append(_chain_eq(2 + (i * 7) % 39, wrong=(i % 15 == 0)))
        elif kind == 1:
            eqs.append(fixed[(i // 5) % len(fixed)])
        elif kind == 2:
            eqs.append(rf"\sigma'(z) \le \frac{{{1 + i % 7}}}{{{4 + i % 3}}}")
        elif kind == 3:
            eqs.append(rf"\sigma'({i % 9 - 4}) \neq 0.{20 + i % 13}")
        else:
            eqs.append(rf"\frac{{1}}{{{i % 11 + 2}}} < 0.{3 + i % 5}")
    return "# 200 generated equations\n\n" + "\n\n".join(f"$${e}$$" for e in eqs) + "\n"


def check_times() -> None:
    print("4. derive check on 200 generated equations (text output), wall time of the command:")
    d = Path(tempfile.mkdtemp())
    f = d / "notes200.md"
    text = notes_200()
    f.write_text(text)
    n_distinct = len(set(text.split("\n\n")[1:]))
    print(f"  file: {f} ({n_distinct} distinct equations of 200)")
    t, r = wall(DERIVE + ["check", str(f), "--format", "json"], 1)
    _check_line("cold", t, r)
    help_text = subprocess.run(DERIVE + ["check", "--help"], capture_output=True,
                               text=True).stdout
    if "--cache" not in help_text:
        print("  warm: `derive check --cache` does not exist in this checkout: not measured")
        return
    cache = d / "cache"
    t, r = wall(DERIVE + ["check", str(f), "--format", "json", "--cache", str(cache)], 1)
    _check_line("cold, filling --cache", t, r)
    t, r = wall(DERIVE + ["check", str(f), "--format", "json", "--cache", str(cache)], 1)
    _check_line("warm --cache", t, r)


def _check_line(label: str, t: float, r: subprocess.CompletedProcess) -> None:
    try:
        rows = json.loads(r.stdout)
        if isinstance(rows, dict):  # {"results": [...], "summary": {...}}
            rows = rows["results"]
    except json.JSONDecodeError:
        print(f"  {label}: exit {r.returncode}, no JSON: {r.stderr.strip()[-200:]}")
        return
    counts = {v: sum(x["verdict"] == v for x in rows) for v in
              sorted({x["verdict"] for x in rows})}
    print(f"  {label:24s} {t:7.2f} s  {len(rows) / t:6.1f} equations/s  {counts}")


# ----------------------------------------------------------------------------- 5. suite

def suite_command() -> list[str]:
    """The pytest arguments of the README's test command, read from .ci/run (which runs it)."""
    import shlex

    for line in (ROOT / ".ci" / "run").read_text().splitlines():
        if line.startswith("python3 -m pytest"):
            return shlex.split(line)[3:]
    return []


def suite_times(which: str, serial: bool) -> None:
    args = suite_command()
    print(f"5. test suite, `python3 -m pytest {' '.join(args)}` (the README's and .ci/run's "
          "command), wall and CPU time (user + sys of every process):")
    runs = []
    for k in ("full", "quick"):
        if which in (k, "both"):
            extra = [] if k == "full" else ["-m", "not slow"]
            runs.append((k, args + extra))
            if serial:  # the same tests in one process, for comparison
                runs.append((f"{k}, serial", extra))
    for label, extra in runs:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        before = os.times()
        t0 = time.perf_counter()
        r = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "--durations=10", *extra], capture_output=True, text=True,
                           cwd=ROOT, check=False)
        t = time.perf_counter() - t0
        after = os.times()
        cpu = (after.children_user - before.children_user
               + after.children_system - before.children_system)
        lines = r.stdout.strip().splitlines()
        summary = lines[-1] if lines else r.stderr[-200:]
        print(f"  {label:14s} wall {t:6.1f} s  CPU {cpu:6.1f} s  (load {load:.1f} at start)  "
              f"{summary}")
        for s in lines:
            if s.startswith(("FAILED", "ERROR")):
                print(f"      {s[:160]}")
        start = next((i for i, s in enumerate(lines) if "slowest" in s), None)
        if start is not None and label == "full":
            for s in lines[start + 1:start + 11]:
                print(f"      {s}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")
    ap.add_argument("--suite", nargs="?", const="both", choices=("full", "quick", "both"),
                    help="also time the test suite (minutes): full, quick or both (default)")
    ap.add_argument("--serial", action="store_true",
                    help="with --suite: also run the same tests in one process (no xdist)")
    ap.add_argument("--only", choices=("startup", "chain", "intervals", "check", "suite"),
                    action="append", help="only these sections (repeatable)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"derive speed, {os.cpu_count()} cores, load average {load:.2f} at start\n")
    todo = args.only or ["startup", "chain", "intervals", "check"] + (["suite"] if args.suite
                                                                       else [])
    suite = args.suite or "both"
    steps = {"startup": lambda: start_up(args.repeat), "chain": lambda: chain_times(
        max(1, args.repeat // 2 + 1)), "intervals": enclosure_times, "check": check_times,
        "suite": lambda: suite_times(suite, args.serial)}
    for name in todo:
        steps[name]()
        print()


if __name__ == "__main__":
    main()
