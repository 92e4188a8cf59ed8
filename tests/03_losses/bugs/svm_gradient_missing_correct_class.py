"""svm_loss's gradient has no term for the correct class (dx[i, y_i] should be -count/N)."""
import numpy as np

CAUGHT_BY = ["test_svm_loss_gradcheck", "test_loss_matches_reference[svm_loss]"]
MISTAKE = "missing-term"


def svm_loss(x, y, delta=1.0):
    N = x.shape[0]
    margins = np.maximum(0.0, x - x[np.arange(N), y][:, None] + delta)
    margins[np.arange(N), y] = 0.0
    return float(margins.sum() / N), (margins > 0).astype(np.float64) / N
