"""softmax normalises by the sum over the whole array instead of along the axis."""
import numpy as np

CAUGHT_BY = ["test_softmax_is_a_distribution", "test_softmax_shift_invariance",
             "test_softmax_matches_reference"]
MISTAKE = "axis"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
