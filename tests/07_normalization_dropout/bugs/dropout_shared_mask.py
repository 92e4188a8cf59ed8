"""dropout_forward draws one mask of shape x.shape[1:] and broadcasts it over the batch, so
every example drops the same units."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_keeps_fraction_p",
    "test_dropout_preserves_mean_in_expectation",
    "test_dropout_mask_per_example",
]
MISTAKE = "random-state"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape[1:]) < p) / p
        return x * mask, (mode, np.broadcast_to(mask, x.shape).copy())
    return x.copy(), (mode, None)
