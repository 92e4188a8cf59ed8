"""max_pool_backward sends dout to every position of the window (as if the max were a sum)
instead of only to the arg-max."""
import numpy as np

CAUGHT_BY = ["test_max_pool_backward_routes_to_argmax", "test_max_pool_backward_gradcheck",
             "test_backward_matches_reference[max_pool_backward]"]
MISTAKE = "formula"


def max_pool_backward(dout, cache):
    x, pool_param = cache
    PH, PW, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H_out, W_out = dout.shape[2:]
    dx = np.zeros_like(x)
    for a in range(PH):
        for e in range(PW):
            dx[:, :, a:a + s * (H_out - 1) + 1:s, e:e + s * (W_out - 1) + 1:s] += dout
    return dx
