"""least_squares_loss differentiates with the residual y - Xw: the gradient points uphill."""
import numpy as np

CAUGHT_BY = ["test_least_squares_loss_gradcheck", "test_matches_reference[least_squares_loss]"]
MISTAKE = "sign"


def least_squares_loss(w, X, y):
    N = X.shape[0]
    residual = y - X @ w
    return float(residual @ residual / (2 * N)), X.T @ residual / N
