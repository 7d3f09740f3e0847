r"""Gradient inequalities with a letter for a layer (derive.check.gradbound): the chapter's
``|\partial C/\partial b_1| \le (1/4)^{L-1} |\partial C/\partial a_L|`` under ``|w_j| \le 1``
for every depth ``L``, its false twins refuted at a depth and a chain point, and the forms
that must stay unknown."""

from fractions import Fraction
from pathlib import Path

import pytest

from derive.check.gradbound import decide_gradient_depth
from derive.check.run import check_equation, check_file, check_text
from derive.latex import rich_text
from derive.proof import PROVED, REFUTED, UNKNOWN

DB1 = r"\left|\frac{\partial C}{\partial b_1}\right|"
DAL = r"\left|\frac{\partial C}{\partial a_L}\right|"
DBJ = r"\left|\frac{\partial C}{\partial b_j}\right|"
DBL = r"\left|\frac{\partial C}{\partial b_L}\right|"


def _one(text):
    return next(r for r in check_text(text + "\n") if r"\partial" in r.source)


@pytest.mark.parametrize("src", [
    rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}",
    rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L}} {DAL}",  # sigma'(z_1) too
    rf"{DB1} \le \frac{{1}}{{4^{{L}}}} {DAL} \quad (|w_j| < 1)",
    rf"|w_k| \le 1 \implies {DBJ} \le \left(\frac14\right)^{{L-j}} {DBL}",
    rf"|w_j| \le 4 \implies {DB1} \le 1^{{L}} {DAL}",  # each |w sigma'| <= 1
    rf"|w_j| \le 1 \implies \left(\frac14\right)^{{L-1}} {DAL} \ge {DB1}",
    rf"|w_k| \le 1 \implies \frac{{{DB1}}}{{{DAL}}} \le \left(\frac14\right)^{{L-1}}",
    rf"|w_j| \le 1 \implies \frac{{{DAL}}}{{{DB1}}} \ge 4^{{L}}",
    rf"|w_j| \le 1 \implies {DB1} \le \left(\frac12\right)^{{L}} {DAL}",  # quotient 2^L >= 2
    (rf"|w_j| \le 1 \implies \left|\frac{{\partial C}}{{\partial b_{{L-1}}}}\right| \le "
     rf"\frac14 {DBL}"),
])
def test_the_chapter_bound_is_proved_for_every_depth(src):
    r = check_equation(src)
    assert r.verdict == PROVED, rich_text(r.reason)
    assert "for every depth" in r.reason and "product of bounds" in r.reason


def test_the_proof_lists_the_rules_it_takes_on_trust():
    src = rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}"
    step = decide_gradient_depth(src, src)
    assert step.verdict == PROVED and {"induction", "product of bounds"} <= set(step.rules)


def test_the_condition_in_prose_after_it():
    r = _one(rf"${DB1} \le \frac{{1}}{{4^{{L}}}} {DAL}$ for $|w_j| \le 1$.")
    assert r.verdict == PROVED and "for every depth" in r.reason, r.reason


@pytest.mark.parametrize("src, where", [
    (rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L+1}} {DAL}", "L = 1$"),
    # true up to L = 7: 4 (4/5)^{L-1} < 1 first at L = 8
    (rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{5}}\right)^{{L-1}} {DAL}", "L = 8$"),
    (rf"|w_j| \le 2 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}", "L = 4$"),
    (rf"|w_j| \le 1 \implies {DB1} \ge \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}", "L = 1$"),
    (rf"{DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}", "L = 2$"),  # no bound on weights
    # both vanish where dC/da_L = 0
    (rf"|w_j| < 1 \implies {DB1} < \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}", "L = 1$"),
    (rf"|w_k| \le 1 \implies {DBJ} \le \left(\frac14\right)^{{L-1}} {DAL}", "j = 3$, $L = 3$"),
    (rf"|w_k| \le 1 \implies {DBJ} \le \left(\frac14\right)^{{L-j+1}} {DBL}", "L = 1$"),
    # the ratios (where the denominator is not 0)
    (rf"|w_k| \le 1 \implies \frac{{{DB1}}}{{{DAL}}} \le \left(\frac14\right)^{{L+1}}", "L = 1$"),
    (rf"|w_j| \le 1 \implies \frac{{{DAL}}}{{{DB1}}} \ge 4^{{L+1}}", "L = 1$"),
])
def test_false_twins_are_refuted_at_a_depth_and_a_point(src, where):
    r = check_equation(src)
    assert r.verdict == REFUTED and where in r.reason, rich_text(r.reason)
    assert "slack" in r.reason and "\\partial C" in r.reason  # the chain point is shown


