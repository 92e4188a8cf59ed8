"""dropout_forward applies the mask in place (x *= mask), corrupting the caller's x."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_forward_zero_or_scaled_any_rank",
]
MISTAKE = "in-place"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape) < p) / p
        x *= mask
        return x, (mode, mask)
    return x, (mode, None)
