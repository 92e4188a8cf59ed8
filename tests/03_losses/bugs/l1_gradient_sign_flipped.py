"""l1_loss's gradient uses sign(target - pred): it points uphill."""
import numpy as np

CAUGHT_BY = ["test_regression_gradcheck[l1_loss]", "test_loss_matches_reference[l1_loss]"]
MISTAKE = "sign"


def l1_loss(pred, target):
    N = pred.shape[0]
    return float(np.sum(np.abs(pred - target)) / N), np.sign(target - pred) / N
