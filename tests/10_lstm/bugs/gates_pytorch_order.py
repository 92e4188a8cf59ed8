"""lstm_step_forward splits the 4H columns in PyTorch's order i, f, g, o instead of CS231n's
i, f, o, g (the output gate and the candidate are swapped)."""
import numpy as np

CAUGHT_BY = [
    "test_step_forward_values",
    "test_exam_example_step",
    "test_exam_example_sequence",
    "test_forward_values",
    "test_step_forward_matches_reference",
]
MISTAKE = "convention"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    sigma = 1.0 / (1.0 + np.exp(-np.clip(a, -500, 500)))
    i, f, g, o = sigma[:, :H], sigma[:, H:2 * H], np.tanh(a[:, 2 * H:3 * H]), sigma[:, 3 * H:]
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
