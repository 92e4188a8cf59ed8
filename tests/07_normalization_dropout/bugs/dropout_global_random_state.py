"""dropout_forward seeds and draws from numpy's global random state (np.random.seed,
np.random.rand) instead of np.random.default_rng(seed): reproducible, but not the documented
mask, and it changes global state."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_forward_matches_reference",
    "test_dropout_backward_matches_reference",
]


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        np.random.seed(dropout_param.get("seed"))
        mask = (np.random.rand(*x.shape) < p) / p
        return x * mask, (mode, mask)
    return x.copy(), (mode, None)
