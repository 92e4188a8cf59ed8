"""leaky_relu_backward copies ReLU's: no gradient at all for x < 0."""
import numpy as np

CAUGHT_BY = ["test_leaky_relu_backward_gradcheck",
             "test_backward_matches_reference[leaky_relu_backward]"]
MISTAKE = "formula"


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    return np.where(x > 0, dout, 0.0)
