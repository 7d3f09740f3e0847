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
from derive.proof import PROVED, REFUTED, UNKNOWN, StepTimeout, endpoints

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
    # (found by a fuzz of such domains: the minimum over [2, 7/2], where defined, is 1/4;
    # refuted "at x = 5/4 (in the domain)", where \sqrt{x - 2} is not real)
    (r"\min_{x \in [\frac{1}{2}, \frac{7}{2}]} \left(\left(\sqrt{x - 2}\right)^2 + \frac{1}{2}"
     r"\right)^2 \ge \frac{1}{4}"),
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


# ---------------------------------------------------------------- chain: a ratio of gradients
# Decided as dC/db_1 = X dC/db_3 where the quotient is defined; a wrong X is refuted at a
# point where the denominator gradient is not 0 (dC/db_1 = 0 there too otherwise).
RATIO = r"\frac{\partial C/\partial b_1}{\partial C/\partial b_3}"


@pytest.mark.parametrize("display, verdict", [
    (rf"{RATIO} = \sigma'(z_1) w_2 \sigma'(z_2) w_3", PROVED),
    (rf"{RATIO} = \sigma'(z_1) w_2 \sigma'(z_2)", REFUTED),
    (rf"{RATIO} = \frac{{1}}{{4}} w_2 w_3", REFUTED),  # sigma' <= 1/4 is a bound, not equal
    (rf"{RATIO} = \sigma'(z_1) w_2 \sigma'(z_2) w_3 \frac{{\partial C}}{{\partial b_3}}", REFUTED),
    ((r"\frac{\partial C/\partial b_3}{\partial C/\partial b_1} = "
      r"\frac{1}{\sigma'(z_1) w_2 \sigma'(z_2) w_3}"), PROVED),
    (r"\frac{\partial C/\partial b_1}{\partial C/\partial b_1} = 2", REFUTED),
    (r"\frac{\partial C/\partial b_1}{\partial C/\partial w_1} = \frac{1}{x}", PROVED),
    ((r"\frac{\partial C/\partial b_2}{\partial C/\partial b_1} = "
      r"\frac{1}{w_2 \sigma'(z_1)} + \frac{1}{w_2}"), REFUTED),
    (r"\frac{\partial C/\partial b_j}{\partial C/\partial b_{j+1}} = \sigma'(z_j) w_{j}", REFUTED),
])
def test_ratio_of_gradients_hostile_cases_that_held(display, verdict):
    r = verdict_of(display)
    assert r.verdict == verdict, rich_text(r.reason)


# ---------------------------------------------------------------- explower: e^w >= T_n(w)

def problem(slack, strict, domain):
    return realprove.build_problem(slack, strict, domain)


E, t = sp.symbols("E t", real=True)  # names the method uses for its own symbols


@pytest.mark.parametrize("slack, strict, domain, proved", [
    (sp.exp(x) - 1 - x, False, [], True),
    (sp.exp(x) - 1 - x, True, [], False),  # 0 at x = 0
    (sp.exp(x) - 1 - x - x ** 2 / 2, False, [x >= 0], True),
    (sp.exp(x) - 1 - x - x ** 2 / 2, False, [], False),  # false for x < 0
    (sp.exp(E) - 1 - E, False, [], True),
    (sp.exp(E) - 1 - R(1001, 1000) * E, False, [], False),  # false near E = 0.001
    (sp.exp(t) - 1 - t, False, [], True),
    (sp.exp(sp.sqrt(x)) - 1 - sp.sqrt(x) - x / 2, False, [x >= 0], True),
    (sp.exp(sp.sqrt(x)) - 1 - sp.sqrt(x) - x / 2, True, [x >= 0], False),  # 0 at x = 0
    (x ** y / y - sp.log(x) - R(1, 1000), False, [x > 0, y > 0], False),  # y large, x = e^(1/y)
])
def test_exponential_lower_bound_hostile_cases(slack, strict, domain, proved):
    got = explower.tangent(problem(slack, strict, domain), "claim", SECONDS)
    assert (got is not None and got.verdict == PROVED) == proved
    if not proved:
        assert realprove.decide(slack, strict, domain, "claim", 10).verdict != PROVED


# ---------------------------------------------------------------- zerobase: the face b = 0
# 0^y = 0 (y > 0), 0^0 = 1, 0^y undefined (y < 0): the face must be decided with 0^y as
# written wherever y may be 0 or negative.

@pytest.mark.parametrize("slack, strict, domain, truth", [
    pytest.param(x ** y - x, False, [x >= 0, x <= 1, y >= 0, y <= 1], True,
                 marks=pytest.mark.slow),
    (x ** y - x, False, [x >= 0, x <= 1, y >= 0, y <= 2], False),
    (x ** (y - 1), False, [x >= 0, x <= 1, y >= 0, y <= 2], True),  # 0^(y-1): y >= 1 only
    (1 - x ** (y - 1), False, [x >= 0, x <= 1, y >= 0, y <= 2], False),
    (1 + y - (1 - x) ** y, False, [x >= 0, x <= 1, y >= 0, y <= 1], True),  # the face x = 1
    (2 - x ** y, True, [x >= 0, x <= 1, y >= 0, y <= 1], True),
])
def test_zero_face_hostile_cases(slack, strict, domain, truth):
    got = zerobase.split(problem(slack, strict, domain), "claim", SECONDS)
    assert got is not None and got.verdict == (PROVED if truth else REFUTED), got


