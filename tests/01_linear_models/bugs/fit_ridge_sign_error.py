"""fit_ridge moves the penalty to the wrong side: (X^T X - N lam I) w = X^T y, which inflates
the weights instead of shrinking them."""
import numpy as np

CAUGHT_BY = ["test_fit_ridge_zero_gradient", "test_fit_ridge_shrinks_with_lambda",
             "test_matches_reference[fit_ridge]"]
MISTAKE = "sign"


def fit_ridge(X, y, lam):
    N, D = X.shape
    return np.linalg.solve(X.T @ X - N * lam * np.eye(D), X.T @ y)
