r"""A hostile soundness audit of derive check's newest methods (helper audit7): every wrong
verdict found, as a bad statement and a good twin, and the hostile cases that held.

Each "false" statement here was checked false by hand and numerically (mpmath), each "true"
one proved by hand; a module's own entry point is called as well as the whole engine (the
engine may settle a statement by another method first, hiding a module's fault)."""

import itertools

import pytest
import sympy as sp

from derive import factors, ordered, radical, realprove, touch
from derive import reduce as reductions
from derive.check.run import check_text
from derive.latex import rich_text
from derive.proof import PROVED, REFUTED, UNKNOWN

R = sp.Rational
x, y, z, w = sp.symbols("x y z w", real=True)
SECONDS = 60  # generous: a budget only ever turns a verdict into "unknown"


def _one(text):
    return next(r for r in check_text(text + "\n") if r"\partial" in r.source)


# ---------------------------------------------------------------- gradbound: fixed weights
# With every w_k and z_k fixed, dC/db_1 = c^n dC/db_m exactly; dC/da_L (so dC/db_m) is any
# real number. The claim was decided after dividing both sides by a *positive* dC/db_m, so a
# relation between gradients without |.| was proved although it fails for dC/db_m < 0.

FIXED = r"With $w_j = 100$ and $z_j = 0$, "
DB1 = r"\frac{\partial C}{\partial b_1}"
DB2 = r"\frac{\partial C}{\partial b_2}"
DBL = r"\frac{\partial C}{\partial b_L}"


@pytest.mark.parametrize("claim, verdict, says", [
    # false for dC/db_2 < 0 (dC/db_1 = 25 dC/db_2): both were proved
    (rf"{DB1} \ge 6 {DB2}", REFUTED, "= -1$"),
    (rf"\left|{DB1}\right| = 25 {DB2}", REFUTED, "= -1$"),
    (rf"\left|{DB1}\right| \le 25^{{L-1}} {DBL}", REFUTED, "= -1$"),
    # their true twins stay proved
    (rf"{DB1} = 25 {DB2}", PROVED, "= -1$"),
    (rf"\left|{DB1}\right| \ge 6 \left|{DB2}\right|", PROVED, "= -1$"),
    (rf"\left|{DB1}\right| = 25 \left|{DB2}\right|", PROVED, "= -1$"),
    (rf"{DB1} \ge 25^{{L-1}} {DBL}", PROVED, "every depth"),
    (rf"{DB1} \le 25^{{L-1}} \left|{DBL}\right|", PROVED, "every depth"),
    (rf"\left|{DB1}\right| \ge 25^{{L-1}} {DBL}", PROVED, "every depth"),
])
def test_fixed_weights_gradients_of_either_sign(claim, verdict, says):
    r = _one(FIXED + f"${claim}$.")
    assert r.verdict == verdict and says in r.reason, rich_text(r.reason)


def test_fixed_weights_with_factors_one():
    # w = 4, z = 0: every factor w sigma'(0) is 1, so dC/db_1 is dC/db_L itself
    four = r"With $w_j = 4$ and $z_j = 0$, "
    assert _one(four + rf"${DB1} = {DBL}$.").verdict == PROVED
    bad = _one(four + rf"${DB1} = \frac{{\partial C}}{{\partial a_L}}$.")
    assert bad.verdict == REFUTED and "L = 1$" in bad.reason, bad.reason


def test_fixed_weights_with_the_target_fixed_too():
    # y fixed as well: dC/da_L may be one number (1/2 - y for the quadratic cost), of one sign
    # or 0, so a refutation that chose it -1 is no refutation; a proof for every sign stands
    text = "Let $y = 0$.\n\n" + FIXED
    r = _one(text + rf"${DB1} \ge 6 {DB2}$.")
    assert r.verdict == UNKNOWN and "target $y$ is fixed" in r.reason, r.reason
    assert _one(text + rf"${DB1} = 25 {DB2}$.").verdict == PROVED


def test_fixed_negative_weights():
    # w = -100: dC/db_1 = (-25)^(L-1) dC/db_L, of alternating sign
    neg = r"With $w_j = -100$ and $z_j = 0$, "
    assert _one(neg + rf"$\left|{DB1}\right| = 25^{{L-1}} \left|{DBL}\right|$.").verdict == PROVED
    bad = _one(neg + rf"${DB1} = 25^{{L-1}} {DBL}$.")
    assert bad.verdict == REFUTED and "L = 2$" in bad.reason, bad.reason


# ---------------------------------------------------------------- hostile cases that held
# Each module's own entry point on a false statement near a true one: never proved (a
# module may give up, None, or refute at a point of the domain); the true twin proved by it.

def _problem(slack, strict, domain):
    return realprove.build_problem(slack, strict, domain)


