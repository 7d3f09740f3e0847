r"""Score ``derive.realprove.decide`` on the inequality corpus (tests/data/inequalities).

Prints proved / true and refuted / false, every wrong verdict (must be none), the per-call
median and slowest wall time, and the undecided ones. Usage:

    python bench/bench_realprove.py [--seconds 8] [--only ID_PREFIX] [--corpus heldout] [--latex]

``--corpus heldout`` scores tests/data/inequalities/heldout.jsonl, the published inequalities
kept aside from tuning (the estimate for an unseen corpus); ``--corpus heldout2`` the second,
blind one (real MetiTarski problems, tests/data/inequalities/README-heldout2.md).

``--latex`` scores each row end to end through the reader instead of SymPy: the row's
``latex`` field (``P \implies Q`` as SymPy prints it) goes to ``derive.check.check_equation``,
the path of ``derive check``, with ``--seconds`` as its time limit.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time

import sympy as sp

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "inequalities" / "corpus.jsonl"


def load(path: pathlib.Path = CORPUS) -> list[dict]:
    """The corpus rows with ``slack``/``strict``/``domain`` as SymPy objects (our data:
    ``srepr`` strings read back with ``sympy.parse_expr``-free ``sympify`` of srepr)."""
    rows = []
    for line in path.read_text().splitlines():
        r = json.loads(line)
        lhs, rhs = sp.sympify(r["lhs"]), sp.sympify(r["rhs"])
        if r["rel"] in ("<=", "<"):
            r["slack"], r["strict"] = rhs - lhs, r["rel"] == "<"
        else:
            r["slack"], r["strict"] = lhs - rhs, r["rel"] == ">"
        r["domain_expr"] = [sp.sympify(d) for d in r["domain"]]
        rows.append(r)
    return rows


def main() -> int:
    from derive.check import check_equation
    from derive.realprove import decide

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--corpus", default="", help="heldout: the set kept aside from tuning")
    ap.add_argument("--latex", action="store_true",
                    help="read each row's LaTeX with derive check instead of using SymPy")
    args = ap.parse_args()
    path = CORPUS.with_name(f"{args.corpus}.jsonl") if args.corpus else CORPUS
    rows = [r for r in load(path) if r["id"].startswith(args.only)]
    times, wrong, undecided = [], [], []
    proved = refuted = n_true = n_false = 0
    for r in rows:
        t0 = time.perf_counter()
        if args.latex:
            step = check_equation(r["latex"], seconds=args.seconds)
        else:
            step = decide(r["slack"], r["strict"], r["domain_expr"], r["latex"], args.seconds)
        dt = time.perf_counter() - t0
        times.append((dt, r["id"]))
        v = str(step.verdict)
        if r["truth"]:
            n_true += 1
            proved += v == "proved"
            if v == "refuted":
                wrong.append((r["id"], v, step.reason))
        else:
            n_false += 1
            refuted += v == "refuted"
            if v == "proved":
                wrong.append((r["id"], v, step.reason))
        if v == "unknown":
            undecided.append((r["id"], round(dt, 2), step.reason[:110]))
        print(f"{r['id']:28s} {v:8s} {dt:6.2f}s  {step.reason[:90]}", flush=True)
    print()
    print(f"true proved:    {proved}/{n_true}")
    print(f"false refuted:  {refuted}/{n_false}")
    print(f"wrong verdicts: {len(wrong)}")
    for w in wrong:
        print("  WRONG", w)
    ts = sorted(times)
    print(f"per call: median {statistics.median(t for t, _ in ts):.3f} s, "
          f"slowest {ts[-1][0]:.2f} s ({ts[-1][1]}), total {sum(t for t, _ in ts):.1f} s")
    print("undecided:")
    for u in undecided:
        print("  ", *u)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
