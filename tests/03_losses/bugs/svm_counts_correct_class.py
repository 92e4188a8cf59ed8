"""svm_loss forgets to exclude j = y_i: every sample adds delta to the loss."""
import numpy as np

CAUGHT_BY = ["test_svm_loss_saturates", "test_svm_loss_is_nonnegative_hinge",
             "test_loss_matches_reference[svm_loss]"]
MISTAKE = "missing-term"


def svm_loss(x, y, delta=1.0):
    N = x.shape[0]
    margins = np.maximum(0.0, x - x[np.arange(N), y][:, None] + delta)
    positive = (margins > 0).astype(np.float64)
    positive[np.arange(N), y] -= positive.sum(axis=1)
    return float(margins.sum() / N), positive / N
