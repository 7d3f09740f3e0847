"""Build ``corpus.jsonl`` from ``true.txt``: each true inequality (from the literature), and
false variants (relation reversed, a constant moved by 10% or a margin of 1/100, a premise
dropped) kept only where dense sampling at 30 digits finds a point that violates them by
more than 1e-9 (the label "false"; the prover must still refute them rigorously).

Run once: ``python tests/data/inequalities/build.py [NAME]`` (NAME.txt to NAME.jsonl; the
default ``true`` writes ``corpus.jsonl``; ``heldout`` and ``heldout2`` are the sets kept aside
from tuning; up to three variables x, y, z). Test data, not user input: the SymPy strings here
are ours. A "true" row that sampling finds violated is reported and left out."""

import json
import pathlib

import mpmath
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

HERE = pathlib.Path(__file__).parent
x, y, z = sp.symbols("x y z", real=True)
NAMES = {"x": x, "y": y, "z": z, "Max": sp.Max, "Min": sp.Min, "abs": sp.Abs, "Ne": sp.Ne,
         "pi": sp.pi, "cbrt": sp.cbrt}
REL = {"<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}
FLIP = {"<=": ">", "<": ">=", ">=": "<", ">": "<="}


def read(text: str) -> sp.Expr:
    return parse_expr(text, local_dict=NAMES)


def latex(lhs, rel, rhs, domain) -> str:
    tex = {"<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}[rel]
    body = f"{sp.latex(lhs, ln_notation=True)} {tex} {sp.latex(rhs, ln_notation=True)}"
    if not domain:
        return body
    prem = r" \land ".join(sp.latex(d) for d in domain)
    return f"{prem} \\implies {body}"


def grid(n_vars: int):
    lin = [mpmath.mpf(i) / 200 for i in range(-2000, 2001)]
    logs = [s * mpmath.mpf(10) ** (k / 40) for k in range(-160, 161) for s in (1, -1)]
    one = sorted(set(lin + logs))
    if n_vars == 1:
        return [(v,) for v in one]
    coarse = [mpmath.mpf(i) / 8 for i in range(-40, 41)] + [
        s * mpmath.mpf(10) ** (k / 4) for k in range(-8, 9) for s in (1, -1)]
    coarse = sorted(set(coarse))
    if n_vars == 2:
        return [(a, b) for a in coarse for b in coarse]
    third = sorted(set([mpmath.mpf(i) / 4 for i in range(-12, 13)] + [
        s * mpmath.mpf(10) ** (k / 2) for k in range(-4, 5) for s in (1, -1)]))
    return [(a, b, c) for a in third for b in third for c in third]


def violated(slack: sp.Expr, strict: bool, domain) -> str | None:
    """A sampled point where the statement fails by more than 1e-9, or None."""
    syms = sorted(slack.free_symbols | set().union(*(d.free_symbols for d in domain)),
                  key=lambda s: s.name) or [x]
    f = sp.lambdify(syms, slack, "mpmath")
    # the size of the terms of the slack, so that the confirmation runs with
    # enough digits (exp(x) - 1 - abs(exp(x) - 1) at x = 562 is 0, but rounding noise at 120).
    size = sp.lambdify(syms, sp.Add(*[sp.Abs(t) for t in sp.Add.make_args(slack)]), "mpmath")
    # where every subexpression is real and defined (derive's reading): |x ln x| at x < 0
    # is a real number of a complex one, no point of the statement
    from derive.proof import definedness

    conds = [sp.lambdify(syms, d, "mpmath") for d in [*domain, *definedness(slack)]]
    mpmath.mp.dps = 30
    for p in grid(len(syms)):
        try:
            if not all(c(*p) for c in conds):
                continue
            v = f(*p)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            continue
        if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
            continue
        if v < -1e-9 and confirmed(f, p, size):
            return ", ".join(f"{s} = {mpmath.nstr(q, 8)}" for s, q in zip(syms, p))
    return None


def confirmed(f, p, size=None) -> bool:
    """The violation at ``p`` again at 120 digits (30 digits lose a product like
    (1 - tanh(x)**2)*sinh(x)*cosh(x) at x = -30 to cancellation)."""
    extra = 0
    if size is not None:
        try:
            s = size(*p)
            if mpmath.isfinite(s) and s > 1:
                extra = int(mpmath.log10(s)) + 10
                if extra > 2000:  # terms of 10^2000 and more (exp(2.55e8 t) at t = -10):
                    return False  # not confirmed at a sane precision
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            pass
    mpmath.mp.dps = 120 + extra
    try:
        v = f(*p)
        return not isinstance(v, mpmath.mpc) and mpmath.isfinite(v) and v < -1e-9
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False
    finally:
        mpmath.mp.dps = 30


def slack_of(lhs, rel, rhs):
    return (rhs - lhs, rel == "<") if rel in ("<=", "<") else (lhs - rhs, rel == ">")


def constants(e: sp.Expr):
    out = []
    for a in sp.preorder_traversal(e):
        if a.is_Rational and a not in (0, 1, -1) and not (a.is_Integer and abs(a) <= 4 and
                                                          any(p.is_Pow and p.exp == a for p in
                                                              sp.preorder_traversal(e))):
            out.append(a)
    return list(dict.fromkeys(out))


def variants(item):
    lhs, rel, rhs, domain = item["lhs"], item["rel"], item["rhs"], item["domain"]
    yield "reversed", lhs, FLIP[rel], rhs, domain
    for c in constants(rhs)[:1] + constants(lhs)[:1]:
        for f in (sp.Rational(11, 10), sp.Rational(9, 10)):
            yield f"constant {c} -> {c * f}", lhs.xreplace({c: c * f}), rel, rhs.xreplace(
                {c: c * f}), domain
    margin = sp.Rational(1, 100)
    if rel in ("<=", "<"):
        yield "margin 1/100", lhs + margin, rel, rhs, domain
    else:
        yield "margin 1/100", lhs, rel, rhs + margin, domain
    for i in range(len(domain)):
        yield f"premise {domain[i]} dropped", lhs, rel, rhs, domain[:i] + domain[i + 1:]


def main(name: str = "true") -> None:
    items = []
    for line in (HERE / f"{name}.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ident, source, lhs, rel, rhs, dom = (p.strip() for p in line.split("|"))
        domain = [read(d) for d in dom.split(";") if d.strip()]
        items.append({"id": ident, "source": source, "lhs": read(lhs), "rel": rel,
                      "rhs": read(rhs), "domain": domain})
    rows = []
    for it in items:
        slack, strict = slack_of(it["lhs"], it["rel"], it["rhs"])
        bad = violated(slack, strict, it["domain"])
        if bad is not None:
            print("NOT TRUE by sampling, left out:", it["id"], bad)
            continue
        rows.append(dict(id=it["id"], truth=True, source=it["source"],
                         latex=latex(it["lhs"], it["rel"], it["rhs"], it["domain"]),
                         lhs=sp.srepr(it["lhs"]), rel=it["rel"], rhs=sp.srepr(it["rhs"]),
                         domain=[sp.srepr(d) for d in it["domain"]]))
        kept = 0
        for how, lhs, rel, rhs, domain in variants(it):
            if kept == 2:
                break
            slack, strict = slack_of(lhs, rel, rhs)
            if slack == 0 or isinstance(slack, sp.Rational):
                continue
            where = violated(slack, strict, domain)
            if where is None:
                continue
            kept += 1
            rows.append(dict(id=f"{it['id']}~{kept}", truth=False,
                             source=f"false variant of {it['id']}: {how}; fails near {where}",
                             latex=latex(lhs, rel, rhs, domain), lhs=sp.srepr(lhs), rel=rel,
                             rhs=sp.srepr(rhs), domain=[sp.srepr(d) for d in domain]))
    out = "corpus.jsonl" if name == "true" else f"{name}.jsonl"
    with open(HERE / out, "w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    print(sum(r["truth"] for r in rows), "true,", sum(not r["truth"] for r in rows), "false")


if __name__ == "__main__":
    import sys

    main(*sys.argv[1:2])
