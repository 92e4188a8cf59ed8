"""lstm_step_forward computes the gates as 1 / (1 + exp(-a)), which overflows (with a
RuntimeWarning) for pre-activations below about -709; the values are otherwise right."""
import numpy as np

CAUGHT_BY = ["test_saturated_gates_no_overflow"]
MISTAKE = "unstable"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    gates = 1.0 / (1.0 + np.exp(-a[:, :3 * H]))
    i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
