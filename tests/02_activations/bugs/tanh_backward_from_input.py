"""tanh_backward computes 1 - x^2 from the input instead of 1 - tanh(x)^2."""
import numpy as np

CAUGHT_BY = ["test_tanh_backward_gradcheck", "test_backward_matches_reference[tanh_backward]"]
MISTAKE = "derivative"


def tanh_forward(x):
    return np.tanh(x), x


def tanh_backward(dout, cache):
    return dout * (1.0 - cache**2)
