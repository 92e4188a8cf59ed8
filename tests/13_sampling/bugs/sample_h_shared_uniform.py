"""rbm_sample_h draws one uniform number per example (rng.random((N, 1))) and compares it
with every hidden probability of the row: each unit has the right marginal, but the units
are not independent."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_frequencies[rbm_sample_h]"]
MISTAKE = "random-state"


def rbm_sample_h(v, W, c, rng):
    p_h = np.exp(-np.logaddexp(0.0, -(c + v @ W)))
    h = (rng.random((p_h.shape[0], 1)) < p_h).astype(np.float64)
    return p_h, h
