"""lstm_backward assigns the weight gradients at each step (dWx = dWx_t) instead of summing
them over the T steps, so only the first step's contribution survives."""
import numpy as np

CAUGHT_BY = ["test_backward_gradcheck", "test_backward_matches_reference"]
MISTAKE = "accumulate"


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    dx = np.zeros((N, T, cache[0][0].shape[1]))
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        grads = lstm_step_backward(dh[:, t, :] + dprev_h, dprev_c, cache[t])  # noqa: F821
        dx[:, t, :], dprev_h, dprev_c, dWx, dWh, db = grads
    return dx, dprev_h, dWx, dWh, db
