"""lstm_step_backward differentiates tanh(next_c) as 1 - next_c^2 instead of
1 - tanh(next_c)^2 (the forward pass caches next_c; its values are right)."""
import numpy as np

CAUGHT_BY = [
    "test_step_backward_gradcheck",
    "test_backward_gradcheck",
    "test_step_backward_matches_reference",
    "test_backward_matches_reference",
]
MISTAKE = "derivative"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    z = np.exp(-np.abs(a[:, :3 * H]))
    gates = np.where(a[:, :3 * H] >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    dc = dnext_c + dnext_h * o * (1.0 - next_c ** 2)
    da = np.concatenate([
        dc * g * i * (1.0 - i),
        dc * prev_c * f * (1.0 - f),
        dnext_h * np.tanh(next_c) * o * (1.0 - o),
        dc * i * (1.0 - g ** 2),
    ], axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, np.sum(da, axis=0)
