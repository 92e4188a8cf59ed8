"""The RBM conditionals use the naive sigmoid 1 / (1 + exp(-x)), which overflows (with a
warning) for logits below about -709."""
import numpy as np

CAUGHT_BY = ["test_rbm_extreme_logits[rbm_sample_h]", "test_rbm_extreme_logits[rbm_sample_v]"]
MISTAKE = "unstable"


def rbm_sample_h(v, W, c, rng):
    p_h = 1.0 / (1.0 + np.exp(-(c + v @ W)))
    return p_h, (rng.random(p_h.shape) < p_h).astype(np.float64)


def rbm_sample_v(h, W, b, rng):
    p_v = 1.0 / (1.0 + np.exp(-(b + h @ W.T)))
    return p_v, (rng.random(p_v.shape) < p_v).astype(np.float64)
