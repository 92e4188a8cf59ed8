"""rnn_backward assigns dWh = ... at every step instead of accumulating dWh += ...: only the
contribution of the first step survives (the weight is shared by all T steps)."""
import numpy as np

CAUGHT_BY = ["test_backward_gradcheck", "test_bptt_sums_over_time",
             "test_backward_matches_reference[rnn_backward]"]
MISTAKE = "accumulate"


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][2].shape[0]
    dx = np.empty((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dWx += dWx_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
