"""l1_loss sums over the batch instead of averaging over N (loss and gradient)."""
import numpy as np

CAUGHT_BY = ["test_loss_matches_reference[l1_loss]"]
MISTAKE = "batch-mean"


def l1_loss(pred, target):
    diff = pred - target
    return float(np.sum(np.abs(diff))), np.sign(diff)
