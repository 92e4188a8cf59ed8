"""prelu_forward uses np.maximum(x, alpha * x), which is wrong once a slope exceeds 1."""
import numpy as np

CAUGHT_BY = ["test_prelu_values", "test_forward_matches_reference[prelu_forward]"]
MISTAKE = "formula"


def prelu_forward(x, alpha):
    return np.maximum(x, alpha * x), (x, alpha)
