"""max_pool_backward routes dout to the top-left element of each window instead of the
window's arg-max."""
import numpy as np

CAUGHT_BY = ["test_max_pool_backward_routes_to_argmax", "test_max_pool_backward_gradcheck",
             "test_backward_matches_reference[max_pool_backward]"]
MISTAKE = "formula"


def max_pool_backward(dout, cache):
    x, pool_param = cache
    s = pool_param["stride"]
    H_out, W_out = dout.shape[2:]
    dx = np.zeros_like(x)
    dx[:, :, 0:s * (H_out - 1) + 1:s, 0:s * (W_out - 1) + 1:s] += dout
    return dx
