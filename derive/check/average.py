r"""The cost as an average over training inputs, the book's assumption (eq. 26):
``C = \frac{1}{n}\sum_x C_x`` over the ``n`` training inputs ``x``. A statement about
``\sum_x C_x``, ``C`` and ``n`` (``\sum_x C_x = n C``) is decided with that definition: the
sum is one real number ``S`` (any values of the ``C_x``), ``C = S/n``, ``n \ge 1`` a whole
number. Proved by ``certify_identity``; refuted at exact values (``n = 2``, ``C_1 = 1``,
``C_2 = 0``) where the two sides differ.
"""

from __future__ import annotations

import re

import sympy as sp

from derive.parse import NotUnderstood, parse
from derive.proof import REFUTED, UNKNOWN, Step, certify_all, certify_identity, certify_sign

_SUM_X = re.compile(r"\\sum\s*(?:\\limits)?\s*_\s*(?:\{\s*x\s*\}|x)\s*C\s*_\s*(?:\{\s*x\s*\}|x)")
_S = sp.Symbol("S_x", real=True)  # the placeholder for the sum (a name no reader makes)
_N, _C = sp.Symbol("n", real=True), sp.Symbol("C", real=True)
DEFINITION = (r"the book's definition of the cost as the average over the $n$ training inputs, "
              r"$C = \frac{1}{n} \sum_{x} C_x$")


def is_average(src: str) -> bool:
    return bool(_SUM_X.search(src))


def decide_average(src: str, claim: str) -> Step | None:
    r"""Decide ``src`` (which has ``\sum_x C_x``) with ``C = \frac1n \sum_x C_x``; None when
    it is the definition itself (the caller reports a definition)."""
    text = _SUM_X.sub(" S_x ", src)
    try:
        st = parse(text)
    except NotUnderstood as err:
        return Step(claim, "parse", UNKNOWN, f"not understood: {err}")
    if st.premise is not None or st.expr is not None or len(st.relations) != 1 or \
            st.relations[0].op != "=":
        return Step(claim, "parse", UNKNOWN, r"not understood: $\sum_x C_x$ outside an "
                    "identity")
    rel = st.relations[0]
    syms = sp.Tuple(rel.lhs, rel.rhs).free_symbols
    if not syms <= {_S, _N, _C} or _S not in syms:
        return Step(claim, "parse", UNKNOWN, r"not understood: $\sum_x C_x$ with names other "
                    "than $C$ and $n$")
    if (rel.lhs == _C and rel.rhs == _S / _N) or (rel.rhs == _C and rel.lhs == _S / _N):
        return None
    n = sp.Symbol("n", integer=True, positive=True)
    S = sp.Symbol("S", real=True)
    sub = {_C: S / n, _N: n, _S: S}
    lhs, rhs = rel.lhs.xreplace(sub), rel.rhs.xreplace(sub)
    step = certify_identity(lhs, rhs, claim, points=[])
    if step.verdict != REFUTED and step.verdict != UNKNOWN:
        return certify_all(claim, "identity", [step], f"with {DEFINITION}: {step.reason}")
    at = {n: sp.Integer(2), S: sp.Integer(1)}
    differs = certify_sign(sp.Abs(lhs - rhs).xreplace(at), claim, strict=True)
    if differs.verdict == "proved":
        return Step(claim, "counterexample", REFUTED,
                    f"with {DEFINITION}: for $n = 2$ inputs with $C_1 = 1$, $C_2 = 0$ the two "
                    f"sides differ ({differs.reason})", differs.rules)
    return Step(claim, "identity", UNKNOWN, f"with {DEFINITION}: not decided ({step.reason})")
