"""relu_backward multiplies dout by the ReLU output max(0, x) instead of the 0/1 mask
(x > 0)."""
import numpy as np

CAUGHT_BY = ["test_relu_backward_gradcheck", "test_backward_matches_reference[relu_backward]"]
MISTAKE = "derivative"


def relu_backward(dout, cache):
    return dout * np.maximum(cache, 0)
