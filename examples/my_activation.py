r"""Your own activation, defined once from its formula, through every part of derive.

Run: python examples/my_activation.py
"""

import sympy as sp

import derive

z = sp.Symbol("z", real=True)

# 1. Define it: a SymPy formula of one symbol (derive.sigmoid is the book's sigma).
#    The same from the command line: --define "myswish(z) = z\sigma(z)"
act = derive.activation("myswish", z * derive.sigmoid(z))
print("f'(z) =", act.explicit_prime(z))

# 2. The chain rule through a depth-5 chain, proved for every depth and for L = 5.
g = derive.gradient(5, activation="myswish")
print(derive.to_latex(g))
print("chain:", derive.prove_gradient(g).verdict)

# 3. gamma = sup |f'|: located from the formula, then proved or refuted (never trusted).
gamma = derive.prove("gamma.myswish")
print(gamma.statement)
print("gamma:", gamma.verdict, "-", gamma.steps[0].reason[:100])
print("a wrong gamma:", derive.prove("gamma.myswish", gamma="1.05").verdict)

# 4. Backprop against central differences (evidence, not proof).
net = derive.Network([4, 8, 8, 2], activation="myswish", cost="quadratic", seed=0)
print(derive.cross_check(net))
