"""rbm_sample_v computes p_v = sigmoid(b + h @ W) with W instead of W.T: it raises for a
non-square W and silently gives wrong probabilities when D == H."""
import numpy as np

CAUGHT_BY = ["test_rbm_conditional_probabilities[rbm_sample_v]",
             "test_rbm_conditional_frequencies[rbm_sample_v]",
             "test_rbm_extreme_logits[rbm_sample_v]",
             "test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_samples_joint",
             "test_rbm_probabilities_match_reference[rbm_sample_v]"]
MISTAKE = "transpose"


def rbm_sample_v(h, W, b, rng):
    p_v = np.exp(-np.logaddexp(0.0, -(b + h @ W)))
    v = (rng.random(p_v.shape) < p_v).astype(np.float64)
    return p_v, v
