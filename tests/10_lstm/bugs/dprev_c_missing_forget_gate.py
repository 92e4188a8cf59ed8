"""lstm_step_backward returns dprev_c = dc, forgetting the factor f (d next_c / d prev_c = f)."""
import numpy as np

CAUGHT_BY = [
    "test_step_backward_gradcheck",
    "test_backward_gradcheck",
    "test_step_backward_matches_reference",
    "test_backward_matches_reference",
]
MISTAKE = "missing-term"


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
    da = np.concatenate([
        dc * g * i * (1.0 - i),
        dc * prev_c * f * (1.0 - f),
        dnext_h * tanh_c * o * (1.0 - o),
        dc * i * (1.0 - g ** 2),
    ], axis=1)
    return da @ Wx.T, da @ Wh.T, dc, x.T @ da, prev_h.T @ da, np.sum(da, axis=0)
