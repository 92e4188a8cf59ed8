"""lstm_step_forward reads the forget gate from the first H columns and the input gate from the
second (order f, i, o, g instead of i, f, o, g).

lstm_forward calls lstm_step_forward, so the sequence is wrong too.
"""
import numpy as np

CAUGHT_BY = [
    "test_step_forward_values",
    "test_gate_table",
    "test_highway_carries_cell_state",
    "test_exam_example_step",
    "test_exam_example_sequence",
    "test_forward_values",
    "test_step_forward_matches_reference",
    "test_forward_matches_reference",
]
MISTAKE = "convention"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    z = np.exp(-np.abs(a[:, :3 * H]))
    gates = np.where(a[:, :3 * H] >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    f, i, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
