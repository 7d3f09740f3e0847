"""Time `derive prove --all`: the whole command (a fresh interpreter, imports included) and
each claim in-process. Prints figures; asserts nothing (the issue's target is < 10 s).
Wall time depends on what else runs on the machine, so the CPU time and the load average
are printed too.

Run from the repository root: python3 bench/bench_prove.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    walls, cpus = [], []
    for _ in range(args.repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "derive.cli", "prove", "--all"], cwd=ROOT,
                           capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.strip()
    print(f"derive prove --all (fresh process, {args.repeat} runs): "
          f"median {statistics.median(walls):.2f} s, min {min(walls):.2f} s, "
          f"max {max(walls):.2f} s; CPU time median {statistics.median(cpus):.2f} s; "
          f"load average {os.getloadavg()[0]:.2f}; exit {r.returncode}; {last}")

    from derive.proofs import all_claims

    rows = []
    for c in all_claims():
        t0 = time.perf_counter()
        p = c.run()
        rows.append((time.perf_counter() - t0, c.id, p.verdict))
    total = sum(s for s, _, _ in rows)
    print(f"in-process, after imports: {total:.2f} s for {len(rows)} claims; slowest:")
    for s, cid, verdict in sorted(rows, reverse=True)[:6]:
        print(f"  {cid:26s} {verdict:8s} {s:6.2f} s")


if __name__ == "__main__":
    main()
