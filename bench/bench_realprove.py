r"""Score ``derive.realprove.decide`` on the inequality corpus (tests/data/inequalities).

Prints proved / true and refuted / false, every wrong verdict (must be none), the per-call
median and slowest wall time, and the undecided ones. Usage:

    python bench/bench_realprove.py [--seconds 8] [--only ID_PREFIX] [--corpus heldout] [--latex]
    python bench/bench_realprove.py --corpus heldout2 --md
    python bench/bench_realprove.py --corpus heldout3 --seconds 4 --cpu

``--cpu`` measures every budget and time in this process's CPU time (``derive.clock``, as
``DERIVE_CLOCK=cpu`` does): on a machine shared with other work the verdicts then do not depend
on the load (the 8 s are 8 s of this process's own work, the alarms that cut SymPy too).

``--corpus heldout`` scores tests/data/inequalities/heldout.jsonl, the published inequalities
kept aside from tuning (the estimate for an unseen corpus); ``--corpus heldout2`` the second,
blind one (real MetiTarski problems, tests/data/inequalities/README-heldout2.md).

``--latex`` scores each row end to end through the reader instead of SymPy: the row's
``latex`` field (``P \implies Q`` as SymPy prints it) goes to ``derive.check.check_equation``,
the path of ``derive check``, with ``--seconds`` as its time limit.

``--md`` runs ``derive check`` on ``NAME.md`` (the true rows as a student types them, each
display after a ``% id`` line; ``heldout2.md``) with no file budget (each equation keeps
``DERIVE_EQUATION_SECONDS``, 8 s by default) and scores its verdicts by id: the end-to-end
figure of issue #11 (a true row refuted is a wrong verdict).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys

import sympy as sp

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's derive, not another one installed
CORPUS = ROOT / "tests" / "data" / "inequalities" / "corpus.jsonl"


def _now() -> float:
    """Seconds on derive's clock (wall, or CPU time after ``--cpu``)."""
    from derive import clock

    return clock.now()


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


def score_md(path: pathlib.Path, rows: list[dict], only: str) -> int:
    """``derive check`` on the notes file ``path``; every display follows a ``% id`` line."""
    from derive.check import check_text

    blocks: list[list[str]] = [[]]  # the header, then one block per "% id" line
    for line in path.read_text().splitlines():
        if line.startswith("% "):
            blocks.append([])
        blocks[-1].append(line)
    kept = [b for b in blocks[1:] if b[0][2:].strip().startswith(only)]
    text = "\n".join(line for b in [blocks[0], *kept] for line in b)
    ident, at_line = None, {}
    for k, line in enumerate(text.splitlines(), 1):
        if line.startswith("% "):
            ident = line[2:].strip()
        elif line.startswith("$$"):
            at_line[k] = ident
    source = {r["id"]: r["source"] for r in rows}
    t0 = _now()
    results = check_text(text, budget=1e9)
    verdicts: dict[str, list[str]] = {}  # id -> the verdicts of its display's statements
    wrong = []
    for res in results:
        ident = at_line.get(res.line, f"line {res.line}")
        print(f"{ident:28s} {res.verdict:8s} {res.seconds:6.2f}s  {res.reason[:90]}", flush=True)
        if res.line in at_line:  # a prose line's premise ("condition") is not a statement
            verdicts.setdefault(ident, []).append(res.verdict)
        if res.verdict == "refuted":
            wrong.append((ident, res.reason))
    counts: dict[str, list[int]] = {"all": [0, 0], "MetiTarski": [0, 0]}
    for ident in dict.fromkeys(at_line.values()):
        proved = verdicts.get(ident, []) and all(v == "proved" for v in verdicts[ident])
        for key in ("all", "MetiTarski") if source.get(ident, "").startswith("MetiTarski") \
                else ("all",):
            counts[key][0] += bool(proved)
            counts[key][1] += 1
    print()
    for key, (proved, n) in counts.items():
        print(f"true proved ({key}): {proved}/{n}")
    print(f"wrong verdicts: {len(wrong)}")
    for w in wrong:
        print("  WRONG", w)
    print(f"total {_now() - t0:.1f} s")
    return 1 if wrong else 0


def _cpu_clock() -> None:
    """Budgets and this script's times in this process's CPU time (``derive.clock``)."""
    from derive import clock

    clock.use("cpu")


def main() -> int:
    from derive.check import check_equation
    from derive.realprove import decide

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8.0, help="time per statement")
    ap.add_argument("--only", default="")
    ap.add_argument("--corpus", default="", help="heldout: the set kept aside from tuning")
    ap.add_argument("--latex", action="store_true",
                    help="read each row's LaTeX with derive check instead of using SymPy")
    ap.add_argument("--md", action="store_true",
                    help="derive check on the corpus's .md notes (heldout2.md), scored by id")
    ap.add_argument("--cpu", action="store_true",
                    help="budgets and times in process CPU time (load-independent figures)")
    args = ap.parse_args()
    if args.cpu:
        _cpu_clock()
    path = CORPUS.with_name(f"{args.corpus}.jsonl") if args.corpus else CORPUS
    if args.md:
        return score_md(path.with_suffix(".md"), load(path), args.only)
    rows = [r for r in load(path) if r["id"].startswith(args.only)]
    times, wrong, undecided = [], [], []
    proved = refuted = n_true = n_false = 0
    for r in rows:
        t0 = _now()
        if args.latex:
            step = check_equation(r["latex"], seconds=args.seconds)
        else:
            step = decide(r["slack"], r["strict"], r["domain_expr"], r["latex"], args.seconds)
        dt = _now() - t0
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
    print("slowest 15:", ", ".join(f"{i} {t:.2f}" for t, i in ts[::-1][:15]))
    print("undecided:")
    for u in undecided:
        print("  ", *u)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
