"""pca keeps np.linalg.eigh's ascending order: the components are the eigenvectors of the k
SMALLEST eigenvalues and the eigenvalues come out ascending."""
import numpy as np

CAUGHT_BY = ["test_pca_eigenpairs", "test_pca_reconstruction_error_is_discarded_variance",
             "test_pca_matches_reference"]
MISTAKE = "formula"


def pca(X, k):
    centered = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(centered.T @ centered / X.shape[0])
    return vectors[:, :k], values
