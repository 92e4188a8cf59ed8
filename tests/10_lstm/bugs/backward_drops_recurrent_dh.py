"""lstm_backward feeds each step only dh[:, t], dropping the gradient dprev_h that flows back
from step t + 1 (the cell-state gradient is still carried)."""
import numpy as np

CAUGHT_BY = ["test_backward_gradcheck", "test_backward_matches_reference"]
MISTAKE = "missing-term"


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, _, Wx, Wh = cache[0][:5]
    dx = np.zeros((N, T, x0.shape[1]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        grads = lstm_step_backward(dh[:, t, :], dprev_c, cache[t])  # noqa: F821 (reference)
        dx[:, t, :], dprev_h, dprev_c, dWx_t, dWh_t, db_t = grads
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
