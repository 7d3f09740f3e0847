r"""A hostile soundness audit of derive check's newest methods (helper audit8): every wrong
verdict found, as a bad statement and a good twin, and the hostile cases that held.

Audited: derive/edge.py (even function, convex near a critical point, concave between ends,
the diagonal), derive/orthant.py, realprove's zero derivative / irrational ends / steep ends,
reduce's shared terms and diagonal guess, derive/symdiff.py, the interval products by signs and
cot / 1/tan enclosures, derive/check/extremum.py (attainment, scientific \approx) and
gradbound's fixed-weight decision. Each "false" statement here was checked false by hand and
numerically (mpmath), each "true" one proved by hand. A module's own entry point is called as
well as the whole engine (the engine may settle a statement by another method first, hiding a
module's fault). Statements a budget may leave unknown are only asserted "not proved" (or "not
refuted"), with short budgets."""

import mpmath
import pytest
import sympy as sp

from derive import edge, intervals, orthant, realprove, symdiff
from derive.check.run import check_text
from derive.latex import rich_text
from derive.proof import PROVED, REFUTED, UNKNOWN

R = sp.Rational
x, y, z = sp.symbols("x y z", real=True)
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"
SHORT = 2  # for statements that are expected not to be decided either way


# ---------------------------------------------------------------- gradbound: a layer letter
# With every w_k and z_k fixed, a claim about dC/db_j (j a letter) was left "gave up: SymPy
# raised TypeError" (the refutation compared the letter j with 1); now each layer letter gets
# numbers too, only where the layers exist (1 <= j <= L).

FIXED = r"With $w_k = 100$ and $z_k = 0$, "
DBJ = r"\frac{\partial C}{\partial b_j}"
DBL = r"\frac{\partial C}{\partial b_L}"


@pytest.mark.parametrize("claim, verdict, says", [
    # dC/db_j = 25^(L-j) dC/db_L: 25 > 24 at L = 2, j = 1
    (rf"{DBJ} \le 24^{{L-j}} \left|{DBL}\right|", REFUTED, "$j = 1$"),
    # j = L = 1: |dC/db_1| >= 625 |dC/db_1| fails where dC/db_1 = 1
    (rf"\left|{DBJ}\right| \ge 625 \left|{DBL}\right|", REFUTED, "$L = 1$"),
    # the true twins
    (rf"{DBJ} \le 25^{{L-j}} \left|{DBL}\right|", PROVED, "every layer"),
    (rf"\left|{DBJ}\right| = 25^{{L-j}} \left|{DBL}\right|", PROVED, "every layer"),
])
def test_fixed_weights_with_a_layer_letter(claim, verdict, says):
    r = next(r for r in check_text(FIXED + f"${claim}$.\n") if r"\partial" in r.source)
    assert r.verdict == verdict and says in r.reason, rich_text(r.reason)


# The sides were decided as k B or k |B| by writing B = g for a symbol g, the same symbol as
# a letter g of the notes: "dC/db_1 <= 24 dC/db_2 + g" became 25 g <= 24 g + g and was
# proved (false at g = 0, dC/db_2 = 1); "<= 25 dC/db_2 + g" was refuted by putting the
# notes' g = -1. A letter that is not a layer now leaves the claim unknown (as for a letter
# in the depth form), and B is a fresh symbol.
DB1, DB2 = r"\frac{\partial C}{\partial b_1}", r"\frac{\partial C}{\partial b_2}"


@pytest.mark.parametrize("claim, verdict", [
    (rf"{DB1} \le 24 {DB2} + g", UNKNOWN),  # was proved
    (rf"{DB1} \le 25 {DB2} + g", UNKNOWN),  # was refuted with the notes' g taken -1
    (rf"{DB1} \le 24 {DB2} + h", UNKNOWN),
    (rf"{DB1} \le 25 {DB2}", PROVED),  # the twins without the letter
    (rf"{DB1} \le 24 {DB2}", REFUTED),
    (rf"{DB1} \ge 25 {DB2} \cdot 1", PROVED),
])
def test_fixed_weights_with_a_letter_of_the_notes(claim, verdict):
    r = next(r for r in check_text(FIXED + f"${claim}$.\n") if r"\partial" in r.source)
    assert r.verdict == verdict, rich_text(r.reason)


