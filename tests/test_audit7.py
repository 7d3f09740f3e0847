r"""A hostile soundness audit of derive check's newest methods (helper audit7): every wrong
verdict found, as a bad statement and a good twin, and the hostile cases that held.

Each "false" statement here was checked false by hand and numerically (mpmath), each "true"
one proved by hand; a module's own entry point is called as well as the whole engine (the
engine may settle a statement by another method first, hiding a module's fault)."""

import pytest
import sympy as sp

from derive import factors, ordered, radical, realprove, touch
from derive import reduce as reductions
from derive.check.run import check_text
from derive.latex import rich_text
from derive.proof import PROVED, REFUTED

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
