"""fit_least_squares types the normal equation literally, inv(X^T X) @ X^T @ y: the explicit
inverse of X^T X (condition number squared) loses every digit when cond(X) = 1e8 and fails
(LinAlgError or garbage) when X^T X is singular."""
import numpy as np

CAUGHT_BY = ["test_fit_least_squares_ill_conditioned",
             "test_fit_least_squares_duplicated_columns",
             "test_fit_least_squares_matches_lstsq"]
MISTAKE = "unstable"


def fit_least_squares(X, y):
    return np.linalg.inv(X.T @ X) @ X.T @ y
