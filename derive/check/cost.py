r"""The cost's own gradient at the output layer, read with the book's conventions:
``\frac{\partial C}{\partial a_L} = a_L - y`` (derive's own output line) and
``\delta^L = a^L - y`` (``\delta^L = \partial C/\partial z^L``), with the quadratic cost
``C = \frac12 (a_L - y)^2`` (per component; ``y`` the target) unless the notes say
cross-entropy (``C = -[y \ln a_L + (1 - y)\ln(1 - a_L)]``), and ``a_L = \sigma(z_L)`` (or the
activation written). One output component: the statement is the same for every component
and every depth, so this decides it in general.
"""

from __future__ import annotations

import re

import sympy as sp

from derive import activations
from derive.check.common import COST, COST_DEFINED, _acts, _tex, _unknown, chain_activation
from derive.check.identity import decide_identity
from derive.proof import Step, certify_all

_OUTPUT = re.compile(r"^dC/d([az])_(L|\d+)$")


def is_cost_gradient(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """``dC/da_X = f(a_X, z_X, y)`` or ``dC/dz_X = ...`` with ``y`` on the other side."""
    for p, other in ((lhs, rhs), (rhs, lhs)):
        if isinstance(p, sp.Symbol) and (m := _OUTPUT.match(p.name)):
            names = {s.name for s in other.free_symbols}
            if "y" in names and names <= {f"a_{m[2]}", f"z_{m[2]}", "y"}:
                return True
    return False


def decide_cost_gradient(lhs: sp.Expr, rhs: sp.Expr, claim: str) -> Step:
    p, other = (lhs, rhs) if isinstance(lhs, sp.Symbol) and _OUTPUT.match(lhs.name) else (
        rhs, lhs)
    kind, layer = _OUTPUT.match(p.name).groups()
    a, z, y = (sp.Symbol(n, real=True) for n in (f"a_{layer}", f"z_{layer}", "y"))
    names = {x.activation for x in _acts(other)}
    if len(names) > 1:
        return _unknown(claim, "more than one activation at the output layer")
    name = chain_activation(names, claim)
    if isinstance(name, Step):
        return name
    act = activations.ACTIVATIONS[name]
    cost = COST[0]
    defined = COST_DEFINED[0]
    bare = sp.Symbol("a", real=True)  # the book's eq. 57 writes the output as a
    renamed = ""
    if defined is not None and bare in defined.free_symbols and a not in defined.free_symbols:
        defined = defined.xreplace({bare: a})
        renamed = f" (its $a$ read as the output $a_{{{layer}}}$)"
    if defined is not None:
        if not defined.free_symbols <= {a, y}:
            return _unknown(claim, f"the notes define $C = {_tex(defined)}$, not a function of "
                            f"$a_{{{layer}}}$ and $y$ alone")
        C, cost = defined, "defined"
        said = f"the cost the notes define, $C = {_tex(defined)}${renamed}"
    elif cost == "cross-entropy":
        C = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
        said = (rf"the cross-entropy cost $C = -[y \ln a_{{{layer}}} + (1-y) \ln(1-a_{{{layer}}})]$"
                " (the notes say cross-entropy)")
    else:
        C = (a - y) ** 2 / 2
        said = (rf"the quadratic cost $C = \frac{{1}}{{2}}(a_{{{layer}}} - y)^2$ (the book's "
                "default; notes that say cross-entropy, or define $C$, are read with theirs)")
    out = act.func(z)
    if kind == "a":
        true, claimed = sp.diff(C, a), other
        if other.has(z):
            true, claimed = true.xreplace({a: out}), claimed.xreplace({a: out})
        domain = (sp.Gt(a, 0), sp.Lt(a, 1)) if cost == "cross-entropy" and not other.has(z) \
            else ()
        if cost == "defined":
            domain = ()
    else:
        true, claimed = sp.diff(C.xreplace({a: out}), z), other.xreplace({a: out})
        domain = ()
    step = decide_identity(true, claimed, claim, domain)
    how = (f"with {said}, $y$ the target and $a_{{{layer}}} = {act.tex}(z_{{{layer}}})$ the output "
           "(one component: the same for every component and depth)")
    if step.verdict == "proved":
        return certify_all(claim, step.method, [step], f"{how}: {step.reason}")
    return Step(claim, step.method, step.verdict, f"{how}: {step.reason}", step.rules)
