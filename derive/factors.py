r"""A slack that is a product of factors, each of one sign: the chapter's ``|w \sigma'(z)|
\le \frac{|w|}{4}`` is ``|w| (\frac14 - \sigma'(z)) \ge 0``, a factor in ``w`` alone and
one in ``z`` alone, while the box search alone meets the two lines where the slack is 0.

``|a b|`` is written ``|a| |b|``, the common factors are pulled out by SymPy's
``factor_terms`` (no cancellation, so the
product is defined wherever the slack is: its definedness conditions are checked to be
among the slack's), the kernel checks the product equal to the slack, and each non-constant
factor is shown ``>= 0`` (``> 0`` for a strict claim) on the domain by the whole engine
(``derive.realprove``), or, where that is refuted, its negative (an even number of them).
The trusted rule *product of signs* then gives the claim.
"""

from __future__ import annotations

import sympy as sp

from derive import clock
from derive.guard import Nesting
from derive.latex import math as tex_math
from derive.proof import (
    CONSTRAINT_RELATIONS,
    PROVED,
    REFUTED,
    BoxProblem,
    Step,
    StepTimeout,
    apply_rule,
    certify_identity,
    definedness,
    time_limit,
)

MAX_NEST = 1  # a factor's own decision does not look for factors again
_ACTIVE = Nesting()
_REL = CONSTRAINT_RELATIONS


def split(slack: sp.Expr) -> tuple[sp.Expr, list[sp.Expr]] | None:
    """``(product, factors)``: ``slack`` with its common factors pulled out and the factors
    with variables (a positive number aside), or None when there are fewer than two of them
    or the product may be undefined where the slack is defined."""
    # |a b| = |a| |b| for real a, b (SymPy splits |.| only where it knows a factor's sign)
    slack = slack.replace(lambda e: isinstance(e, sp.Abs) and e.args[0].is_Mul,
                          lambda e: sp.Mul(*[sp.Abs(f) for f in e.args[0].args]))
    product = sp.factor_terms(slack)
    coeff, parts = product.as_coeff_mul()
    factors = [f for f in parts if f.free_symbols]
    if not coeff.is_positive or len(factors) < 2 or len(factors) != len(parts):
        return None
    if not set(definedness(product)) <= set(definedness(slack)):
        return None
    return product, factors


def product_signs(problem: BoxProblem, claim: str, seconds: float, decide) -> Step | None:
    """A proved step for ``problem`` by the rule *product of signs*, or None. ``decide`` is
    the engine (``realprove._decide``: slack, strict, domain, claim, seconds -> Step)."""
    if len(_ACTIVE) >= MAX_NEST:
        return None
    deadline = clock.now() + seconds
    with _ACTIVE.enter():
        try:
            with time_limit(min(1.0, seconds / 4)):
                got = split(problem.slack)
        except StepTimeout:
            return None  # (its own limit; an enclosing one fires again and is re-raised)
        if got is None:
            return None
        product, factors = got
        rels = [_REL[k](g, 0) for g, k in problem.constraints]
        same = certify_identity(problem.slack, product, "the slack is the product "
                                f"{tex_math(product)}", points=[])
        if same.verdict != PROVED:
            return None
        steps, signs = [same], []
        rel = ">" if problem.strict else r"\ge"
        for k, f in enumerate(factors):
            for sign in (1, -1):  # f >= 0, else (f refuted there) -f >= 0
                left = deadline - clock.now()
                if left < 0.2:
                    return None
                step = decide(sign * f, problem.strict, rels, f"{tex_math(sign * f)} {rel} 0",
                              left / (len(factors) - k) / (2 if sign == 1 else 1))
                if step.verdict != REFUTED:
                    break
            if step.verdict != PROVED:
                return None
            steps.append(step)
            signs.append(sign)
        if signs.count(-1) % 2:
            return None  # an odd number of negative factors: the product is <= 0
        said = "each factor" if -1 not in signs else "each factor, or its negative,"
        return apply_rule("product of signs", steps, claim,
                          f"the slack is the product {tex_math(product)}, {said} ${rel} 0$ "
                          "on the domain")
