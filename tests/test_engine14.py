"""Two-variable means through the kernel (issue #11, heldout11's means rows).

``derive.proof.is_zero``'s exponential normal form: ``e^a = t e^b`` when ``a = b + ln t``
exactly, the rewrites that need positive bases only under the symbols' assumptions; then the
homogeneity rule's faces of means, graded towards the diagonal (``derive.graded``). Each
proof beside a wrong variant (a constant moved by a tiny margin) that is not proved."""

import pytest
import sympy as sp

from derive import graded
from derive.proof import PROVED, certify_identity, is_zero
from derive.realprove import _cleared_face, _common_denominator, _unit_exponentials, decide

x, y = sp.symbols("x y", real=True)
xp, yp, t = sp.symbols("x y t", positive=True)
r = sp.Symbol("r", real=True)
R = sp.Rational
ORDERED = [x > 0, x < y]
APART = [x > 0, y > 0, sp.Ne(x, y)]


def identric(a, b):
    return sp.exp((b * sp.log(b) - a * sp.log(a)) / (b - a) - 1)


def power_mean(a, b, p):
    return ((a ** p + b ** p) / 2) ** (1 / p)


def scaled(f, a, b):
    return f.xreplace({a: t * a, b: t * b})


# ------------------------------------------------------------------ is_zero

def test_identric_mean_scales_exactly():
    # I(t x, t y) = t I(x, y): e^{a} - t e^{b} with a = b + ln t, for positive t, x, y
    f = identric(xp, yp)
    zero, why = is_zero(scaled(f, xp, yp) - t * f)
    assert zero and "exponential normal form" in why


def test_exponent_off_by_a_tiny_margin_is_not_zero():
    # a - b = ln t + 10^-9: not an identity, not shown zero, and refuted as an identity
    f = identric(xp, yp)
    off = scaled(f, xp, yp) * sp.exp(R(1, 10 ** 9)) - t * f
    assert not is_zero(off)[0]
    got = certify_identity(scaled(f, xp, yp) * sp.exp(R(1, 10 ** 9)), t * f, "wrong")
    assert got.verdict != PROVED


def test_power_mean_scales_exactly_only_for_positive_bases():
    f = power_mean(xp, yp, R(2, 3))
    assert is_zero(scaled(f, xp, yp) - t * f)[0]
    g = power_mean(xp, yp, sp.log(2))  # an irrational exponent: (t^c)^{1/c} = t for t > 0
    assert is_zero(scaled(g, xp, yp) - t * g)[0]
    # a base that may be negative: (r^3)^{1/3} is not r (principal root), r^2 under a
    # square root is |r|, e^{y ln r} is not written r^y by a forced rewrite
    assert not is_zero((r ** 3) ** R(1, 3) - r)[0]
    assert not is_zero(sp.sqrt(r ** 2) - r)[0]
    assert not is_zero(sp.exp(sp.log(r ** 2) / 2) - r)[0]
    assert is_zero(sp.exp(sp.log(xp ** 2) / 2) - xp)[0]


def test_identity_of_the_scaling_under_the_domains_signs():
    # the kernel's certify_identity with x > 0, y > 0 given (real symbols): the homogeneity
    # rule's premise; the same with the factor t replaced by 2 t is refuted or unknown
    f = identric(x, y)
    tt = sp.Symbol("t", positive=True)
    up = f.xreplace({x: tt * x, y: tt * y})
    assert certify_identity(up, tt * f, "I(t p) = t I(p)", domain=[x > 0, y > 0]).verdict \
        == PROVED
    assert certify_identity(up, 2 * tt * f, "wrong", domain=[x > 0, y > 0]).verdict != PROVED


def test_variable_power_of_a_positive_base_as_an_exponential():
    # (y^y / x^x)^{1/(y - x)} is e^{(y ln y - x ln x)/(y - x)} for x, y > 0
    lhs = (yp ** yp / xp ** xp) ** (1 / (yp - xp))
    rhs = sp.exp((yp * sp.log(yp) - xp * sp.log(xp)) / (yp - xp))
    assert is_zero(lhs - rhs)[0]
    assert not is_zero(lhs - rhs * (1 + R(1, 10 ** 12)))[0]


def test_no_normal_form_with_floats():
    f = identric(xp, yp)
    zero, why = is_zero(sp.Float(1.0) * scaled(f, xp, yp) - t * f)
    assert not zero and "exponential normal form" not in why


# ------------------------------------------------------------------ graded faces

FACE = sp.exp(-x * sp.log(x) / (1 - x) - 1) - power_mean(x, 1, R(2, 3))  # y = 1


def test_touching_end_read_from_floats():
    assert graded.touches(FACE, x, sp.Integer(1), sp.Integer(-1))
    assert not graded.touches(FACE, x, sp.Integer(0), sp.Integer(1))


def test_face_by_taylor_models_and_the_engine():
    got = graded.pieces(FACE, True, [x > 0, x < 1], sp.Integer(0), sp.Integer(1), "face",
                        8.0, decide)
    assert got is not None and got.verdict == PROVED
    assert "case split" in got.rules and "Taylor's theorem" in got.rules


def test_face_with_a_wrong_exponent_is_not_proved():
    # M_{0.67} > I near the diagonal: the Taylor model about x = 1 has the wrong sign there
    wrong = sp.exp(-x * sp.log(x) / (1 - x) - 1) - power_mean(x, 1, R(67, 100))
    got = graded.pieces(wrong, True, [x > 0, x < 1], sp.Integer(0), sp.Integer(1), "wrong",
                        4.0, decide)
    assert got is None or got.verdict != PROVED


