"""sigmoid_backward computes s * (1 - s) from the cached input x instead of sigma(x)."""
import numpy as np

CAUGHT_BY = ["test_sigmoid_backward_gradcheck", "test_sigmoid_derivative_identity",
             "test_backward_matches_reference[sigmoid_backward]"]
MISTAKE = "derivative"


def sigmoid_forward(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)), x


def sigmoid_backward(dout, cache):
    x = cache
    return dout * x * (1 - x)
