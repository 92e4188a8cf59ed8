"""rbm_sample_h returns the probabilities as the "sample" (h = p_h), not binary units."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_probabilities[rbm_sample_h]",
             "test_rbm_conditional_frequencies[rbm_sample_h]",
             "test_rbm_extreme_logits[rbm_sample_h]",
             "test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_zero_weights",
             "test_rbm_chain_samples_joint"]
MISTAKE = "formula"


def rbm_sample_h(v, W, c, rng):
    p_h = np.exp(-np.logaddexp(0.0, -(c + v @ W)))
    return p_h, p_h.copy()
