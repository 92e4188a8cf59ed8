"""binary_cross_entropy clips p to [1e-12, 1 - 1e-12] before the log: no warning, but a
confidently wrong logit of 1e4 costs log(1e12) = 27.6 instead of 1e4."""
import numpy as np

CAUGHT_BY = ["test_bce_extreme_logits"]
MISTAKE = "unstable"


def binary_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(-np.abs(logits))
    p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    q = np.clip(p, 1e-12, 1 - 1e-12)
    loss = -np.sum(y * np.log(q) + (1 - y) * np.log(1 - q)) / N
    return float(loss), (p - y) / N
