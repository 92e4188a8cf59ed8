"""binary_cross_entropy averages the loss over N but returns sigmoid(z) - y as the gradient."""
import numpy as np

CAUGHT_BY = ["test_bce_gradcheck", "test_bce_extreme_logits",
             "test_matches_reference[binary_cross_entropy]"]
MISTAKE = "batch-mean"


def binary_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(-np.abs(logits))
    loss = np.sum(np.maximum(logits, 0) - y * logits + np.log1p(e)) / N
    p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(loss), p - y
