"""l1_loss averages pred - target without the absolute value: errors cancel out."""
import numpy as np

CAUGHT_BY = ["test_nonnegative_and_zero_iff_equal[l1_loss]", "test_loss_matches_reference[l1_loss]"]
MISTAKE = "formula"


def l1_loss(pred, target):
    N = pred.shape[0]
    return float(np.sum(pred - target) / N), np.ones_like(pred) / N
