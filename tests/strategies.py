"""The input domains of derive's tests, named once (a glossary in the style of minitorch)."""

from hypothesis import strategies as st

from derive.activations import ACTIVATIONS

ACTIVATION_NAMES = sorted(ACTIVATIONS)
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

# General-width networks (derive.network): small layer sizes and batches.
INIT_NAMES = ["book", "standard", "glorot", "he"]
inits = st.sampled_from(INIT_NAMES)
small_sizes = st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=5)
batch_sizes = st.integers(min_value=1, max_value=5)
tiny_sizes = st.lists(st.integers(min_value=1, max_value=2), min_size=2, max_size=4)
