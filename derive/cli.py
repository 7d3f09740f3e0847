"""The ``derive`` command line: the only place that prints or exits.

Exit codes: 0 all good, 1 a claim refuted or unproved, 2 bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence

import numpy as np

from derive import chain
from derive.errors import InputError
from derive.proof import EVIDENCE, PROVED, Proof

FORMATS = ("text", "latex", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(message)


def _positive_int(s: str) -> int:
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {s!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, not {v}")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="derive", description="Check the mathematics of training deep networks.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser("chain", help="dC/db_j or dC/dw_j of a width-1 network, proved")
    c.add_argument("--depth", type=_positive_int, default=4, help="number of layers L (>= 1)")
    c.add_argument("--wrt", default="b1", help="parameter: b<j> or w<j> (default b1)")
    c.add_argument("--activation", default="sigmoid")
    c.add_argument("--cost", default="quadratic")
    c.add_argument("--format", choices=FORMATS, default="text")
    c.add_argument("--evaluate", action="store_true",
                   help="also evaluate numerically (sign and log10-magnitude)")
    c.add_argument("--seed", type=int, default=0, help="seed of the random parameters")
    c.add_argument("--params", metavar="FILE.json",
                   help="parameters {x, y, w: [...], b: [...]} instead of random ones")

    sub.add_parser("list", help="the claims, with ids")
    pr = sub.add_parser("prove", help="prove claims by id (or --all)")
    pr.add_argument("ids", nargs="*")
    pr.add_argument("--all", action="store_true")
    pr.add_argument("--format", choices=FORMATS, default="text")

    ck = sub.add_parser("check", help="verify the equations in your own notes (Markdown/LaTeX)")
    ck.add_argument("file", help="a .md or .tex file")
    ck.add_argument("--format", choices=("text", "json"), default="text")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _prove(argparse.Namespace(ids=[], all=True, format="text"))
        return {"chain": _chain, "list": _list, "prove": _prove,
                "check": _check}[args.command](args)
    except InputError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130


# ----------------------------------------------------------------------------- chain

def _read_params(path: str, depth: int) -> chain.Params:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path} is not valid JSON ({err})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object with x, y, w, b")
    params = chain.Params.from_dict(data)
    if params.depth != depth:
        raise InputError(f"{path} has {params.depth} layers but --depth is {depth}")
    return params


def _value(grad: chain.Gradient, params: chain.Params) -> dict:
    lg = chain.backprop(params, grad.activation, grad.cost)
    i = grad.layer - 1
    sign, log10 = ((lg.sign_b[i], lg.log10_b[i]) if grad.param == "b"
                   else (lg.sign_w[i], lg.log10_w[i]))
    return {"sign": int(sign), "log10_abs": float(log10) if sign else None}


def _sci(sign: int, log10: float | None) -> str:
    if not sign:
        return "0"
    e = math.floor(log10)
    return f"{'-' if sign < 0 else ''}{10 ** (log10 - e):.6f}e{e:+d}"


def _chain(args: argparse.Namespace) -> int:
    grad = chain.gradient(args.depth, args.wrt, args.activation, args.cost)
    params = value = None
    if args.evaluate or args.params:
        if args.cost == "generic":
            raise InputError("--evaluate needs a concrete cost (quadratic or cross-entropy)")
        params = (_read_params(args.params, args.depth) if args.params
                  else chain.random_params(args.depth, np.random.default_rng(args.seed)))
        value = _value(grad, params)
    proof = chain.prove(grad)
    if args.format == "latex":
        print(grad.latex())
    elif args.format == "json":
        out = {
            "depth": grad.depth, "wrt": f"{grad.param}{grad.layer}",
            "activation": grad.activation, "cost": grad.cost,
            "expression": str(grad.expr), "latex": grad.latex(), "text": grad.text(),
            "cost_gradient": {"latex": grad.where_latex(), "text": grad.where_text()},
            "verdict": proof.verdict, "method": proof.method,
            "steps": [s.to_dict() for s in proof.steps], "seconds": round(proof.seconds, 4),
        }
        if value is not None:
            out["parameters"] = params.to_dict()
            out["seed"] = None if args.params else args.seed
            out["value"] = value
        print(json.dumps(out, indent=2))
    else:
        print(grad.text())
        print(f"  where {grad.where_text()}  (cost: {grad.cost}, activation: {grad.activation})")
        if value is not None:
            src = args.params or f"seed {args.seed}"
            print(f"  value ({src}): {_sci(value['sign'], value['log10_abs'])}"
                  f"  [sign {value['sign']:+d}, log10|.| = {value['log10_abs']}]")
        print(f"verdict: {proof.verdict} in {proof.seconds:.2f} s")
        for s in proof.steps:
            print(f"  [{s.verdict}] {s.method}: {s.reason}")
    return 0 if proof.verdict == PROVED else 1


# ----------------------------------------------------------------------------- claims

def _list(args: argparse.Namespace) -> int:
    from proofs import all_claims

    for c in all_claims():
        print(f"{c.id:28s} {c.summary}")
    return 0


def _prove(args: argparse.Namespace) -> int:
    from proofs import all_claims, get

    if args.all or not args.ids:
        claims = all_claims()
    else:
        claims = [get(i) for i in args.ids]
    proofs: list[Proof] = []
    for c in claims:
        t0 = time.perf_counter()
        p = c.run()
        p.seconds = time.perf_counter() - t0
        proofs.append(p)
        if args.format == "text":
            _row(c.summary, p)
    if args.format == "json":
        print(json.dumps([p.to_dict() for p in proofs], indent=2))
    elif args.format == "latex":
        from derive.latex import proof_latex

        print("\n\n".join(proof_latex(p) for p in proofs))
    else:
        n = sum(p.verdict == PROVED for p in proofs)
        print(f"{n} of {len(proofs)} claims proved")
    return 0 if all(p.verdict in (PROVED, EVIDENCE) for p in proofs) else 1


def _row(summary: str, p: Proof) -> None:
    short = summary if len(summary) <= 60 else summary[:57] + "..."
    print(f"{p.id:26s} {short:60s} {p.method[:34]:34s} {p.verdict:8s} {p.seconds:6.2f}s",
          flush=True)


# ----------------------------------------------------------------------------- check

def _check(args: argparse.Namespace) -> int:
    from derive.check import check_file

    results = check_file(args.file)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        for r in results:
            src = r.source if len(r.source) <= 90 else r.source[:87] + "..."
            print(f"{args.file}:{r.line}  {src}  {r.verdict}  {r.reason}", flush=True)
        counts = {v: sum(r.verdict == v for r in results) for v in ("proved", "refuted",
                                                                     "unknown")}
        print(f"{len(results)} equations: " + ", ".join(f"{n} {v}" for v, n in counts.items()))
    return 1 if any(r.verdict == "refuted" for r in results) else 0


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
