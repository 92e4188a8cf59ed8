"""fit_ridge solves (X^T X + lam I) w = X^T y, the textbook formula for the summed loss: with
the data term averaged over N the penalty must be N lam (this minimises lam / (2N) ||w||^2)."""
import numpy as np

CAUGHT_BY = ["test_fit_ridge_zero_gradient", "test_fit_ridge_shrinks_with_lambda",
             "test_matches_reference[fit_ridge]"]
MISTAKE = "batch-mean"


def fit_ridge(X, y, lam):
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
