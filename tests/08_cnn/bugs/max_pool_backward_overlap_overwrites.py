"""max_pool_backward scatters with dx[idx] += dout (numpy fancy indexing) instead of
np.add.at: when overlapping windows share their maximum, only one window's gradient
survives instead of their sum."""
import numpy as np

CAUGHT_BY = ["test_max_pool_backward_gradcheck",
             "test_backward_matches_reference[max_pool_backward]"]
MISTAKE = "accumulate"


def max_pool_backward(dout, cache):
    x, pool_param = cache
    PH, PW, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C = x.shape[:2]
    H_out, W_out = dout.shape[2:]
    windows = np.lib.stride_tricks.sliding_window_view(x, (PH, PW), axis=(2, 3))
    windows = windows[:, :, ::s, ::s].reshape(N, C, H_out, W_out, PH * PW)
    a, e = np.divmod(windows.argmax(axis=-1), PW)
    rows = a + s * np.arange(H_out)[:, None]
    cols = e + s * np.arange(W_out)[None, :]
    n, c = np.indices((N, C, 1, 1))[:2]
    dx = np.zeros_like(x)
    dx[n, c, rows, cols] += dout  # buffered: repeated indices are written once
    return dx
