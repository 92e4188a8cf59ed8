"""rbm_sample_v thresholds the probabilities at 1/2 (v = p_v > 0.5) instead of sampling."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_frequencies[rbm_sample_v]",
             "test_rbm_reproducible[rbm_sample_v]", "test_rbm_chain_zero_weights"]
MISTAKE = "formula"


def rbm_sample_v(h, W, b, rng):
    p_v = np.exp(-np.logaddexp(0.0, -(b + h @ W.T)))
    return p_v, (p_v > 0.5).astype(np.float64)
