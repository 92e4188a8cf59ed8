"""lstm_step_forward outputs next_h = o * next_c, forgetting the tanh of the cell state (so
|h| can exceed 1)."""
import numpy as np

CAUGHT_BY = [
    "test_step_forward_shapes_and_bounds",
    "test_step_forward_values",
    "test_exam_example_step",
    "test_exam_example_sequence",
    "test_forward_values",
    "test_step_forward_matches_reference",
]
MISTAKE = "missing-term"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    z = np.exp(-np.abs(a[:, :3 * H]))
    gates = np.where(a[:, :3 * H] >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * next_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, np.tanh(next_c))
    return next_h, next_c, cache