def test_unit_exponentials_split_off_the_constant():
    # the identric face e^{w - 1} - (1 + x)/e is e^{-1} (e^w - 1 - x)
    w = -x * sp.log(x) / (1 - x)
    g, c = _unit_exponentials(sp.exp(w - 1) - (x + 1) / sp.E)
    assert c == -1 and sp.expand(g - (sp.exp(w) - 1 - x)) == 0
    assert _unit_exponentials(sp.exp(w - 1) + sp.exp(w + 1)) is None  # two constants
    assert _unit_exponentials(sp.exp(w) - x) is None


def test_face_over_its_common_denominator():
    # L I - A G on y = 1: the denominator 2 ln x < 0 on (0, 1), the numerator's sign decided
    face = (-sp.sqrt(x) * (x + 1) / 2
            - (1 - x) * sp.exp(-x * sp.log(x) / (1 - x) - 1) / sp.log(x))
    cleared = _common_denominator(face)
    assert cleared is not None and cleared[1] == 2 * sp.log(x)
    from derive import clock
    from derive.realprove import _CALLS

    with _CALLS.enter():
        got = _cleared_face(face, cleared, True, [x > 0, 1 - x > 0], sp.Integer(0),
                            sp.Integer(1), "face", clock.now() + 20.0)
        assert got is not None and got.verdict == PROVED and "product of signs" in got.rules
        wrong = face - R(1, 1000) * sp.sqrt(x) * (x + 1) / 2  # A G times 1.001: false at 1
        bad = _cleared_face(wrong, _common_denominator(wrong), True, [x > 0, 1 - x > 0],
                            sp.Integer(0), sp.Integer(1), "wrong", clock.now() + 3.0)
        assert bad is None
    assert _common_denominator(x + 1 / (x + 1)) is None  # no logarithm below


def test_identric_face_scaled_by_e():
    # identric-2a-over-e's face y = 1: e^{w - 1} - (1 + x)/e, as e^{-1} (e^w - 1 - x)
    from derive import clock
    from derive.realprove import _CALLS, _scaled_face

    w = -x * sp.log(x) / (1 - x)
    face = sp.exp(w - 1) - (x + 1) / sp.E
    with _CALLS.enter():
        got = _scaled_face(face, _unit_exponentials(face), True, [x > 0, 1 - x > 0], "face",
                           clock.now() + 20.0, False)
        assert got is not None and got.verdict == PROVED, got
        wrong = sp.exp(w - 1) - R(1001, 1000) * (x + 1) / sp.E  # false as x -> 0
        bad = _scaled_face(wrong, _unit_exponentials(wrong), True, [x > 0, 1 - x > 0],
                           "wrong", clock.now() + 3.0, False)
        assert bad is None or bad.verdict != PROVED


def test_no_touching_end_is_left_to_the_engine():
    assert graded.pieces(x + 1, True, [x > 0, x < 1], sp.Integer(0), sp.Integer(1), "c",
                         2.0, decide) is None


# ------------------------------------------------------------------ heldout11's means rows

T_MEAN = (x - y) / (2 * sp.atan((x - y) / (x + y)))  # second Seiffert mean
M_MEAN = (x - y) / (2 * sp.asinh((x - y) / (x + y)))  # Neuman-Sandor mean
P_MEAN = (x - y) / (2 * sp.asin((x - y) / (x + y)))  # first Seiffert mean
LOG_MEAN = (y - x) / (sp.log(y) - sp.log(x))

ROWS = {  # id: (slack > 0, domain, the constant moved by a tiny margin on the wrong side)
    "pittenger-identric-power": (identric(x, y) - power_mean(x, y, R(2, 3)), ORDERED,
                                 identric(x, y) - power_mean(x, y, R(67, 100))),
    "yang-t-power": (power_mean(x, y, R(5, 3)) - T_MEAN, APART,
                     power_mean(x, y, R(166, 100)) - T_MEAN),
    "yang-m-power": (power_mean(x, y, R(4, 3)) - M_MEAN, APART,
                     power_mean(x, y, R(133, 100)) - M_MEAN),
    "jagers-p-power": (power_mean(x, y, R(2, 3)) - P_MEAN, APART,
                       power_mean(x, y, R(66, 100)) - P_MEAN),
    "alzer-li-ag": (LOG_MEAN * identric(x, y) - sp.sqrt(x * y) * (x + y) / 2, ORDERED,
                    LOG_MEAN * identric(x, y) - R(1001, 1000) * sp.sqrt(x * y) * (x + y) / 2),
    "alzer-l-plus-i": ((x + y) / 2 + sp.sqrt(x * y) - LOG_MEAN - identric(x, y), ORDERED,
                       (x + y) / 2 + sp.sqrt(x * y) - LOG_MEAN - identric(x, y)
                       * R(1001, 1000)),
}


@pytest.mark.parametrize("row", sorted(ROWS))
def test_means_row_proved(row):
    slack, domain, _ = ROWS[row]
    got = decide(slack, True, domain, row, seconds=8.0)
    assert got.verdict == PROVED, got.reason
    assert "positive homogeneity" in got.rules


@pytest.mark.parametrize("row", sorted(ROWS))
def test_means_row_with_a_wrong_constant_not_proved(row):
    _, domain, wrong = ROWS[row]
    assert decide(wrong, True, domain, row, seconds=4.0).verdict != PROVED
