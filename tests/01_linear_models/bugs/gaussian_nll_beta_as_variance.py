"""gaussian_nll treats beta as the noise variance, not the precision: N(y | w^T x, beta)."""
import numpy as np

CAUGHT_BY = ["test_gaussian_nll_value", "test_gaussian_nll_minimised_by_least_squares",
             "test_gaussian_nll_best_precision", "test_matches_reference[gaussian_nll]"]
MISTAKE = "convention"


def gaussian_nll(w, beta, X, y):
    N = X.shape[0]
    residual = y - X @ w
    return float(residual @ residual / (2 * beta) + 0.5 * N * np.log(2 * np.pi * beta))
