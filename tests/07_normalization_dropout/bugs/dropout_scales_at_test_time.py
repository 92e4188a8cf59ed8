"""Classic (non-inverted) dropout, the seed's "weight scaling inference rule": train mode
keeps units unscaled and test mode multiplies by p, instead of dividing by p while training
and leaving test mode alone."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_forward_zero_or_scaled_any_rank",
    "test_dropout_backward_consistent_with_forward",
    "test_dropout_test_mode_is_identity",
    "test_dropout_train_output_is_zero_or_scaled",
    "test_dropout_preserves_mean_in_expectation",
    "test_dropout_backward_uses_forward_mask",
]
MISTAKE = "factor"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape) < p).astype(np.float64)
        return x * mask, (mode, mask)
    return x * p, (mode, p)


def dropout_backward(dout, cache):
    _mode, mask = cache
    return dout * mask
