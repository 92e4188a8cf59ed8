"""rbm_sample_v subtracts the visible bias, p_v = sigmoid(h @ W.T - b)."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_probabilities[rbm_sample_v]",
             "test_rbm_conditional_frequencies[rbm_sample_v]",
             "test_rbm_chain_zero_weights", "test_rbm_chain_samples_joint",
             "test_rbm_probabilities_match_reference[rbm_sample_v]"]
MISTAKE = "sign"


def rbm_sample_v(h, W, b, rng):
    p_v = np.exp(-np.logaddexp(0.0, -(h @ W.T - b)))
    v = (rng.random(p_v.shape) < p_v).astype(np.float64)
    return p_v, v
