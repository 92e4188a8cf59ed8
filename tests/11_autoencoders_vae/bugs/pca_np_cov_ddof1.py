"""pca uses np.cov (divides by N - 1): the eigenvalues are N / (N - 1) times too large, so
the discarded ones no longer sum to the reconstruction error."""
import numpy as np

CAUGHT_BY = ["test_pca_eigenpairs", "test_pca_reconstruction_error_is_discarded_variance",
             "test_pca_matches_reference"]
MISTAKE = "off-by-one"


def pca(X, k):
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(values)[::-1]
    return vectors[:, order[:k]], values[order]
