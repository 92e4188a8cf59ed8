"""A correct dropout_backward behind a dropout_forward that unpacks N, D = x.shape and so fails
on 1-D input: the backward must keep full marks, graded on inputs where the forward works."""
import numpy as np

FULL_MARKS_FOR = ["dropout_backward"]


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    N, D = x.shape[0], x.shape[1]  # the bug: IndexError on 1-D input
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape) < p) / p
        return x * mask, (mode, mask)
    return x.copy(), (mode, None)


def dropout_backward(dout, cache):
    mode, mask = cache
    if mode == "train":
        return dout * mask
    return dout.copy()
