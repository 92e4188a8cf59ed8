"""l2_loss subtracts in place (pred -= target), corrupting the caller's array."""
import numpy as np

TOPIC = "03_losses"
LOST = ["test_loss_matches_reference[l2_loss]", "test_inputs_unchanged[l2_loss]"]


def l2_loss(pred, target):
    N = pred.shape[0]
    pred -= target
    return float(np.sum(pred**2) / N), 2.0 * pred / N
