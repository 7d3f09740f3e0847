r"""A claim of your own, proved by derive's kernel; wrong values are refuted.

The claim: sigma'(z) <= 1/4 for every z, and three sigmoid factors at z = 0 give
sigma'(0)^3 = 1/64 (the largest such a product can be). Run: python examples/my_claim.py
"""

import sympy as sp

import derive

z = sp.Symbol("z", real=True)
sigma = derive.get_activation("sigmoid")


@derive.claim("mine.sigma_cube", "sigma'(0)^3 = 1/64 and sigma'(z) <= 1/4")
def sigma_cube(value=sp.Rational(1, 64), bound=sp.Rational(1, 4)):
    r"""``\sigma'(0)^3 = value`` (exact) and ``bound - \sigma'(z) >= 0`` for all z."""
    proof = derive.Proof("mine.sigma_cube",
                         rf"\sigma'(0)^3 = {sp.latex(value)}, \quad \sigma'(z) \le {sp.latex(bound)}")
    with derive.timed(proof):
        proof.add(derive.certify_identity(sigma.explicit_prime(0) ** 3, value,
                                          rf"\sigma'(0)^3 = {sp.latex(value)}"))
        u = sp.exp(z)  # certificate: 1/4 - sigma' = (e^z - 1)^2 / (4 (e^z + 1)^2)
        gap = bound - sigma.explicit_prime(z)
        proof.add(derive.certify_nonnegative(gap, (u - 1) ** 2 / (4 * (u + 1) ** 2)
                                             + (bound - sp.Rational(1, 4)),
                                             rf"{sp.latex(bound)} - \sigma'(z) \ge 0"))
    return proof


print(derive.to_latex(sigma_cube()))
print("claimed values:", sigma_cube().verdict)
print("value 1/60:", sigma_cube(value=sp.Rational(1, 60)).verdict)
print("bound 1/5:", sigma_cube(bound=sp.Rational(1, 5)).verdict)
