"""The ``derive`` command line: the only place that prints or exits.

Exit codes: 0 all good, 1 a claim refuted or unproved, 2 bad input (one line on stderr).

Start-up is kept fast: SymPy, NumPy, matplotlib and lark are imported only inside the
commands that need them, so ``derive --help``, ``derive list`` and argument errors answer
without loading them (tests/test_cli.py checks this).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from derive.errors import InputError

if TYPE_CHECKING:  # annotations only: these modules load SymPy and NumPy
    from derive import chain
    from derive.proof import Proof

FORMATS = ("text", "latex", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(message)


def _int_at_least(lo: int):
    """An argparse type: a whole number >= ``lo``."""

    def parse(s: str) -> int:
        try:
            v = int(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {s!r}") from None
        if v < lo:
            raise argparse.ArgumentTypeError(f"expected a whole number >= {lo}, not {v}")
        return v

    return parse


_positive_int, _nonnegative_int = _int_at_least(1), _int_at_least(0)


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

    bp = sub.add_parser("backprop", help="per-layer gradient norms of a numeric network")
    bp.add_argument("--sizes", default="784,30,30,30,10", help="layer sizes, e.g. 784,30,10")
    bp.add_argument("--activation", default="sigmoid")
    bp.add_argument("--cost", default="cross-entropy")
    bp.add_argument("--init", default="book", help="book | standard | glorot | he")
    bp.add_argument("--seed", type=int, default=0, help="seed of the weights and random data")
    bp.add_argument("--batch", type=_positive_int, default=1000, help="random examples")
    bp.add_argument("--data", metavar="FILE.npz",
                    help="arrays X (batch, n_0) and Y (batch, n_L) instead of random ones")
    bp.add_argument("--format", choices=FORMATS, default="text",
                    help="latex: the matrix backprop equations for this depth (no numbers)")

    sub.add_parser("list", help="the claims, with ids")
    pr = sub.add_parser("prove", help="prove claims by id (or --all)")
    pr.add_argument("ids", nargs="*")
    pr.add_argument("--all", action="store_true")
    pr.add_argument("--format", choices=FORMATS, default="text")
    pr.add_argument("--exhaustive", action="store_true",
                    help="matrix claims: every network with widths <= 3, depth <= 4 (~1 min)")
    pr.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1),
                    help="worker processes (default: 2, or 1 on a 1-core machine)")

    ex = sub.add_parser("experiment", help="experiments on real MNIST digits")
    exs = ex.add_subparsers(dest="experiment", parser_class=_Parser, required=True)
    sp_ = exs.add_parser("speed", help="the chapter's speed of learning per hidden layer")
    sp_.add_argument("--sizes", action="append", metavar="784,N1,...,10",
                     help="a network (repeatable; default: the book's three)")
    sp_.add_argument("--epochs", type=_nonnegative_int, default=500,
                     help="epochs of full-batch gradient descent (0: initial norms only)")
    sp_.add_argument("--seeds", type=_positive_int, default=5,
                     help="number of seeds 0..N-1 (default 5)")
    sp_.add_argument("--activation", default="sigmoid")
    sp_.add_argument("--init", default="book", help="book | standard | glorot | he")
    sp_.add_argument("--cost", default=None, help="cross-entropy (default for sigmoid) or "
                     "quadratic (default otherwise: cross-entropy needs outputs in (0, 1))")
    sp_.add_argument("--format", choices=("text", "json"), default="text")
    sp_.add_argument("-o", "--output", metavar="FILE",
                     help="write the plot (FILE.png, .pdf or .svg); no plot without -o")
    sp_.add_argument("--no-plot", action="store_true", help=argparse.SUPPRESS)  # the old default
    sp_.add_argument("--threads", type=_positive_int, default=1, help="BLAS threads (default 1)")

    n = sub.add_parser("notes", help="the claims, proofs and figures as LaTeX (.tex) or PDF")
    n.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="FILE.tex (LaTeX, figures in FILE-figures/), FILE.pdf (compiled), "
                        "or - (LaTeX on stdout)")
    n.add_argument("--only", nargs="+", metavar="ID", help="only these claims (see derive list)")
    n.add_argument("--snippet", action="store_true",
                   help="a paste-ready fragment without preamble (with -o FILE.tex or -)")
    n.add_argument("--no-figures", action="store_true", help="leave the figures out")
    n.add_argument("--engine", choices=("pdflatex", "lualatex"),
                   help="LaTeX engine for .pdf (default: the first found on PATH)")

    ck = sub.add_parser("check", help="verify the equations in your own notes (Markdown/LaTeX)")
    ck.add_argument("files", nargs="+", metavar="FILE",
                    help=".md, .tex or .ipynb (its Markdown cells) files, globs "
                         "('notes/**/*.md'), or - for standard input")
    ck.add_argument("--format", choices=("text", "json"), default="text")
    ck.add_argument("--strict", action="store_true",
                    help="exit 1 also when an equation is unknown or a file has no equation")
    ck.add_argument("--cache", metavar="DIR",
                    help="remember decided statements in DIR across runs")
    _add_version_and_define(p, sub)
    return p


# ----------------------------------------------------------------------------- --define, --version

DEFINE_HELP = (r'define an activation from its formula, e.g. "swish(z) = z\sigma(z)" '
               "(LaTeX, read by derive's grammar; repeatable); then --activation swish")


def _add_version_and_define(p: argparse.ArgumentParser, sub) -> None:
    """``derive --version`` and ``--define`` on the top level and every command."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("derive")
    except PackageNotFoundError:  # running from a checkout that is not installed
        v = "unknown"
    p.add_argument("--version", action="version", version=f"derive {v}")
    p.add_argument("--define", dest="define_top", action="append", default=[],
                   metavar="NAME(z) = FORMULA", help=DEFINE_HELP)
    for command in sub.choices.values():
        command.add_argument("--define", action="append", default=[],
                             metavar="NAME(z) = FORMULA", help=DEFINE_HELP)


