"""rnn_forward starts from zeros instead of the given h0 (a common copy-paste from code
where h0 is always 0)."""
import numpy as np

CAUGHT_BY = ["test_forward_recurrence", "test_backward_gradcheck",
             "test_forward_matches_reference[rnn_forward]"]
MISTAKE = "ignored-argument"


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.empty((N, T, h0.shape[1]))
    cache = []
    prev_h = np.zeros_like(h0)
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    return h, cache
