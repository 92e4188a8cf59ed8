"""rbm_gibbs_chain computes the conditionals itself (not with rbm_sample_h/v) and uses
h @ W instead of h @ W.T for the visibles: it raises for a non-square W, and for a square W
only the statistics of the chain's states can tell."""
import numpy as np

CAUGHT_BY = ["test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]"]
MISTAKE = "transpose"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    for _ in range(steps):
        p_h = 1.0 / (1.0 + np.exp(-(c + v @ W)))
        h = (rng.random(p_h.shape) < p_h).astype(np.float64)
        p_v = 1.0 / (1.0 + np.exp(-(b + h @ W)))
        v = (rng.random(p_v.shape) < p_v).astype(np.float64)
    return v, h
