"""lstm_step_backward accumulates into the upstream gradient in place
(dnext_c += dnext_h * o * (1 - tanh(c)^2)), corrupting the caller's dnext_c; the returned
gradients are right."""
import numpy as np

CAUGHT_BY = ["test_step_backward_matches_reference"]
MISTAKE = "in-place"


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dnext_c += dnext_h * o * (1.0 - tanh_c ** 2)
    dc = dnext_c
    da = np.concatenate([
        dc * g * i * (1.0 - i),
        dc * prev_c * f * (1.0 - f),
        dnext_h * tanh_c * o * (1.0 - o),
        dc * i * (1.0 - g ** 2),
    ], axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, np.sum(da, axis=0)
