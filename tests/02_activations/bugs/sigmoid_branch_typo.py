"""The 'stable' sigmoid's negative branch divides by 1 + exp(-x) instead of 1 + exp(x)."""
import numpy as np

CAUGHT_BY = ["test_sigmoid_range_and_symmetry", "test_sigmoid_extreme_inputs",
             "test_forward_matches_reference[sigmoid_forward]"]
MISTAKE = "sign"


def sigmoid_forward(x):
    out = np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(-x)))
    return out, out