def test_zero_face_corner_zero_to_the_zero():
    # 2 + x - (1 + x)^y > 0 on [-1, 1] x [0, 1] fails only at the corner (-1, 0): 0^0 = 1
    dom = [x >= -1, x <= 1, y >= 0, y <= 1]
    slack = 2 + x - (1 + x) ** y
    assert realprove.decide(slack, True, dom, "claim", 3).verdict != PROVED
    got = zerobase.split(problem(slack, False, dom), "twin", SECONDS)  # >= 0: true
    assert got is not None and got.verdict == PROVED


# ---------------------------------------------------------------- intervals: the new enclosures

def _samples_inside(expr, lo, hi):
    with intervals.precision(60):
        enc = intervals.enclose(expr, {x: intervals.interval(lo, hi)})
    try:
        a, b = endpoints(enc)  # exact rationals (the mpmath interval rounds when printed)
    except ValueError:  # an infinite end (g(u)^m / u^k at u = 0)
        return
    f = sp.lambdify(x, expr, "mpmath")
    for k in range(21):
        point = lo + (hi - lo) * R(k, 20)
        if point <= 0:
            continue
        with mpmath.workdps(40):
            v = f(mpmath.mpf(point.p) / point.q)
        if isinstance(v, mpmath.mpf) and mpmath.isfinite(v):
            v = sp.Float(v, 40)
            tol = abs(v) * R(1, 10 ** 30) + R(1, 10 ** 300)
            assert a - tol <= v <= b + tol, (expr, lo, hi, point, v, enc)


def test_power_log_and_growth_enclosures_contain_sampled_values():
    rng = random.Random(9)
    forms = [u ** a * sp.log(u) ** k for a in (R(1, 3), 1, R(3, 2)) for k in (1, 2, 3)
             for u in (x, 2 * x, 1 - x)]
    forms += [g(c * x) ** m / x ** k for g in (sp.exp, sp.sinh, sp.cosh) for c in (1, R(1, 3))
              for m in (1, 2) for k in (R(1, 2), 2, R(7, 3))]
    for expr in forms:
        for _ in range(4):
            lo = R(rng.choice([0, 1, 7, 30]), rng.choice([1, 10, 1000]))
            hi = lo + R(rng.randint(1, 100), rng.choice([10, 1000]))
            try:
                _samples_inside(expr, lo, hi)
            except intervals.NotEnclosable:
                continue


@pytest.mark.parametrize("slack, strict, domain, verdict", [
    (x ** 2 * sp.log(x) ** 2, True, [x > 0], REFUTED),  # 0 at x = 1 (the critical point 1)
    (x * sp.log(x) + R(3678, 10000), False, [x > 0], REFUTED),  # least value -1/e
    (sp.sqrt(x) * sp.log(x) + R(7357, 10000), False, [x > 0], REFUTED),  # -2/e
    (x * sp.log(x) ** 3 + 27 * sp.exp(-3) - R(1, 1000), False, [x > 0], REFUTED),  # k odd
    (-x * sp.log(x), False, [x >= 0, x <= 1], PROVED),  # x = 0 is not in the domain
    (-x * sp.log(x), True, [x > 0, x <= 1], REFUTED),  # 0 at x = 1
    (sp.exp(2 * x) / x ** 5 - R(1001, 1000) * (2 * sp.E / 5) ** 5, False, [x > 0], REFUTED),
    (sp.sinh(x) ** 2 / x ** 2 - R(1001, 1000), False, [sp.Ne(x, 0)], REFUTED),
    (sp.sinh(x) ** 2 / x ** 2 - 1, True, [sp.Ne(x, 0)], PROVED),
    (sp.exp(x) / sp.sqrt(x) - sp.sqrt(2 * sp.E), False, [x > 0], PROVED),  # k = 1/2
])
def test_power_log_and_growth_statements(slack, strict, domain, verdict):
    assert realprove.decide(slack, strict, domain, "claim", SECONDS).verdict == verdict


# ---------------------------------------------------------------- guard

def test_attempt_swallows_failures_but_not_the_time():
    def fails():
        raise ValueError("SymPy failing on a form")

    def late():
        raise StepTimeout("the equation's time")

    assert attempt(fails) is None
    with pytest.raises(StepTimeout):
        attempt(late)
    nest = Nesting()
    with pytest.raises(StepTimeout), nest.enter("k"):
        assert "k" in nest
        raise StepTimeout("a timer inside the block")
    assert not nest  # the key does not stay behind


def test_exponential_lower_bound_names_its_own_variable_apart():
    # with a variable t in the statement, "e^t >= t + 1 for every real t" read as a claim
    # about it; the reason now names the bound's variable apart from the problem's
    u = sp.Symbol("u", real=True)
    got = explower.tangent(problem(t ** u / u - sp.log(t), False, [t > 0, u > 0]), "c", SECONDS)
    assert got is not None and got.verdict == PROVED
    assert "every real $s$" in got.reason and "every real $t$" not in got.reason