def _apply_defines(args: argparse.Namespace) -> None:
    """Register every ``--define`` (top level first) before the command runs."""
    texts = [*getattr(args, "define_top", []), *getattr(args, "define", [])]
    if texts:  # only then load the registry (and SymPy): `derive list` stays light
        from derive.activations import define

        for text in texts:
            define(text)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        _apply_defines(args)
        if args.command is None:
            return _prove(argparse.Namespace(ids=[], all=True, format="text", exhaustive=False,
                                             jobs=min(2, os.cpu_count() or 1)))
        return {"chain": _chain, "list": _list, "prove": _prove,
                "experiment": _experiment,
                "backprop": _backprop, "notes": _notes,
                "check": _check}[args.command](args)
    except InputError as err:
        print(f"derive: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`derive ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ----------------------------------------------------------------------------- chain

def _read_params(path: str, depth: int) -> chain.Params:
    from derive import chain

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
    from derive import chain

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
    import numpy as np

    from derive import chain
    from derive.proof import PROVED

    grad = chain.gradient(args.depth, args.wrt, args.activation, args.cost)
    params = value = None
    if args.evaluate or args.params:
        if args.cost == "generic":
            raise InputError("--evaluate needs a concrete cost (quadratic or cross-entropy)")
        params = (_read_params(args.params, args.depth) if args.params
                  else chain.random_params(args.depth, np.random.default_rng(args.seed)))
        value = _value(grad, params)
    proof = chain.prove(grad)
    if args.format == "latex":  # a delimited display: `>> notes.tex` is read by derive check
        print(f"\\[\n{grad.latex()}\n\\]")
    elif args.format == "json":
        out = {
            "depth": grad.depth, "wrt": f"{grad.param}{grad.layer}",
            "activation": grad.activation, "cost": grad.cost,
            "expression": grad.expr_str, "latex": grad.latex(), "text": grad.text(),
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
        from derive.latex import rich_text

        for s in proof.steps:
            print(f"  [{s.verdict}] {s.method}: {rich_text(s.reason)}")
    return 0 if proof.verdict == PROVED else 1


# ----------------------------------------------------------------------------- backprop

def _backprop(args: argparse.Namespace) -> int:
    import numpy as np

    from derive.network import Network, random_batch

    if args.seed < 0:
        raise InputError(f"--seed must be >= 0, not {args.seed}")
    net = Network(args.sizes, args.activation, args.cost, args.init, seed=args.seed)
    if args.format == "latex":
        from derive import matrix

        L = net.depth
        lines = [matrix.LATEX[k] for k in ("bp1", "bp2", "bp3", "bp4")]
        lines += [matrix.delta_product_tex(l, L) for l in range(1, L + 1)]
        lines.append(matrix.sigma_prime_tex(net.activation))
        # a delimited display: `>> notes.tex` is read back (and proved) by derive check
        print("\\begin{gather*}\n" + " \\\\\n".join(lines) + "\n\\end{gather*}")
        return 0
    if args.data:
        try:
            with np.load(args.data) as d:
                X, Y = np.asarray(d["X"], dtype=float), np.asarray(d["Y"], dtype=float)
        except (OSError, ValueError, KeyError) as err:
            raise InputError(f"cannot read arrays X and Y from {args.data} ({err})") from None
        source = args.data
    else:
        X, Y = random_batch(net.sizes, args.batch, np.random.default_rng([args.seed, 1]),
                            net.cost)
        source = f"random (seed {args.seed})"
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
        raise InputError("X and Y must be finite numbers")
    bias = net.bias_gradient_norms(X, Y)
    weight = net.weight_gradient_norms(X, Y)
    if args.format == "json":
        print(json.dumps({
            "sizes": net.sizes, "activation": net.activation, "cost": net.cost,
            "init": net.init, "seed": args.seed, "batch": int(X.shape[0]), "data": source,
            "layers": [{"layer": l, "bias_gradient_norm": float(b),
                        "weight_gradient_norm": float(w)}
                       for l, (b, w) in enumerate(zip(bias, weight), start=1)],
        }, indent=2))
    else:
        print(f"{net!r}, batch {X.shape[0]}, data {source}")
        print(f"{'layer':>5s}  {'||dC/db^l||':>12s}  {'||dC/dw^l||_F':>14s}")
        for l, (b, w) in enumerate(zip(bias, weight), start=1):
            print(f"{l:5d}  {b:12.6g}  {w:14.6g}")
    return 0


# ----------------------------------------------------------------------------- claims

def _list(args: argparse.Namespace) -> int:
    from derive.proofs import INDEX  # the static table: no proof module (nor SymPy) loaded

    for id, summary in INDEX:
        print(f"{id:28s} {summary}")
    print(f"{'gamma.NAME':28s} gamma = sup|f'| of any registered activation, proved on demand "
          "(derive prove gamma.swish)")
    return 0


def _gamma_claims(ids: Sequence[str]) -> None:
    """Register the on-demand claims ``gamma.NAME`` among ``ids`` (InputError for an
    activation that is not registered)."""
    names = [i[len("gamma."):] for i in ids or () if i.startswith("gamma.")]
    if names:
        from derive.proofs.activations import gamma_claim

        for name in names:
            gamma_claim(name)


def _prove(args: argparse.Namespace) -> int:
    from derive.proofs import INDEX

    known = {id for id, _ in INDEX}
    for id in args.ids:  # before any proof module (and SymPy) is imported
        if id not in known and not id.startswith("gamma."):
            raise InputError(f"unknown claim {id!r} (see `derive list`)")
    _gamma_claims(args.ids)
    from derive.proof import EVIDENCE, PROVED
    from derive.proofs import all_claims, get, prove_many

    if args.all or not args.ids:
        claims = all_claims()
    else:
        claims = [get(i) for i in args.ids]
    proofs: list[Proof] = []
    if args.format == "text":
        print(_ROW.format("id", "statement", "method", "verdict", "seconds"))
    progress = _claim_progress(len(claims))
    for c, p in zip(claims, prove_many(claims, args.exhaustive, args.jobs, progress)):
        proofs.append(p)
        if args.format == "text":
            if progress is not None:
                print("\r\033[K", end="", file=sys.stderr, flush=True)  # clear the progress line
            _row(p)
    if args.format == "json":
        print(json.dumps([p.to_dict() for p in proofs], indent=2))
    elif args.format == "latex":
        from derive.latex import proof_latex

        print("\n\n".join(proof_latex(p) for p in proofs))
    else:
        n = sum(p.verdict == PROVED for p in proofs)
        print(f"{n} of {len(proofs)} claims proved")
    return 0 if all(p.verdict in (PROVED, EVIDENCE) for p in proofs) else 1


def _claim_progress(total: int):
    """A callback drawing one progress line on stderr as each claim finishes (in the order
    they finish); None when stderr is not a terminal. The line is cleared at the end."""
    if not sys.stderr.isatty():
        return None
    done = [0]

    def show(p: Proof) -> None:
        done[0] += 1
        end = "\r\033[K" if done[0] == total else ""
        print(f"\r\033[K[{done[0]}/{total}] {p.id} {p.verdict} {p.seconds:.2f}s", end=end,
              file=sys.stderr, flush=True)

    return show


# The table fits 100 columns: id, the statement in Unicode math, the methods, verdict, seconds.
_ROW = "{:22.22s} {:40s} {:17s} {:8s} {:>7s}"
_METHOD_SHORT = {"identity": "ident", "certificate": "cert", "solve": "solve",
                 "interval": "interval", "induction": "induct", "counterexample": "counterex",
                 "evidence": "evidence", "rule": "rule"}


def _cut(s: str, width: int) -> str:
    return s if len(s) <= width else s[:width - 1] + "…"


def _row(p: Proof) -> None:
    from derive.latex import tex_to_text

    methods = "+".join(_METHOD_SHORT.get(m, m) for m in dict.fromkeys(s.method for s in p.steps))
    print(_ROW.format(_cut(p.id, 22), _cut(tex_to_text(p.statement), 40), _cut(methods, 17),
                      str(p.verdict), f"{p.seconds:6.2f}s"), flush=True)


# ----------------------------------------------------------------------------- experiment

class _Progress:
    """One status line on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.on = sys.stderr.isatty()
        self.t0 = time.perf_counter()
        self.shown = ""

    def status(self, text: str) -> None:
        if self.on and text != self.shown:
            self.shown = text
            width = max(20, _terminal_columns() - 1)
            print("\r\x1b[K" + text[:width], end="", file=sys.stderr, flush=True)

    def bar(self, label: str, done: int, total: int, unit: str = "epochs") -> None:
        pct = 100 if total == 0 else 100 * done // total
        bar = "#" * (pct // 5) + "." * (20 - pct // 5)
        secs = time.perf_counter() - self.t0
        self.status(f"{label} [{bar}] {done}/{total} {unit} {secs:5.1f} s")

    def clear(self) -> None:
        if self.on and self.shown:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)
            self.shown = ""


def _terminal_columns() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def _experiment(args: argparse.Namespace) -> int:
    from derive import data, experiment as ex
    from derive.proof import EVIDENCE, PROVED

    sizes = [ex.parse_sizes(s) for s in args.sizes] if args.sizes else list(ex.BOOK_SIZES)
    settings = ex.Settings(activation=args.activation, init=args.init, epochs=args.epochs,
                           seeds=tuple(range(args.seeds)),
                           cost=args.cost or ex.default_cost(args.activation))
    if args.output and not args.output.lower().endswith((".png", ".pdf", ".svg")):
        raise InputError(f"-o {args.output}: the plot must end in .png, .pdf or .svg")
    sample = data.training_sample()
    bar = _Progress()
    result = ex.run_speed(sizes, settings, sample, bar.bar if bar.on else None, args.threads)
    bar.clear()
    plot = ex.plot_speed(result, args.output) if args.output and not args.no_plot else None
    if args.format == "json":
        out = result.to_dict()
        out["plot"] = plot
        print(json.dumps(out, indent=1))
    else:
        _speed_table(result)
        if plot:
            print(f"plot: {plot}")
    ok = all(p.verdict in (PROVED, EVIDENCE) for p in result.claims)
    return 0 if ok else 1


def _pm(mean: float, sd: float) -> str:
    return f"{mean:.4g} ± {sd:.2g}"


def _speed_table(result) -> None:
    from derive.experiment import _spread
    from derive.proof import EVIDENCE, PROVED

    s = result.settings
    print(f"Speed of learning ‖∂C/∂bˡ‖ of each hidden layer l, the gradient averaged over\n"
          f"{len(result.data)} MNIST images "
          f"(100 per digit, draw seed {result.data.seed})")
    print(f"{s.activation}, {s.cost}, init {s.init}; {s.epochs} epochs, η = {s.eta:g}, "
          f"λ = {s.lmbda:g}; {len(s.seeds)} seeds (mean ± sd)")
    for run in result.runs:
        print(f"\n{list(run.sizes)}  ({run.seconds:.1f} s)")
        ini, fin = run.initial, run.norms[:, -1, :]
        rat = run.consecutive_ratios()[:, 0, :]
        book = run.book if s.is_book else None
        print(f"  {'layer':5s} {'initial':>20s} {'book':>7s} {'epoch ' + str(s.epochs):>20s}"
              f" {'ratio to next':>16s}")
        for i in range(run.hidden):
            b = f"{book[i]:g}" if book else "-"
            r = _pm(rat[:, i].mean(), _spread(rat[:, i:i + 1])[0]) if i < run.hidden - 1 else ""
            print(f"  {i + 1:<5d} {_pm(ini[:, i].mean(), _spread(ini[:, i:i + 1])[0]):>20s} "
                  f"{b:>7s} {_pm(fin[:, i].mean(), _spread(fin[:, i:i + 1])[0]):>20s} {r:>16s}")
    mf = result.mean_field
    if mf is not None:
        print(f"\nmean-field prediction for the ratio to next: √χ₁ = {mf.sqrt_chi1:.4f}"
              f" (q* = {mf.q_star:.4f}, χ₁ = {mf.chi1:.5f}; quadrature, evidence)")
    if result.claims:
        print("\nthe book's observations (measurements are evidence, never proof):")
    for p in result.claims:
        held = "holds" if p.verdict == EVIDENCE else "DOES NOT HOLD"
        print(f"  [{p.verdict}] {p.id}: {held}")
        for st in p.steps:
            print(_wrap_text(f"{st.claim}: {st.reason}", "      "))
        for note in p.evidence:
            print(_wrap_text(f"note: {note}", "      "))
    bad = [p.id for p in result.claims if p.verdict not in (PROVED, EVIDENCE)]
    if bad:
        print(f"\nnot supported by this run: {', '.join(bad)} (exit code 1)")


def _wrap_text(text: str, indent: str, width: int = 100) -> str:
    import textwrap

    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "  ")
# ----------------------------------------------------------------------------- notes

def _notes(args: argparse.Namespace) -> int:
    from derive import document
    from derive.proof import EVIDENCE, PROVED

    _gamma_claims(args.only)
    bar = _Progress()
    try:
        notes, source = document.write_notes(args.output, args.only, args.snippet,
                                             not args.no_figures, args.engine,
                                             progress=bar.status if bar.on else None)
    except document.CompileError as err:
        bar.clear()
        print(f"derive: error: {err}", file=sys.stderr)
        return 1
    bar.clear()
    if args.output == "-":
        print(source, end="")
    else:
        n = {v: sum(p.verdict == v for p in notes.proofs) for v in (PROVED, EVIDENCE)}
        figs = f", {len(notes.figures)} figures in {notes.figures[0].parent}" if notes.figures \
            else ""
        print(f"wrote {notes.output}: {len(notes.proofs)} claims ({n[PROVED]} proved, "
              f"{n[EVIDENCE]} evidence){figs}", file=sys.stderr)
    return 0 if all(p.verdict in (PROVED, EVIDENCE) for p in notes.proofs) else 1
# ----------------------------------------------------------------------------- check

def _check(args: argparse.Namespace) -> int:
    import glob

    from derive.check import check_file
    from derive.check.cache import Cache
    from derive.check.extract import math_outside_delimiters
    from derive.latex import rich_text

    paths: list[str] = []
    for pattern in args.files:
        if pattern != "-" and glob.has_magic(pattern):
            found = sorted(glob.glob(pattern, recursive=True))
            if not found:
                raise InputError(f"no file matches {pattern}")
            paths += found
        else:
            paths.append(pattern)
    cache = Cache(args.cache)
    verdicts = ("proved", "refuted", "unknown", "definition", "condition", "expression")
    everything, empty = [], []
    for path in paths:
        name = "<stdin>" if path == "-" else path
        results = check_file(path, cache=cache)
        claims = [r for r in results if str(r.verdict) in ("proved", "refuted", "unknown")]
        if results and not claims:
            empty.append(name)
            if args.format == "text":
                print(f"{name}: no claim among its {len(results)} equations (only definitions, "
                      "conditions and expressions)", flush=True)
        if not results:
            empty.append(name)
            hint = math_outside_delimiters(path)
            msg = f"{name}: no delimited equation found" + (f" ({hint})" if hint else "")
            if args.format == "text":
                print(msg, flush=True)
        everything += [(name, r) for r in results]
        if args.format == "text":
            for r in results:
                src = r.source if len(r.source) <= 90 else r.source[:87] + "..."
                print(f"{name}:{r.place}  {src}  {r.verdict}  {rich_text(r.reason)}", flush=True)
    counts = {v: sum(str(r.verdict) == v for _, r in everything) for v in verdicts}
    failed = counts["refuted"] > 0 or (args.strict and (counts["unknown"] > 0 or bool(empty)))
    code = 1 if failed else 0
    if args.format == "json":
        summary = {"files": len(paths), "equations": len(everything), **counts,
                   "no_equations": empty, "cache_hits": cache.hits, "strict": args.strict,
                   "exit": code}
        print(json.dumps({"results": [{"file": f, **r.to_dict()} for f, r in everything],
                          "summary": summary}, indent=2, ensure_ascii=False))
    else:
        shown = ", ".join(f"{n} {v}" for v, n in counts.items() if n or v in verdicts[:3])
        files = f" in {len(paths)} files" if len(paths) > 1 else ""
        print(f"{len(everything)} equations{files}: {shown}")
    return code


def entry() -> None:
    """Console-script entry point; a closed pipe (``derive list | head -2``) ends quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at devnull so that flush is silent
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141  # 128 + SIGPIPE, as a shell reports it
    sys.exit(code)


if __name__ == "__main__":
    entry()
