"""kfold_indices cuts folds of n // k indices and gives the whole remainder to the last one:
with n % k >= 2 its size differs from the others by more than 1."""
import numpy as np

CAUGHT_BY = ["test_kfold_partition"]
MISTAKE = "off-by-one"


def kfold_indices(n, k, rng):
    perm = rng.permutation(n)
    size = n // k
    folds = []
    for i in range(k):
        val = perm[i * size:] if i == k - 1 else perm[i * size:(i + 1) * size]
        folds.append((np.setdiff1d(perm, val), val))
    return folds
