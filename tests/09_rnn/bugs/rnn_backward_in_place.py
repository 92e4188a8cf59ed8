"""rnn_backward adds the carried gradient into the caller's dh (dh[:, t - 1] += dprev_h):
the gradients are right but the caller's dh is corrupted."""
import numpy as np

CAUGHT_BY = ["test_backward_matches_reference[rnn_backward]"]
MISTAKE = "in-place"


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][2].shape[0]
    dx = np.empty((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t], cache[t])
        if t > 0:
            dh[:, t - 1] += dprev_h
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