# ---------------------------------------------------------------- through derive check
# Hostile statements and their twins, each decided quickly: holes and jumps of arctan forms
# (zero derivative), tan / cot poles (1/tan enclosed as cot), even folds of asymmetric
# domains, touching points inside and at (irrational) ends, steep ends, extremum claims
# whose value is off, not attained or approximate, \approx in scientific notation.

CHECKED = [
    # atan(tan x) = x only on (-pi/2, pi/2): a jump of -pi at pi/2
    (r"x \in [0, 3] \implies \arctan(\tan x) \ge x - 0.001", REFUTED),
    (r"x \in (-1, 1) \implies \arctan(\tan x) \ge x", PROVED),
    # atan x + atan(1/x) is pi/2 for x > 0 and -pi/2 for x < 0
    (r"x \in [-1, 1] \land x \ne 0 \implies \arctan x + \arctan\frac{1}{x} \ge 1", REFUTED),
    (r"x \in (0, 1] \implies \arctan x + \arctan\frac{1}{x} \ge 1.5", PROVED),
    # the jump at the root 0.739... of x = cos x, which solveset cannot name
    (r"x \in [0, 1] \implies \arctan\frac{1}{x - \cos x} + \arctan(x - \cos x) \ge 1", REFUTED),
    (r"x \in (0, 2) \land x \ne 1 \implies \arctan\frac{2x}{1 - x^2} \ge 2\arctan x", REFUTED),
    (r"x \in [-1, 1] \implies \arcsin x + \arccos x > \frac{\pi}{2}", REFUTED),
    (r"x \in [-1, 1] \implies \arcsin x + \arccos x \ge \frac{\pi}{2}", PROVED),
    # 1/tan(pi x/2) is cot(pi x/2) in [-1, 1] on [1/2, 3/2] (tan has its pole at x = 1)
    (r"x \in [\frac{1}{2}, \frac{3}{2}] \implies \frac{1}{\tan(\pi x / 2)} \ge -1.01", PROVED),
    pytest.param(r"x \in [1, 2] \implies \cot(\pi x) \le 1000", REFUTED,  # cot -> +oo at 1+
                 marks=pytest.mark.slow),
    (r"x \in (0, \pi) \implies \frac{1}{\tan x} \le \frac{1}{x} - \frac{x}{3.01}", PROVED),
    # even functions: a domain that is not symmetric is not folded
    (r"x \in [-2, 1] \implies \cosh x \le \cosh 1", REFUTED),
    (r"|x| \le 2 \implies \cosh x \le \cosh 2", PROVED),
    (r"|x| \le 2 \implies \cosh x < \cosh 2", REFUTED),  # equality at x = +-2
    (r"|x| \le |y| \implies \cosh x \le \cosh y", PROVED),
    (r"|x| \le |y| \implies \cosh x < \cosh y", REFUTED),  # x = y
    # an isolated touching point (pi/3, pi/3), 1/1000 below it
    (r"\sin x + \sin y + \sin(x + y) \le \frac{3\sqrt{3}}{2} - 0.001", REFUTED),
    # concave between ends: equality at z = 0 (and x = y)
    (r"x > 0 \land y > 0 \land z \in [0, 1] \implies x^z y^{1 - z} < z x + (1 - z) y", REFUTED),
    # the diagonal y = x + t, y = x e^t: the means' constants moved by 1/1000
    (r"x \ne y \implies \frac{e^x - e^y}{x - y} \le \frac{e^x + e^y}{2.001}", REFUTED),
    (r"x > 0 \land y > 0 \land x \ne y \implies \sqrt{xy} \le 0.999 \frac{x - y}{\ln x - \ln y}",
     REFUTED),
    pytest.param(r"x > 0 \land y > 0 \land x \ne y \implies \frac{x - y}{\ln x - \ln y} \le "
                 r"0.999 \cdot \frac{x + y}{2}", REFUTED, marks=pytest.mark.slow),
    # the bounded metric d/(1 + d), 1/1000 short
    ((r"\frac{|x - z|}{1 + |x - z|} \le 0.999 \left(\frac{|x - y|}{1 + |x - y|} + \frac{|y - z|}"
      r"{1 + |y - z|}\right)"), REFUTED),
    # irrational ends: touching at pi/4, a pole at pi/2
    (r"x \in [\frac{\pi}{4}, \frac{\pi}{2}] \implies \sin x \ge \cos x", PROVED),
    (r"x \in [\frac{\pi}{4}, \frac{\pi}{2}] \implies \sin x \ge \cos x + 0.001", REFUTED),
    (r"x \in [\frac{\pi}{4}, \frac{\pi}{2}) \implies \tan x \ge 1", PROVED),
    (r"x \in (\frac{\pi}{4}, \frac{\pi}{2}) \implies \tan x > 1.001", REFUTED),
    (r"x \in (0, \frac{\pi}{2}) \implies \tan\frac{x}{2} \ge 1.001 - \cos x", REFUTED),
    (r"x \in [0, \frac{\pi}{2}] \implies \tan x \ge x", PROVED),  # (tan undefined at pi/2)
    # steep and logarithmic ends
    (r"x \in (0, 1] \implies \ln x < 0", REFUTED),  # equality at x = 1
    (r"x \in (0, 1) \implies x \ln x \ge -e^{-1}", PROVED),
    (r"x \in (0, 1] \implies x \ln x \ge -e^{-1} + 10^{-9}", REFUTED),
    (r"x \in (0, 1] \implies \sqrt{x} \ln x \ge -2 e^{-1}", PROVED),
    (r"x \in (0, 1] \implies \sqrt{x} \ln x \ge -2 e^{-1} + 10^{-6}", REFUTED),
    (r"x \in [0, 1] \implies \arccos x \ge \sqrt{2 - 2x}", PROVED),
    (r"x \in [0, 1] \implies \arccos x \ge 1.0001 \sqrt{2 - 2x}", REFUTED),
    (r"x \in [-1, 1] \implies \arccos x \le \pi \sqrt{\frac{1 - x}{2}}", PROVED),
    (r"x \in [-1, 1] \implies \arccos x \le 3.14 \sqrt{\frac{1 - x}{2}}", REFUTED),
    (r"x \in [0, 1] \implies \sqrt[3]{x} \ge x", PROVED),
    (r"x \in [0, 1) \implies e^{-x/(1-x)} \le 1 - x", PROVED),  # both sides -> 0 at 1
    (r"x \in [0, 1) \implies e^{-x/(1-x)} \le 1 - 1.001 x", REFUTED),
    (r"x \in (0, 1) \implies \arcsin\sqrt{x} \ge \sqrt{x}", PROVED),
    (r"x \in (0, 1) \implies \arcsin\sqrt{x} > 1.0001\sqrt{x}", REFUTED),
    (r"x \in (0, 1) \implies x^{x} \ge e^{-1/e}", PROVED),
    (r"x \in (0, 1) \implies x^{x} \ge 0.6923", REFUTED),  # e^{-1/e} = 0.69220...
    (r"x \in [0, 1.001] \implies \sqrt[3]{x} \ge x", REFUTED),
    # extrema: the value off by a rounding, unbounded, attained at two points, at a decimal
    (r"\max_z z e^{-z} = e^{-1}", PROVED),
    (r"\max_z z e^{-z} = 0.3679", REFUTED),
    (r"\max_z z e^{-z} \approx 0.3679", PROVED),
    (r"\max_z z e^{-z} \approx 0.3678", REFUTED),
    (r"\max_z z^3 - 3z = 2", REFUTED),  # only a local maximum
    (r"\max_z -(z^2 - 1)^2 = 0", PROVED),
    (r"\max_z -|z - 0.3333| = 0", PROVED),
    # chains: each step decided; the place named after the maximum checked
    (r"\max_z \sigma'(z) = \sigma'(0) = 0.25", PROVED),
    (r"\max_z \sigma'(z) = \sigma'(1) = \frac{1}{4}", REFUTED),
    (r"\max_z \sigma'(z) = \sigma'(0) = 0.2", REFUTED),
    (r"\max_z z e^{-z} = e^{-1} = 0.3679", REFUTED),
    (r"\max_z 4\sigma'(z) = 4\sigma'(0) = 1", PROVED),
    (r"\max_z -(z^2 - 1)^2 = 0 \quad \text{at } z = -1", PROVED),  # one of two places
    (r"\max_z -(z^2 - 1)^2 = 0 \quad \text{at } z = 0", REFUTED),
    (r"\max_z \sigma'(z) \approx 2.5 \times 10^{-1}", PROVED),
    (r"\max_z \sigma'(z) \approx 2.6 \times 10^{-1}", REFUTED),
    # \approx in scientific notation: half a unit of the last digit, times the power
    (r"e^{-10} \approx 4.54 \times 10^{-5}", PROVED),
    (r"e^{-10} \approx 4.5 \times 10^{-5}", PROVED),
    (r"e^{-10} \approx 4.6 \times 10^{-5}", REFUTED),
    (r"e^{-10} \approx 4.54 \times 10^{-4}", REFUTED),
    (r"e^{20} \approx 4.85165195 \times 10^{8}", PROVED),
]


