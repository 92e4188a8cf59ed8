"""l2_loss returns the Euclidean norm ||pred - target|| / N: its gradient is 0/0 at a match."""
import numpy as np

CAUGHT_BY = ["test_nonnegative_and_zero_iff_equal[l2_loss]", "test_loss_matches_reference[l2_loss]"]
MISTAKE = "formula"


def l2_loss(pred, target):
    N = pred.shape[0]
    diff = pred - target
    norm = np.sqrt(np.sum(diff**2))
    return float(norm / N), diff / (N * norm)
