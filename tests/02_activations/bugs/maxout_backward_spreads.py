"""maxout_backward shares each group's gradient equally among its k inputs."""
import numpy as np

CAUGHT_BY = ["test_maxout_backward_gradcheck", "test_backward_matches_reference[maxout_backward]"]
MISTAKE = "formula"


def maxout_backward(dout, cache):
    x_shape, idx, k = cache
    return np.repeat(dout / k, k, axis=-1).reshape(x_shape)
