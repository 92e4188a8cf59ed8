"""fit_least_squares solves the normal equation X^T X w = X^T y with np.linalg.solve: no
explicit inverse, but X^T X still squares the condition number and is singular for
duplicated columns."""
import numpy as np

CAUGHT_BY = ["test_fit_least_squares_ill_conditioned",
             "test_fit_least_squares_duplicated_columns",
             "test_fit_least_squares_matches_lstsq"]
MISTAKE = "unstable"


def fit_least_squares(X, y):
    return np.linalg.solve(X.T @ X, X.T @ y)
