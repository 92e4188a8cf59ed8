"""kfold_indices shuffles with np.random.permutation (global state) and ignores rng: the same
seed does not give the same folds."""
import numpy as np

CAUGHT_BY = ["test_kfold_reproducible"]
MISTAKE = "random-state"


def kfold_indices(n, k, rng):
    folds = np.array_split(np.random.permutation(n), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
