"""dropout_forward drops units in train mode but forgets to scale the kept ones by 1 / p (and
dropout_backward matches it), so the expected activation shrinks by p."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_forward_zero_or_scaled_any_rank",
    "test_dropout_backward_consistent_with_forward",
    "test_dropout_train_output_is_zero_or_scaled",
    "test_dropout_preserves_mean_in_expectation",
    "test_dropout_backward_uses_forward_mask",
]
MISTAKE = "factor"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = rng.random(x.shape) < p
        return x * mask, (mode, mask)
    return x.copy(), (mode, None)


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask if mode == "train" else dout.copy()
