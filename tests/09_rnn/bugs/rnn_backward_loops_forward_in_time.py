"""rnn_backward walks forwards in time (t = 1..T), carrying dprev_h from step t to step
t + 1: gradients flow into the future instead of the past."""
import numpy as np

CAUGHT_BY = ["test_backward_gradcheck", "test_loss_at_one_step_reaches_back_not_forward",
             "test_backward_matches_reference[rnn_backward]"]
MISTAKE = "formula"


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][2].shape[0]
    dx = np.empty((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dprev_h = np.zeros((N, H))
    dh0 = None
    for t in range(T):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        if dh0 is None:
            dh0 = dprev_h
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh0, dWx, dWh, db
