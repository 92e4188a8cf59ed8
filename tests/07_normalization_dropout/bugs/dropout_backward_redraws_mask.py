"""dropout_backward draws the mask again from dropout_param instead of reusing the forward
pass's mask: right with a seed, but a different mask without one."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_backward_uses_forward_mask",
]
MISTAKE = "random-state"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        out = x * (rng.random(x.shape) < p) / p
    else:
        out = x.copy()
    return out, dict(dropout_param)


def dropout_backward(dout, cache):
    p, mode = cache["p"], cache["mode"]
    if mode == "train":
        rng = np.random.default_rng(cache.get("seed"))
        return dout * (rng.random(dout.shape) < p) / p
    return dout.copy()
