"""rbm_sample_h computes p_h = sigmoid(c + v @ W.T), treating W as (H, D): it raises for a
non-square W and silently gives wrong probabilities when D == H."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_probabilities[rbm_sample_h]",
             "test_rbm_conditional_frequencies[rbm_sample_h]",
             "test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_samples_joint",
             "test_rbm_probabilities_match_reference[rbm_sample_h]"]
MISTAKE = "transpose"


def rbm_sample_h(v, W, c, rng):
    p_h = np.exp(-np.logaddexp(0.0, -(c + v @ W.T)))
    h = (rng.random(p_h.shape) < p_h).astype(np.float64)
    return p_h, h