def _module(name, problem, seconds=SECONDS):
    if name == "periodic":
        return touch.periodic(problem, "claim", seconds)
    if name == "touching":
        return touch.touching(problem, "claim", seconds)
    if name == "radical":
        return radical.radical(problem, "claim", seconds)
    if name == "factors":
        return factors.product_signs(problem, "claim", seconds, realprove._decide)
    if name == "ordered":
        return ordered.ordered_pair(problem, "claim", seconds)
    if name == "reduce":
        return reductions.reduce(problem, "claim", seconds)
    assert name == "reflected"
    return realprove._reflected(problem, "claim", seconds)


SIG = sp.exp(-z) / (1 + sp.exp(-z)) ** 2  # sigma'(z)
T0 = R(9, 2)  # beyond the minimum of sin t / t at t = 4.4934... (tan t = t)

HELD = [
    # (module, false statement (slack, strict, domain), its true twin)
    # periodicity: max of sin(x/3) + cos(x/2) is 1.905961... (period 12 pi)
    ("periodic", (R(19059, 10000) - sp.sin(x / 3) - sp.cos(x / 2), False, []),
     (R(1906, 1000) - sp.sin(x / 3) - sp.cos(x / 2), False, [])),
    # 3 sin x + 4 cos 2x has its maximum 137/32 at the irrational sin x = 3/16
    ("periodic", (R(137, 32) - R(1, 10**9) - 3 * sp.sin(x) - 4 * sp.cos(2 * x), False, []),
     (R(137, 32) - 3 * sp.sin(x) - 4 * sp.cos(2 * x), False, [])),
    # no rational common period: sin x + sin(sqrt 2 x) comes arbitrarily close to 2
    ("periodic", (R(1999, 1000) - sp.sin(x) - sp.sin(sp.sqrt(2) * x), False, []),
     (2 - sp.sin(x) - sp.cos(x), False, [])),
    # touching points pi and e: the square is 0 there
    ("touching", ((x - sp.pi) ** 2 * (x - sp.E) ** 2 - R(1, 10**15), False, []),
     ((x - sp.pi) ** 2 * (x - sp.E) ** 2, False, [])),
    # the mirror x = -u: the remainder x^3/6 is > 0 on (0, 1/1000]
    ("reflected", (1 + x + x**2 / 2 - sp.exp(x), False, [x <= R(1, 1000)]),
     (1 + x + x**2 / 2 - sp.exp(x), False, [x <= 0])),
    # squaring both sides: equality at x = y = 0 unless excluded
    ("radical", (sp.sqrt(x) + sp.sqrt(y) - sp.sqrt(x + y), True, [x >= 0, y >= 0]),
     (sp.sqrt(x) + sp.sqrt(y) - sp.sqrt(x + y), True, [x > 0, y > 0])),
    ("radical", (sp.sqrt(2 * (x + y)) - sp.sqrt(x) - sp.sqrt(y) - R(1, 10**12), False,
                 [x >= 0, y >= 0]),
     (sp.sqrt(2 * (x + y)) - sp.sqrt(x) - sp.sqrt(y), False, [x >= 0, y >= 0])),
    # product of signs: a factor of no sign (ln y > 0 on (1, 2])
    ("factors", (sp.log(x) * sp.log(y), False, [x > 0, x <= 1, y > 0, y <= 2]),
     (sp.log(x) * sp.log(y), False, [x > 0, x <= 1, y > 0, y <= 1])),
    ("factors", (sp.Abs(w) / 4 - sp.Abs(w * SIG) - R(1, 10**9) * w**2, False, []),
     (sp.Abs(w) / 4 - sp.Abs(w * SIG), False, [])),
    # monotone function: sin t / t rises again after 4.4934...
    ("ordered", (sp.sin(x) / x - sp.sin(y) / y, True, [x > 0, y - x > 0, y < T0]),
     (sp.sin(x) / x - sp.sin(y) / y, True, [x > 0, y - x > 0, y < sp.pi])),
    # x^y > y^x needs x >= e: 2718/1000 < e
    ("ordered", (x**y - y**x, True, [x >= R(2718, 1000), y - x > 0]),
     (x**y - y**x, True, [x >= sp.E, y - x > 0])),
    # Bernoulli: (1 + x)^y >= 1 + x y needs y >= 1 (or y <= 0)
    ("reduce", ((1 + x) ** y - 1 - x * y, False, [x > -1, y >= R(999, 1000)]),
     ((1 + x) ** y - 1 - x * y, False, [x > -1, y >= 1])),
    # a critical point y = ln x: the minimum over y is exactly 0
    ("reduce", (y * sp.exp(sp.log(x) / y - 1) - sp.log(x), True, [x > 1, y > 0]),
     (y * sp.exp(sp.log(x) / y - 1) - sp.log(x), False, [x > 1, y > 0])),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, bad, good", HELD,
                         ids=[f"{h[0]}-{k}" for k, h in enumerate(HELD)])
