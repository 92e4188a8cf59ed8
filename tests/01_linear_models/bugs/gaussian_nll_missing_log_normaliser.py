"""gaussian_nll keeps only beta / 2 * sum of squared residuals and drops the log-normaliser
N / 2 * log(2 pi / beta): the same argmin over w, but the wrong value and no best beta."""
import numpy as np

CAUGHT_BY = ["test_gaussian_nll_value", "test_gaussian_nll_best_precision",
             "test_matches_reference[gaussian_nll]"]
MISTAKE = "missing-term"


def gaussian_nll(w, beta, X, y):
    residual = y - X @ w
    return float(0.5 * beta * residual @ residual)
