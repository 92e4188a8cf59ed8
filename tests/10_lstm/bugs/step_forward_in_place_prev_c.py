"""lstm_step_forward forgets in place (prev_c *= f), overwriting the caller's cell state; the
returned values are right."""
import numpy as np

CAUGHT_BY = ["test_step_forward_matches_reference"]
MISTAKE = "in-place"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    z = np.exp(-np.abs(a[:, :3 * H]))
    gates = np.where(a[:, :3 * H] >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    cache_c = prev_c.copy()
    prev_c *= f
    next_c = prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, cache_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
