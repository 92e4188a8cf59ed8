"""lstm_forward stacks the hidden states time-major, returning h of shape (T, N, H) instead of
(N, T, H)."""
import numpy as np

CAUGHT_BY = ["test_forward_shapes_and_bounds", "test_forward_values",
             "test_forward_matches_reference"]
MISTAKE = "transpose"


def lstm_forward(x, h0, Wx, Wh, b):
    prev_h, prev_c = h0, np.zeros_like(h0)
    states, cache = [], []
    for t in range(x.shape[1]):
        prev_h, prev_c, step_cache = lstm_step_forward(  # noqa: F821 (the reference)
            x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        states.append(prev_h)
        cache.append(step_cache)
    return np.stack(states), cache
