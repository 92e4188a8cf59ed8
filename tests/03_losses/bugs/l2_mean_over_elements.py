"""l2_loss uses np.mean over every element (not over N) but a gradient divided by N."""
import numpy as np

CAUGHT_BY = ["test_regression_gradcheck[l2_loss]", "test_loss_matches_reference[l2_loss]"]
MISTAKE = "axis"


def l2_loss(pred, target):
    diff = pred - target
    return float(np.mean(diff**2)), 2.0 * diff / pred.shape[0]
