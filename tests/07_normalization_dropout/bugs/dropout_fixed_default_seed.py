"""dropout_forward falls back to seed 0 when dropout_param has no seed, so unseeded training
drops the same units at every step."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_same_seed_same_mask",
]
MISTAKE = "random-state"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed", 0))
        mask = (rng.random(x.shape) < p) / p
        return x * mask, (mode, mask)
    return x.copy(), (mode, None)
