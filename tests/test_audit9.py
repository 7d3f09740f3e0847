r"""A hostile soundness audit of derive check's newest engine parts (helper audit9): every
wrong verdict found, as a bad statement and a good twin, and the hostile cases that held.

Audited: derive/explower.py (exponential lower bound), derive/zerobase.py (the face where a
base of a variable power is 0), derive/intervals.py's enclosures of ``u^a (ln u)^k`` and of
growth pairs ``g(c u)^m / u^k``, derive/guard.py, derive/check/extremum.py (a domain written
under the extremum, ``\approx`` of a maximum not known exactly) and derive/check/chain.py (a
ratio of two gradients). Each "false" statement here was checked false by hand and
numerically (mpmath), each "true" one by hand. Statements a budget may leave unknown are only
asserted "not proved" (or "not refuted")."""

import random

import mpmath
import pytest
import sympy as sp

from derive import explower, intervals, realprove, zerobase
from derive.check.run import check_text
from derive.guard import Nesting, attempt
from derive.latex import rich_text
from derive.proof import PROVED, REFUTED, UNKNOWN, BoxProblem, StepTimeout

R = sp.Rational
x, y = sp.symbols("x y", real=True)
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"


def verdict_of(display: str):
    (r,) = [r for r in check_text(f"$${display}$$\n") if r.verdict not in ("condition",)]
    return r


# ---------------------------------------------------------------- extremum: where f is defined
# SymPy simplifies (\sqrt{x})^2 to x while parsing, so the function -((\sqrt{x})^2 + 1)^2 is
# -(x + 1)^2, defined only for x >= 0. On [-2, 2] its bound was refuted "at x = -1", where
# \sqrt{x} is not real: a true statement (the max over the points where it is defined is -1,
# at x = 0) refuted by a point outside the statement's domain. A bound is now refuted (and an
# extremum attained) only where the function is defined; proved only where it is defined on
# the whole domain (unknown here).
ROOT_SQ = r"\left(-\left((\sqrt{x})^2 + 1\right)^2\right)"


@pytest.mark.parametrize("display", [
    rf"\max_{{x \in [-2, 2]}} {ROOT_SQ} = -1",
    rf"\max_{{x \in [-2, 2]}} {ROOT_SQ} \le -1",
    rf"\max_{{x \in [-2, 2]}} {ROOT_SQ} \approx -1.0",
    r"\min_{x \in [-2, 2]} \left((\sqrt{x})^2 + 1\right)^2 \ge 1",
    r"\max_{x \in [-3, 1]} \left(-\left((\sqrt{x})^2 + 2\right)^2\right) = -4",
])
def test_extremum_not_refuted_where_the_function_is_undefined(display):
    r = verdict_of(display)
    assert r.verdict == UNKNOWN, rich_text(r.reason)


@pytest.mark.parametrize("display, verdict", [
    (rf"\max_{{x \in [0, 2]}} {ROOT_SQ} = -1", PROVED),  # the twin on a domain where defined
    (rf"\max_{{x \in [0, 2]}} {ROOT_SQ} = -2", REFUTED),
    (rf"\max_{{x \in [0, 2]}} {ROOT_SQ} \le -\frac{{3}}{{2}}", REFUTED),  # at x = 0: -1
])
def test_extremum_twins_where_defined(display, verdict):
    r = verdict_of(display)
    assert r.verdict == verdict, rich_text(r.reason)


# A bound under \max over an empty domain was proved vacuously (\max_{x \in [1, 0]} x \le 0):
# the maximum of nothing does not exist. Now a point of the domain must be shown.
@pytest.mark.parametrize("display, verdict", [
    (r"\max_{x \in [1, 0]} x \le 0", UNKNOWN),
    (r"\max_{x \in [0, 1]} x \le 1", PROVED),
    (r"\max_{x \in (0, 1)} x \le 1", PROVED),  # the supremum: a bound, not attained
    (r"\max_{x \in [1, 2]} \frac{1}{x} \le 1", PROVED),
])
def test_bound_under_max_needs_a_point_of_the_domain(display, verdict):
    r = verdict_of(display)
    assert r.verdict == verdict, rich_text(r.reason)


# Hostile cases that held: a supremum at an excluded end is not a maximum; two maximisers; an
# infimum not attained; \approx with one digit and in scientific notation; a removable
# singularity at an end.
@pytest.mark.parametrize("display, verdict", [
    (r"\max_{x > 0} \frac{x}{1+x} = 1", UNKNOWN),
    (r"\max_{x \in [0, 1)} x = 1", UNKNOWN),
    (r"\min_{x > 0} x = 0", UNKNOWN),
    (r"\max_{x \in [-1, 1]} x^2 = 1", PROVED),
    (r"\max_{x \in [-1, 1]} x^2 = 2", REFUTED),
    (r"\min_{x > 0} \left(x + \frac{1}{x}\right) = 2", PROVED),
    (r"\max_{x \ge 0} x e^{-x} \approx 0.4", PROVED),
    (r"\max_{x \ge 0} x e^{-x} \approx 0.3", REFUTED),
    (r"\max_{x \ge 0} x e^{-x} \approx 3.7 \times 10^{-1}", PROVED),
    (r"\max_{x \ge 0} x e^{-x} \approx 3.6 \times 10^{-1}", REFUTED),
    (r"\max_{x \in [0, 1]} \frac{\sin x}{x} = 1", UNKNOWN),
])
def test_extremum_hostile_cases_that_held(display, verdict):
    r = verdict_of(display)
    assert r.verdict == verdict, rich_text(r.reason)
