"""binary_cross_entropy computes p = 1 / (1 + exp(-z)) and then log(p), log(1 - p): exp
overflows and log(0) is -inf at logits of 1e4."""
import numpy as np

CAUGHT_BY = ["test_bce_extreme_logits"]
MISTAKE = "unstable"


def binary_cross_entropy(logits, y):
    N = logits.shape[0]
    p = 1.0 / (1.0 + np.exp(-logits))
    loss = -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / N
    return float(loss), (p - y) / N
