"""Dropout whose mask is drawn with rng.binomial(1, p, x.shape) from a seeded generator:
another stream than the reference's rng.random(x.shape) < p, correct in distribution."""
import numpy as np

FULL_MARKS_FOR = ["dropout_forward", "dropout_backward"]


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = rng.binomial(1, p, size=x.shape) / p
        return x * mask, ("train", mask)
    if mode == "test":
        return x.copy(), ("test", None)
    raise ValueError(mode)


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask if mode == "train" else dout.copy()
