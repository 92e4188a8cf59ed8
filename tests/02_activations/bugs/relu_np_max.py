"""relu_forward uses np.max(x, 0), a reduction over axis 0, instead of np.maximum(x, 0)."""
import numpy as np

CAUGHT_BY = ["test_relu_nonnegative_and_idempotent",
             "test_forward_matches_reference[relu_forward]"]
MISTAKE = "axis"


def relu_forward(x):
    return np.max(x, 0), x
