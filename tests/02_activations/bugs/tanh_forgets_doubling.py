"""tanh computed as 2 sigma(x) - 1, forgetting that the identity needs sigma(2x)."""
import numpy as np

CAUGHT_BY = ["test_tanh_is_rescaled_sigmoid", "test_forward_matches_reference[tanh_forward]"]
MISTAKE = "formula"


def tanh_forward(x):
    out = 2.0 * (0.5 * (1.0 + np.tanh(0.5 * x))) - 1.0
    return out, out
