"""The textbook sigmoid 1 / (1 + exp(-x)) overflows (with a warning) for large negative x."""
import numpy as np

CAUGHT_BY = ["test_sigmoid_extreme_inputs"]
MISTAKE = "unstable"


def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-x))
    return out, out
