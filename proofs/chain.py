"""Claims of CLAIMS.md section A: the chain and its gradient."""

from __future__ import annotations

from derive import chain
from derive.proof import Proof, timed
from proofs import claim


@claim("chain.product_form",
       "dC/db_1 = s'(z_1) w_2 s'(z_2) ... w_L s'(z_L) dC/da_L for every depth L (eq. 122)")
def product_form(depth: int = 4, wrt: str = "b1", activation: str = "sigmoid",
                 factors: tuple | None = None) -> Proof:
    """The product form by induction for every L, and at ``depth`` by differentiating the
    composed network. ``factors`` replaces the claimed product (to show a wrong one fails)."""
    grad = chain.gradient(depth, wrt, activation)
    if factors is not None:
        grad = chain.Gradient(grad.depth, grad.param, grad.layer, grad.activation, grad.cost,
                              tuple(factors))
    proof = chain.prove(grad)
    with timed(proof):
        proof.statement = (r"\frac{\partial C}{\partial b_j} = \sigma'(z_j) \prod_{k=j+1}^{L} "
                           r"w_k \sigma'(z_k) \cdot \frac{\partial C}{\partial a_L}"
                           r" \text{ for all } 1 \le j \le L;\ " + grad.latex())
    return proof
