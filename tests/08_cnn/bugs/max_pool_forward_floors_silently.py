"""max_pool_forward does not check that the windows fit the stride: it silently drops the
last rows or columns of a misfit input."""
import numpy as np

CAUGHT_BY = ["test_max_pool_forward_rejects_misfit"]
MISTAKE = "validation"


def max_pool_forward(x, pool_param):
    PH, PW, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = np.lib.stride_tricks.sliding_window_view(x, (PH, PW), axis=(2, 3))
    out = windows[:, :, ::s, ::s].max(axis=(4, 5))
    return out, (x, pool_param)