@pytest.mark.parametrize("src, verdict", CHECKED)
def test_hostile_statements_through_derive_check(src, verdict):
    r = next(r for r in check_text(f"$${src}$$\n"))
    assert r.verdict == verdict, rich_text(r.reason)


@pytest.mark.parametrize("src", [
    r"\max_z \tanh z = 1",  # the supremum, never attained
    r"\max_z \frac{z^2}{1 + z^2} = 1",
    r"\max_z \frac{\sin z}{z} = 1",  # approached at z = 0, where it is not defined
    r"\min_z \sigma'(z) = 0",  # the infimum, never attained
])
def test_extremum_not_attained_is_not_proved(src):
    r = next(r for r in check_text(f"$${src}$$\n"))
    assert r.verdict != PROVED, rich_text(r.reason)


# ---------------------------------------------------------------- the SymPy route, short
# False only at an irrational point (no exact counterexample to name) or true only by a
# definedness hole: never proved (never refuted), whatever the budget leaves.

NOT_PROVED = [
    (sp.sin(x) - sp.cos(x), True, [x >= sp.pi / 4, x <= sp.pi / 2]),  # 0 at pi/4
    (sp.tan(x) - 1, True, [x >= sp.pi / 4, x < sp.pi / 2]),
    (sp.cos(x), True, [x >= 0, x <= sp.pi / 2]),  # 0 at pi/2
    (sp.tan(x / 2) - 1 + sp.cos(x), True, [x > 0, x <= sp.pi / 2]),  # 0 at pi/2
    # weighted AM-GM past z = 1 (fails for large y)
    (z * x + (1 - z) * y - x**z * y**(1 - z), False, [x > 0, y > 0, z >= 0, z <= R(1001, 1000)]),
    # x ln x touches -1/e at the irrational 1/e
    (x * sp.log(x) + sp.exp(-1), True, [x > 0, x < 1]),
]


