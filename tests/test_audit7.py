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
