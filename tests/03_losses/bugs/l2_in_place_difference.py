"""l2_loss computes the difference in place (pred -= target), corrupting the caller's pred."""
import numpy as np

CAUGHT_BY = ["test_loss_matches_reference[l2_loss]"]
MISTAKE = "in-place"


def l2_loss(pred, target):
    N = pred.shape[0]
    pred -= target
    return float(np.sum(pred**2) / N), 2.0 * pred / N
