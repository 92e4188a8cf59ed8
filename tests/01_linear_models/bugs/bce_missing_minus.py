"""binary_cross_entropy returns the mean log-likelihood instead of its negative (the minus
sign of -[y log p + (1 - y) log(1 - p)] is lost): the loss is <= 0."""
import numpy as np

CAUGHT_BY = ["test_bce_value_nonnegative", "test_bce_extreme_logits",
             "test_matches_reference[binary_cross_entropy]"]
MISTAKE = "sign"


def binary_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(-np.abs(logits))
    log_likelihood = np.sum(y * logits - np.maximum(logits, 0) - np.log1p(e)) / N
    p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(log_likelihood), (p - y) / N
