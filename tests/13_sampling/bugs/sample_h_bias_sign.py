"""rbm_sample_h subtracts the hidden bias, p_h = sigmoid(v @ W - c) (a sign error from
E(v, h) = -b.v - c.h - v.W.h)."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_probabilities[rbm_sample_h]",
             "test_rbm_conditional_frequencies[rbm_sample_h]",
             "test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_zero_weights",
             "test_rbm_chain_samples_joint",
             "test_rbm_probabilities_match_reference[rbm_sample_h]"]
MISTAKE = "sign"


def rbm_sample_h(v, W, c, rng):
    p_h = np.exp(-np.logaddexp(0.0, -(v @ W - c)))
    h = (rng.random(p_h.shape) < p_h).astype(np.float64)
    return p_h, h
