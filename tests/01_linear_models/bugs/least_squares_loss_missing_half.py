"""least_squares_loss drops the 1/2: loss = ||Xw - y||^2 / N, with the gradient of the
1/(2N) version (the convention of one formula, the gradient of the other)."""
import numpy as np

CAUGHT_BY = ["test_least_squares_loss_value", "test_matches_reference[least_squares_loss]"]
MISTAKE = "factor"


def least_squares_loss(w, X, y):
    N = X.shape[0]
    residual = X @ w - y
    return float(residual @ residual / N), X.T @ residual / N
