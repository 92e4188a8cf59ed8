"""gaussian_nll drops the constant N / 2 * log(2 pi) ("it does not depend on w"): right
argmin and right best beta, wrong value."""
import numpy as np

CAUGHT_BY = ["test_gaussian_nll_value", "test_matches_reference[gaussian_nll]"]
MISTAKE = "missing-term"


def gaussian_nll(w, beta, X, y):
    N = X.shape[0]
    residual = y - X @ w
    return float(0.5 * beta * residual @ residual - 0.5 * N * np.log(beta))
