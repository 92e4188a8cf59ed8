"""least_squares_loss averages the loss over N but returns the gradient of the summed loss,
X^T (Xw - y), as in seed 002 eq. (13)."""
import numpy as np

CAUGHT_BY = ["test_least_squares_loss_gradcheck", "test_matches_reference[least_squares_loss]"]
MISTAKE = "batch-mean"


def least_squares_loss(w, X, y):
    N = X.shape[0]
    residual = X @ w - y
    return float(residual @ residual / (2 * N)), X.T @ residual
