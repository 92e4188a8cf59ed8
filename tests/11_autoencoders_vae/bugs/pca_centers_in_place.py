"""pca centers the data with X -= X.mean(axis=0), changing the caller's X."""
import numpy as np

CAUGHT_BY = ["test_pca_matches_reference"]
MISTAKE = "in-place"


def pca(X, k):
    X -= X.mean(axis=0)
    values, vectors = np.linalg.eigh(X.T @ X / X.shape[0])
    order = np.argsort(values)[::-1]
    return vectors[:, order[:k]], values[order]
