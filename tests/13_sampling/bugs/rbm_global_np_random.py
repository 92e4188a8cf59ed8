"""The RBM samplers draw from the global np.random state (np.random.random) and ignore rng:
the same seed does not give the same samples."""
import numpy as np

CAUGHT_BY = ["test_rbm_reproducible[rbm_sample_h]", "test_rbm_reproducible[rbm_sample_v]",
             "test_rbm_reproducible[rbm_gibbs_chain]"]
MISTAKE = "random-state"


def rbm_sample_h(v, W, c, rng):
    p_h = np.exp(-np.logaddexp(0.0, -(c + v @ W)))
    return p_h, (np.random.random(p_h.shape) < p_h).astype(np.float64)


def rbm_sample_v(h, W, b, rng):
    p_v = np.exp(-np.logaddexp(0.0, -(b + h @ W.T)))
    return p_v, (np.random.random(p_v.shape) < p_v).astype(np.float64)
