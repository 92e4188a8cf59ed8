"""lstm_forward starts the cell state from h0 (c0 = h0) instead of c0 = 0."""
import numpy as np

CAUGHT_BY = [
    "test_forward_values",
    "test_forward_starts_from_zero_cell",
    "test_forward_matches_reference",
]
MISTAKE = "formula"


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    prev_h, prev_c = h0, h0.copy()
    cache = []
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(  # noqa: F821 (the reference)
            x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        cache.append(step_cache)
    return h, cache
