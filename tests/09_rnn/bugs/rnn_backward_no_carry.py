"""rnn_backward feeds each step only its upstream dh[:, t]: the gradient flowing back from
step t + 1 (dprev_h) is dropped, so no loss term reaches earlier steps, and dh0 comes from
the first step's own dh only."""
import numpy as np

CAUGHT_BY = ["test_backward_gradcheck", "test_loss_at_one_step_reaches_back_not_forward",
             "test_orthogonal_recurrence_preserves_gradient_norm",
             "test_backward_matches_reference[rnn_backward]"]
MISTAKE = "missing-term"


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][2].shape[0]
    dx = np.empty((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t], cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
