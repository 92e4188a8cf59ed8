"""fit_least_squares makes X^T X invertible by adding 1e-10 I before solving: near the
minimum-norm solution for duplicated columns, but a bias far larger than the smallest
squared singular value of an ill-conditioned X."""
import numpy as np

CAUGHT_BY = ["test_fit_least_squares_ill_conditioned"]
MISTAKE = "unstable"


def fit_least_squares(X, y):
    return np.linalg.solve(X.T @ X + 1e-10 * np.eye(X.shape[1]), X.T @ y)
