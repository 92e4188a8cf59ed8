"""l2_loss's gradient drops the factor 2 of d(u^2)/du."""
import numpy as np

CAUGHT_BY = ["test_regression_gradcheck[l2_loss]", "test_loss_matches_reference[l2_loss]"]
MISTAKE = "factor"


def l2_loss(pred, target):
    N = pred.shape[0]
    diff = pred - target
    return float(np.sum(diff**2) / N), diff / N
