"""fit_least_squares returns np.linalg.lstsq's whole result (w, residuals, rank, singular
values) instead of w alone."""
import numpy as np

CAUGHT_BY = ["test_fit_least_squares_zero_gradient",
             "test_fit_least_squares_ill_conditioned",
             "test_fit_least_squares_duplicated_columns",
             "test_fit_least_squares_matches_lstsq"]
MISTAKE = "shape"


def fit_least_squares(X, y):
    return np.linalg.lstsq(X, y, rcond=None)
