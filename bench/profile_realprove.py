r"""Where ``derive.realprove.decide`` spends an equation's time: per row of an inequality
corpus, the time of each phase of the top-level ``_decide`` (the reductions, each method of
its tuple, the exponential tail, the kernel's re-check; the plain search is what is left),
plus the corpus figures of ``bench_realprove.py`` (proved, refuted, wrong, median, slowest,
rows over 1.5 s) and the garbage collector's time (``gc``, part of the others). Only the
outermost call of a phase is timed (a method's own nested decisions count as that method's
time). After every row it checks that no method's nesting stack (``_ACTIVE``) was left
non-empty (a leak disables that method for every later row).

    python bench/profile_realprove.py --corpus heldout2 --cpu [--seconds 8] [--only ID]
        [--json out.jsonl] [--reverse]

``--cpu`` as in ``bench_realprove.py`` (budgets in this process's CPU time); ``--reverse``
runs the rows in reverse order (verdicts must not depend on the order); ``--json`` writes
one line per row (id, truth, verdict, seconds, phases) for comparing runs.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import statistics
import sys

from bench_realprove import CORPUS, _cpu_clock, _now, load

SLOW = 1.5  # rows slower than this (s) are listed
_DEPTH: list[str] = []
_SPENT: dict[str, float] = {}


def _timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if _DEPTH:  # inside another phase: its time
            return fn(*args, **kwargs)
        _DEPTH.append(name)
        t0 = _now()
        try:
            return fn(*args, **kwargs)
        finally:
            _SPENT[name] = _SPENT.get(name, 0.0) + _now() - t0
            _DEPTH.pop()

    return wrapper


def instrument() -> list[tuple[str, list]]:
    """Wrap the phases of ``realprove._decide``; the nesting stacks to watch."""
    from derive import (
        diagonal,
        edge,
        expbound,
        explower,
        factors,
        ordered,
        orthant,
        premises,
        radical,
        realprove,
        recast,
        reduce,
        singular,
        touch,
        zerobase,
    )

    phases = [(realprove, "_bases_positive"), (zerobase, "split"),
              (realprove, "_identically_zero"), (factors, "product_signs"),
              (orthant, "orthant"), (realprove, "_homogeneous"), (reduce, "reduce"),
              (premises, "combine"), (realprove, "_reflected"), (touch, "periodic"),
              (edge, "even"), (edge, "isolated"), (edge, "chord"), (edge, "diagonal"),
              (diagonal, "near_diagonal"), (singular, "singular"), (recast, "recast"),
              (touch, "touching"), (realprove, "_irrational_end"),
              (realprove, "_ordered_pair"), (radical, "radical"), (realprove, "_max_min_cases"),
              (realprove, "_simpler_form"), (explower, "tangent"), (realprove, "_exp_tail"),
              (realprove, "certify_on_boxes")]
    for module, name in phases:
        setattr(module, name, _timed(name.strip("_"), getattr(module, name)))
    stacks = [(m.__name__ + "._ACTIVE", m._ACTIVE) for m in
              (diagonal, edge, expbound, explower, factors, ordered, premises, radical,
               recast, reduce, singular, touch)]
    return stacks + [("derive.reduce._TRIED", reduce._TRIED)]


def _gc_timer(phase: str, info: dict) -> None:
    """``gc.callbacks``: the garbage collector's time (phase ``gc`` of a row)."""
    if phase == "start":
        _GC[0] = _now()
    elif _GC[0] is not None:
        _SPENT["gc"] = _SPENT.get("gc", 0.0) + _now() - _GC[0]
        _GC[0] = None


_GC: list = [None]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--corpus", default="")
    ap.add_argument("--cpu", action="store_true")
    ap.add_argument("--reverse", action="store_true")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    if args.cpu:
        _cpu_clock()
    stacks = instrument()
    gc.callbacks.append(_gc_timer)
    from derive import realprove

    path = CORPUS.with_name(f"{args.corpus}.jsonl") if args.corpus else CORPUS
    rows = [r for r in load(path) if r["id"].startswith(args.only)]
    if args.reverse:
        rows.reverse()
    out = open(args.json, "w") if args.json else None
    times, wrong, slow, undecided = [], [], [], []
    proved = refuted = n_true = n_false = 0
    for r in rows:
        _SPENT.clear()
        t0 = _now()
        step = realprove.decide(r["slack"], r["strict"], r["domain_expr"], r["latex"],
                                args.seconds)
        dt = _now() - t0
        spent = dict(_SPENT)
        spent["search"] = dt - sum(t for k, t in spent.items() if k != "gc")
        v = str(step.verdict)
        leaks = [name for name, s in stacks if s]
        for _, s in stacks:
            getattr(s, "keys", s).clear()
        times.append((dt, r["id"]))
        if r["truth"]:
            n_true += 1
            proved += v == "proved"
            bad = v == "refuted"
        else:
            n_false += 1
            refuted += v == "refuted"
            bad = v == "proved"
        if bad:
            wrong.append((r["id"], v, step.reason))
        top = sorted(((t, k) for k, t in spent.items() if t >= 0.05), reverse=True)
        shown = " ".join(f"{k}={t:.2f}" for t, k in top[:6])
        if dt > SLOW or v == "unknown":
            (undecided if v == "unknown" else slow).append((r["id"], dt, shown))
        print(f"{r['id']:28s} {v:8s} {dt:6.2f}s  {shown}"
              + (f"  LEAK {leaks}" if leaks else ""), flush=True)
        if out:
            out.write(json.dumps({"id": r["id"], "truth": r["truth"], "verdict": v,
                                  "seconds": round(dt, 3), "leaks": leaks,
                                  "phases": {k: round(t, 3) for k, t in spent.items()},
                                  "reason": step.reason[:200]}) + "\n")
    print()
    ts = sorted(times)
    print(f"true proved:    {proved}/{n_true}")
    print(f"false refuted:  {refuted}/{n_false}")
    print(f"wrong verdicts: {len(wrong)}")
    for w in wrong:
        print("  WRONG", w)
    print(f"per call: median {statistics.median(t for t, _ in ts):.3f} s, slowest "
          f"{ts[-1][0]:.2f} s ({ts[-1][1]}), over {SLOW} s: "
          f"{sum(t > SLOW for t, _ in ts)}, total {sum(t for t, _ in ts):.1f} s")
    print(f"decided but over {SLOW} s:")
    for i, t, shown in sorted(slow, key=lambda u: -u[1]):
        print(f"   {i} {t:.2f}  {shown}")
    print("undecided:")
    for i, t, shown in undecided:
        print(f"   {i} {t:.2f}  {shown}")
    gc.callbacks.remove(_gc_timer)  # (at exit the interpreter tears down its imports)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
