"""The input domains of derive's tests, named once (a glossary in the style of minitorch)."""

from hypothesis import strategies as st

from derive.activations import ACTIVATIONS

ACTIVATION_NAMES = sorted(ACTIVATIONS)
BOOK_ACTIVATIONS = ["identity", "relu", "sigmoid", "softplus", "tanh"]  # the five of the book
NUMERIC_COSTS = ["quadratic", "cross-entropy"]

depths = st.integers(min_value=1, max_value=40)
shallow_depths = st.integers(min_value=1, max_value=10)
weights = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
biases = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
inputs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
targets = st.floats(min_value=0.05, max_value=0.95, allow_nan=False)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
activations = st.sampled_from(ACTIVATION_NAMES)
smooth_activations = st.sampled_from([n for n in ACTIVATION_NAMES if ACTIVATIONS[n].analytic])
costs = st.sampled_from(NUMERIC_COSTS)
huge_z = st.floats(min_value=-5000.0, max_value=5000.0, allow_nan=False)


@st.composite
def chain_params(draw, depth=depths):
    """A width-1 network's numbers: x, y and per-layer w, b."""
    import numpy as np

    from derive.chain import Params

    L = draw(depth)
    w = np.array(draw(st.lists(weights, min_size=L, max_size=L)))
    b = np.array(draw(st.lists(biases, min_size=L, max_size=L)))
    return Params(draw(inputs), draw(targets), w, b)

# Cross-entropy needs outputs in (0, 1): pair it with sigmoid only.
ACT_COST_PAIRS = [(a, "quadratic") for a in ACTIVATION_NAMES] + [("sigmoid", "cross-entropy")]
act_costs = st.sampled_from(ACT_COST_PAIRS)
smooth_act_costs = st.sampled_from([p for p in ACT_COST_PAIRS if ACTIVATIONS[p[0]].analytic])

# ---- proofs/ (claims of CLAIMS.md A-D, F)
pre_activations = st.floats(min_value=-60.0, max_value=60.0, allow_nan=False)
big_weights = st.floats(min_value=4.0, max_value=200.0, allow_nan=False)  # |w| >= 4: windows
small_weights = st.floats(min_value=0.01, max_value=3.0, allow_nan=False)  # identity neuron
unit_inputs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
erf_arguments = st.floats(min_value=0.0, max_value=6.0, allow_nan=False)
parity_sizes = st.integers(min_value=1, max_value=64)
signs = st.sampled_from([-1.0, 1.0])

# General-width networks (derive.network): small layer sizes and batches.
INIT_NAMES = ["book", "standard", "glorot", "he"]
inits = st.sampled_from(INIT_NAMES)
small_sizes = st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=5)
batch_sizes = st.integers(min_value=1, max_value=5)
tiny_sizes = st.lists(st.integers(min_value=1, max_value=2), min_size=2, max_size=4)

# ---------------------------------------------------------------- derive check (notes)
# Chain-gradient claims as (depth L, layer j, parameter "b"/"w", activation), and
# numbers used to mutate true statements into false ones (each list is false by design:
# below sup sigma' = 1/4, below sup tanh' = 1, above the threshold 4, ...).
chain_claims = st.tuples(st.integers(1, 8), st.integers(1, 8), st.sampled_from("bw"),
                         st.sampled_from(["sigmoid", "tanh"])).filter(lambda t: t[1] <= t[0])
below_quarter = st.sampled_from(["\\frac{1}{5}", "0.24", "\\frac18", "0", "-1", "0.2"])
not_quarter = st.sampled_from(["\\frac{1}{5}", "\\frac13", "0.24", "0.26", "1", "\\frac12"])
below_one = st.sampled_from(["\\frac12", "0.99", "0", "\\frac{3}{4}"])
above_four = st.sampled_from(["5", "4.5", "6", "10"])
not_one = st.sampled_from(["2", "0", "\\frac12", "3", "-1"])
# exact rationals with small denominators, so that boundary values such as 1/4 and 4 occur
small_fractions = st.builds(lambda p, q: __import__("fractions").Fraction(p, q),
                            st.integers(-12, 12), st.integers(1, 8))


@st.composite
def latex_expressions(draw, depth=3, variables=("z", "w")):
    """A random closed-form expression in the book's LaTeX (activations, fractions, powers,
    |.|, e^{.}, \\sqrt, \\ln) over ``variables``; used to audit derive check's verdicts."""
    if depth <= 0 or draw(st.integers(0, 9)) < 3:
        return draw(st.sampled_from(list(variables) + ["1", "2", "3", "\\frac12", "\\frac14",
                                                       "0.5", "4", "0"]))
    a = draw(latex_expressions(depth - 1, variables))
    k = draw(st.integers(0, 12))
    if k in (4, 5, 6, 7):
        b = draw(latex_expressions(depth - 1, variables))
        return {4: f"({a} + {b})", 5: f"({a} - {b})", 6: f"{a} \\cdot {b}",
                7: f"\\frac{{{a}}}{{{b}}}"}[k]
    return {0: f"\\sigma({a})", 1: f"\\sigma'({a})", 2: f"\\tanh({a})", 3: f"\\tanh'({a})",
            8: f"({a})^{{2}}", 9: f"|{a}|", 10: f"e^{{{a}}}", 11: f"\\sqrt{{{a}}}",
            12: f"\\ln({a})"}[k]


latex_relations = st.sampled_from(["=", "\\le", "\\ge", "<", ">"])
