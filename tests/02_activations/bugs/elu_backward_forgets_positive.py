"""elu_backward uses alpha * exp(x) everywhere, also where x > 0 and the slope is 1."""
import numpy as np

CAUGHT_BY = ["test_elu_backward_gradcheck", "test_backward_matches_reference[elu_backward]"]
MISTAKE = "formula"


def elu_backward(dout, cache):
    x, alpha = cache
    return dout * alpha * np.exp(np.minimum(x, 50.0))