@pytest.mark.parametrize("slack, strict, domain", NOT_PROVED,
                         ids=[str(s[0]) for s in NOT_PROVED])
def test_false_at_an_irrational_point_is_not_proved(slack, strict, domain):
    step = realprove.decide(slack, strict, domain, "claim", seconds=SHORT)
    assert step.verdict != PROVED, step.reason


def test_true_where_defined_is_not_refuted():
    # (1/tan(pi x/2))^2 = cot^2 > 0 except at x = 1, where tan has its pole: true
    slack = (1 / sp.tan(sp.pi * x / 2)) ** 2
    step = realprove.decide(slack, True, [x >= R(1, 2), x <= R(3, 2)], "claim", seconds=SHORT)
    assert step.verdict != REFUTED, step.reason
    # the enclosure at x = 1 exists only in the reading "where defined" (cot there), never
    # for a point that must be defined (a refutation's)
    c = intervals.compile_expr(slack, (x,))
    one = [intervals.Iv(intervals.arb(1), intervals.arb(1))]
    with pytest.raises(intervals.NotEnclosable):
        c(one, defined=True)


# ---------------------------------------------------------------- module entry points

def _problem(slack, strict, domain):
    return realprove.build_problem(slack, strict, domain)


def test_even_does_not_fold_an_asymmetric_domain():
    bad = _problem(sp.cosh(1) - sp.cosh(x), False, [x >= -2, x <= 1])
    assert edge.even(bad, "claim", SHORT) is None
    good = _problem(sp.cosh(2) - sp.cosh(x), False, [sp.Abs(x) <= 2])
    assert edge.even(good, "claim", SECONDS).verdict == PROVED