@pytest.mark.parametrize("src, says", [
    # bounds one weight: not a statement for every depth (nor refuted: |w| <= 1 everywhere tried)
    (rf"|w_2| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}",
     "no premise bounds every weight"),
    # w_j with j a layer of the claim: every weight, or the weight of layer j only?
    (rf"|w_j| \le 1 \implies {DBJ} \le \left(\frac14\right)^{{L-j}} {DBL}", "not understood"),
    (rf"|w_j| \le 1 \implies {DB1} \le \left(\frac{{1}}{{4}}\right)^{{n}} {DAL}",
     "other variables"),
])
def test_what_is_not_for_every_depth_stays_unknown(src, says):
    r = check_equation(src)
    assert r.verdict == UNKNOWN and says in r.reason, rich_text(r.reason)


def test_a_depth_the_notes_fix_is_that_number():
    claim = rf"$$|w_j| \le 1 \implies {DB1} \le \frac{{1}}{{64}} {DAL}$$"
    fixed = [r for r in check_text(f"Let $L = 3$.\n\n{claim}\n") if r"\partial" in r.source]
    assert fixed[0].verdict == PROVED and "L = 3" in fixed[0].reason
    assert "every depth" not in fixed[0].reason and "depth 3" in fixed[0].reason
    free = _one(claim)  # for every depth it fails at L = 1: |sigma'(0)| = 1/4 > 1/64
    assert free.verdict == REFUTED and "L = 1$" in free.reason, free.reason
    deeper = [r for r in check_text(f"Let $L = 2$.\n\n{claim}\n") if r"\partial" in r.source]
    assert deeper[0].verdict == REFUTED and "depth 2" in deeper[0].reason


def test_weights_the_notes_fix_are_that_chain():
    claim = rf"${DB1} \le \left(\frac{{1}}{{8}}\right)^{{L-1}} \frac14 {DAL}$"
    there = _one(rf"With $w_j = \frac12$ and $z_j = 0$, {claim}.")
    assert there.verdict == PROVED, there.reason  # equality there: never refuted elsewhere
    anywhere = _one(rf"If $|w_j| \le 1$ then {claim}.")
    assert anywhere.verdict == REFUTED, anywhere.reason  # w_j = 1: (1/4)^{L-1}/4 is more


def _truth(u: Fraction, b: int, s: int) -> bool:
    """``(u/4)^{L-1} / 4 \\le b^{-(L+s)}`` for every ``L \\ge 1``: the ratio of the two sides
    is geometric, so the first depth and the limit decide (``|w| \\le u`` with ``w = u``,
    ``z = 0`` attains the left side)."""
    first = (u / 4) ** 0 / 4 <= Fraction(1, b) ** (1 + s)
    return first and Fraction(4) / (u * b) >= 1


FAMILY = [(u, b, s) for u in (Fraction(1, 2), Fraction(1), Fraction(2), Fraction(4))
          for b in (2, 4, 5) for s in (-1, 0, 1)]


def _family_case(u, b, s):
    weight = str(u) if u.denominator == 1 else rf"\frac{{{u.numerator}}}{{{u.denominator}}}"
    power = f"L{'+' if s >= 0 else ''}{s}"
    src = (rf"|w_k| \le {weight} \implies {DB1} \le \left(\frac{{1}}{{{b}}}\right)^{{{power}}} "
           f"{DAL}")
    r = check_equation(src)
    if _truth(u, b, s):
        assert r.verdict != REFUTED, (src, r.reason)
    else:
        assert r.verdict != PROVED, (src, r.reason)
    return r.verdict


def test_the_verdicts_of_a_family_agree_with_the_exact_truth():
    verdicts = [(_family_case(*case), _truth(*case)) for case in FAMILY]
    # every true one proved and every false one refuted, here (a geometric bound decides)
    assert all(v == (PROVED if t else REFUTED) for v, t in verdicts), verdicts


def test_the_verdicts_between_layers_agree_with_the_exact_truth():
    """``|w_k| \\le u \\implies |b_j| \\le (1/b)^{L-j+s} |b_L|`` for ``1 \\le j \\le L``: with
    ``m = L - j`` factors each at most ``u/4`` (attained), true iff ``b^s (u b / 4)^m \\le 1``
    for every ``m \\ge 0``."""
    for u in (Fraction(1), Fraction(2)):
        for b in (2, 4, 5):
            for s in (-1, 0, 1):
                true = Fraction(b) ** s <= 1 and u * b / 4 <= 1
                power = f"L-j{'+' if s >= 0 else ''}{s}"
                src = (rf"|w_k| \le {u} \implies {DBJ} \le \left(\frac{{1}}{{{b}}}\right)"
                       rf"^{{{power}}} {DBL}")
                r = check_equation(src)
                assert r.verdict == (PROVED if true else REFUTED), (src, r.reason)


