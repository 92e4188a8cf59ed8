"""zeros_init returns an integer array (dtype=int), so later float updates are truncated."""
import numpy as np

CAUGHT_BY = ["test_zeros_init"]
MISTAKE = "dtype"


def zeros_init(shape):
    return np.zeros(shape, dtype=int)
