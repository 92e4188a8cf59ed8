"""pca eigen-decomposes X^T X / N without subtracting the mean: the top component chases the
mean instead of the direction of largest variance."""
import numpy as np

CAUGHT_BY = ["test_pca_eigenpairs", "test_pca_reconstruction_error_is_discarded_variance",
             "test_pca_matches_reference"]
MISTAKE = "missing-term"


def pca(X, k):
    values, vectors = np.linalg.eigh(X.T @ X / X.shape[0])
    order = np.argsort(values)[::-1]
    return vectors[:, order[:k]], values[order]