FIXED = r"With $w_j = 100$ and $z_j = 0$, "


@pytest.mark.parametrize("text, verdict, says", [
    # the exploding side: every factor w sigma'(0) = 25
    (FIXED + r"$\frac{\partial C}{\partial b_1} = 25^{L-1} \cdot \frac14 "
     r"\frac{\partial C}{\partial a_L}$.", PROVED, "every depth"),
    (FIXED + rf"${DB1} \ge 25^{{L-1}} \cdot \frac14 {DAL}$.", PROVED, "every depth"),
    (FIXED + r"$\frac{\partial C}{\partial b_1} = 625 \frac{\partial C}{\partial b_3}$.",
     PROVED, "25^{2}"),
    (FIXED + r"$\frac{\partial C}{\partial b_1} = 25^{L} \cdot \frac14 "
     r"\frac{\partial C}{\partial a_L}$.", REFUTED, "L = 1$"),
    (FIXED + rf"${DB1} \le 25^{{L-2}} {DAL}$.", REFUTED, "L = 1$"),
    (FIXED + rf"${DB1} < 25^{{L}} {DAL}$.", REFUTED, "both sides are $0$"),
    ((r"With $w_j = \frac12$ and $z_j = 0$, "
     rf"${DB1} \le \left(\frac{{1}}{{4}}\right)^{{L-1}} {DAL}$."), PROVED, "2^{m}"),
    # one weight fixed: not every chain, not this one either
    ((r"With $w_2 = 100$, " rf"${DB1} \le 25^{{L-1}} {DAL}$."), UNKNOWN, "every weight"),
])
def test_weights_the_notes_fix_decide_the_exploding_side(text, verdict, says):
    r = _one(text)
    assert r.verdict == verdict and says in r.reason, rich_text(r.reason)


def test_a_layer_letter_below_a_numbered_layer():
    src = rf"|w_k| \le 1 \implies {DBJ} \le \left(\frac14\right)^{{3-j}} " \
          r"\left|\frac{\partial C}{\partial b_3}\right|"
    r = check_equation(src)
    assert r.verdict == PROVED and "every layer $1 \\le j \\le 3$" in r.reason, r.reason
    assert "every depth" not in r.reason
    wrong = check_equation(src.replace("{3-j}", "{4-j}"))  # a factor 1/4 too small
    assert wrong.verdict == REFUTED and "j = 1$" in wrong.reason, wrong.reason


def test_names_the_notes_define_are_their_numbers():
    rs = check_text("Let $L = 3$ and $c = \\frac14$.\n\n"
                    rf"$$|w_k| \le 1 \implies {DBJ} \le c^{{L-j}} {DBL}$$" "\n")
    r = next(r for r in rs if r"\partial" in r.source)
    assert r.verdict == PROVED and "$L = 3$" in r.reason and "1 \\le j \\le 3" in r.reason, \
        r.reason


def test_the_examples_file():
    path = Path(__file__).parent / "data" / "gradient-depth.md"
    claims = [(r.line, str(r.verdict)) for r in check_file(str(path))
              if r.verdict not in ("definition", "condition")]
    assert claims == [(8, PROVED), (12, PROVED), (16, PROVED), (18, PROVED), (22, PROVED),
                      (26, PROVED), (31, REFUTED), (33, REFUTED), (35, REFUTED), (37, REFUTED),
                      (41, UNKNOWN), (45, PROVED), (47, REFUTED), (53, PROVED)]


def test_the_input_and_target_fixed_leave_the_chain_free():
    claim = rf"$$|w_j| < 1 \implies {DB1} \le 4^{{1-L}} {DAL}$$"
    r = next(r for r in check_text(f"Let $y = 1$ and $x = 2$.\n\n{claim}\n")
         if r"\partial" in r.source)
    assert r.verdict == PROVED, r.reason
    # strict: refuted where dC/da_L = 0, which a fixed target may rule out (a_L - y != 0)
    strict = claim.replace(r"\le 4", "< 4")
    r = next(r for r in check_text(f"Let $y = 1$.\n\n{strict}\n") if r"\partial" in r.source)
    assert r.verdict == UNKNOWN and "never vanish" in r.reason, r.reason
    assert _one(strict).verdict == REFUTED