def test_a_module_never_proves_the_false_twin(name, bad, good):
    step = _module(name, _problem(*bad))
    assert step is None or step.verdict != PROVED, step.reason
    step = _module(name, _problem(*good))
    assert step is not None and step.verdict == PROVED


# Through derive check (the reader, the domain, the engine), quick ones: false statements
# at a touching point, a domain end moved out, an exponent base below e, refuted at a point;
# their true relatives proved.
CHECKED = [
    (r"e^{x} > e x", REFUTED),  # equality at x = 1
    (r"x \ne 1 \implies e x < e^{x}", PROVED),
    (r"x \le 0 \implies e^x > 1 + x", REFUTED),  # equality at x = 0
    (r"x < 0 \implies \left| e^{x} - 1 - x \right| < \frac{x^2}{2}", PROVED),
    (r"x \le \frac{1}{100} \implies \left| e^{x} - 1 - x \right| \le \frac{x^2}{2}", REFUTED),
    (r"x \le 0 \implies \left| e^{x} - 1 - x \right| \le \frac{x^2}{2}", PROVED),
    (r"x \ge -1 \implies \sqrt{x^2+1} \le x + 1", REFUTED),
    (r"x \ge 0 \implies \sqrt{x^2+1} \le x + 1", PROVED),
    (r"2 \le x < y \implies x^y > y^x", REFUTED),  # 2^4 = 4^2, 2^3 < 3^2
    (r"0 < x \le y < \pi \implies \frac{\sin y}{y} < \frac{\sin x}{x}", REFUTED),  # x = y
    (r"x, y, z \in [0, 1] \implies (x-1)(y-1)(z-1) \ge 0", REFUTED),  # three factors <= 0
    (r"0 \le x \le 1, 0 \le y \le 2 \implies (x-1)(y-1) \ge 0", REFUTED),
    (r"x, y, z \ne 0 \implies \frac{3}{1/x+1/y+1/z} \le \sqrt[3]{xyz}", REFUTED),
    (r"y \sin x + z \cos x \le y + z", REFUTED),
    (r"y \sin x - z \cos x \le \sqrt{y^2 + z^2}", PROVED),
    (r"x \ge -1 \implies |\sin x| \le x", REFUTED),
    (r"|w \sigma'(z)| \le \frac{|w|}{4}", PROVED),
    (r"w \ne 0 \implies |w \sigma'(z)| < \frac{|w|}{4}", REFUTED),  # equality at z = 0
    (r"w \ge -4 \implies w \sigma'(z) \le \frac{w}{4}", REFUTED),
    (r"|w \tanh'(z)| \le \frac{|w|}{2}", REFUTED),
    (r"E > 0 \implies \ln E < E - 1", REFUTED),  # E a variable, not Euler's number
    (r"I > 0 \implies I + \frac{1}{I} \ge 2", PROVED),  # I a variable, not the imaginary unit
]


@pytest.mark.parametrize("src, verdict", CHECKED, ids=[c[0] for c in CHECKED])
def test_hostile_statements_through_derive_check(src, verdict):
    r = next(r for r in check_text(f"$${src}$$\n"))
    assert r.verdict == verdict, rich_text(r.reason)
    if verdict == REFUTED:
        assert "at " in r.reason  # the point is named


@pytest.mark.slow
def test_fixed_weight_relations_against_brute_force():
    """Every fixed-weight relation ``A op k B`` (with or without |.| on each side) is never
    proved when some depth L <= 8 and dC/da_L in {-1, 0, 1} break it, never refuted when none
    does (before the fix, 105 of 780 such statements were false but proved)."""
    weights = [R(100), R(-4), R(1, 2)]
    factors_ = [("25^{L-1}", lambda L: R(25) ** (L - 1)), ("6", lambda L: R(6)),
                ("\\frac14", lambda L: R(1, 4))]
    ops = {"=": lambda a, b: a == b, "\\le": lambda a, b: a <= b,
           "\\ge": lambda a, b: a >= b}
    for W, (kt, kf), later, (opt, opf), (abs_a, abs_b) in itertools.product(
            weights, factors_, ("b", "a"), ops.items(),
            [(False, False), (True, True), (False, True), (True, False)]):
        B = rf"\frac{{\partial C}}{{\partial {later}_L}}"
        src = (rf"With $w_j = {sp.latex(W)}$ and $z_j = 0$, $"
               + (rf"\left|{DB1}\right|" if abs_a else DB1) + f" {opt} {kt} "
               + (rf"\left|{B}\right|" if abs_b else B) + "$.")
        truth = True
        for L, g in itertools.product(range(1, 9), (R(-1), R(0), R(1))):
            a = (W / 4) ** (L - 1) * (R(1, 4) if later == "a" else 1) * g
            truth &= bool(opf(abs(a) if abs_a else a, kf(L) * (abs(g) if abs_b else g)))
        r = _one(src)
        assert r.verdict != (REFUTED if truth else PROVED), (src, r.reason)
