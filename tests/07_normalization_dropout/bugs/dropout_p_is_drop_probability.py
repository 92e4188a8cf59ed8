"""dropout_forward reads p as the probability of DROPPING a unit (the PyTorch convention):
it keeps units with probability 1 - p and scales them by 1 / (1 - p)."""
import numpy as np

CAUGHT_BY = [
    "test_dropout_forward_zero_or_scaled_any_rank",
    "test_dropout_backward_consistent_with_forward",
    "test_dropout_train_output_is_zero_or_scaled",
    "test_dropout_keeps_fraction_p",
    "test_dropout_preserves_mean_in_expectation",
    "test_dropout_backward_uses_forward_mask",
]
MISTAKE = "convention"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = (rng.random(x.shape) >= p) / (1 - p)
        return x * mask, (mode, mask)
    return x.copy(), (mode, None)