def test_zero_derivative_needs_no_root_inside():
    # atan(1/g) + atan(g) is +-pi/2 by the sign of g: constant only between g's roots
    bad = _problem(sp.atan(1 / (x**2 - R(1, 4))) + sp.atan(x**2 - R(1, 4)) - R(3, 2), False,
                   [x > -1, x < 1])
    assert realprove._zero_derivative(bad, "claim", SECONDS) is None
    hidden = _problem(sp.atan(1 / (x - sp.cos(x))) + sp.atan(x - sp.cos(x)) - 1, False,
                      [x >= 0, x <= 1])  # a root solveset cannot name: no proof
    assert realprove._zero_derivative(hidden, "claim", SECONDS) is None
    good = _problem(sp.atan(1 / (x**2 + 1)) + sp.atan(x**2 + 1) - R(3, 2), False, [])
    step = realprove._zero_derivative(good, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED


def test_orthant_needs_nonnegative_coefficients():
    def slack(c):
        return c * (x / (1 + x) + y / (1 + y)) - (x + y) / (1 + x + y)

    good = _problem(slack(1), False, [x >= 0, y >= 0])
    assert orthant.orthant(good, "claim", SHORT).verdict == PROVED
    bad = _problem(slack(R(999, 1000)), False, [x >= 0, y >= 0])  # < 0 at x = 0, y = 1/2
    assert orthant.orthant(bad, "claim", SHORT) is None


def test_diagonal_separates_only_the_true_mean_inequality():
    def slack(c):
        return c * (sp.exp(x) + sp.exp(y)) - (sp.exp(x) - sp.exp(y)) / (x - y)

    good = _problem(slack(R(1, 2)), False, [sp.Ne(x, y)])
    step = edge.diagonal(good, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED
    bad = _problem(slack(R(999, 2000)), False, [sp.Ne(x, y)])  # fails near the diagonal
    step = edge.diagonal(bad, "claim", SHORT)
    assert step is None or step.verdict != PROVED


# The diagonal's new variable was the symbol t: with a variable t of the notes first (t, x),
# "y = x + t" was x = t + t = 2t, a line and no change of variable, and the module proved the
# false (x - t)(x - 2t) + (x - t)/t >= 0 from its value 1 on that line (false at t = 2,
# x = 3: -1 + 1/2). The new variable is now a name no symbol of the problem has.

def test_diagonal_new_variable_is_not_a_variable_of_the_notes():
    t = sp.Symbol("t", real=True)
    bad = _problem((x - t) * (x - 2 * t) + (x - t) / t, False, [sp.Ne(t, 0)])
    assert bad.variables == (t, x)
    step = edge.diagonal(bad, "claim", SHORT)
    assert step is None or step.verdict != PROVED, step.reason
    r = next(r for r in check_text(r"$$t \ne 0 \implies (x - t)(x - 2t) + \frac{x - t}{t} \ge 0$$"
                                   "\n"))
    assert r.verdict == REFUTED, rich_text(r.reason)
    # the mean value inequality in t and x: still by the diagonal, now y = x + s
    good = _problem((sp.exp(t) + sp.exp(x)) / 2 - (sp.exp(t) - sp.exp(x)) / (t - x), False,
                    [sp.Ne(t, x)])
    step = edge.diagonal(good, "claim", SECONDS)
    assert step is not None and step.verdict == PROVED and "s = 0" in step.reason


def test_symdiff_is_sympys_derivative():
    exprs = [sp.tan(x * y) ** 2 / (1 + x**2), sp.acos(x / 2) * sp.sec(y), sp.erf(x) * sp.coth(x),
             (x + 1) ** R(1, 3) * sp.exp(-x), 2**x * sp.atanh(x / 3), sp.csc(x) + sp.asinh(y)]
    for e in exprs:
        assert symdiff._fits(e)
        ours, theirs = symdiff.diff(e, x), sp.diff(e, x)
        for p in (R(1, 3), R(7, 10), R(6, 5)):
            at = {x: p, y: R(2, 7)}
            a = sp.N(ours.xreplace(at), 30)
            b = sp.N(theirs.xreplace(at), 30)
            assert abs(a - b) < mpmath.mpf(10) ** -25, (e, ours, theirs)
    # no SymEngine for functions it differentiates otherwise (or not at all)
    for e in (sp.Abs(x), sp.sign(x), sp.Heaviside(x), sp.Max(x, y), sp.floor(x),
              sp.Float("0.5") * x, x**y, sp.pi**x):
        assert not symdiff._fits(e)
