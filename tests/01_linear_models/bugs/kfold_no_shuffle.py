"""kfold_indices never shuffles: the folds are consecutive blocks of 0..n-1 whatever rng is."""
import numpy as np

CAUGHT_BY = ["test_kfold_shuffles"]
MISTAKE = "random-state"


def kfold_indices(n, k, rng):
    folds = np.array_split(np.arange(n), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
