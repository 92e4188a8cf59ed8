"""kfold_indices keeps every fold at ceil(n / k) indices by taking the last fold from the end
of the permutation, so it overlaps the one before it."""
import numpy as np

CAUGHT_BY = ["test_kfold_partition"]
MISTAKE = "off-by-one"


def kfold_indices(n, k, rng):
    perm = rng.permutation(n)
    size = -(-n // k)
    folds = []
    for i in range(k):
        start = min(i * size, n - size)
        val = perm[start:start + size]
        folds.append((np.setdiff1d(perm, val), val))
    return folds
