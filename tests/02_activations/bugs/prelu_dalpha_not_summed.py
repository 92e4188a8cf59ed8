"""prelu_backward returns dalpha per element (shape of x) instead of summing over the batch."""
import numpy as np

CAUGHT_BY = ["test_prelu_backward_gradcheck", "test_backward_matches_reference[prelu_backward]"]
MISTAKE = "axis"


def prelu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, alpha * dout), np.where(x > 0, 0.0, dout * x)
