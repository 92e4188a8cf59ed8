"""max_pool_forward ignores pool_param['stride'] and steps by the window size (right only
for the usual 2 x 2, stride 2): overlapping or gapped pooling is wrong."""
import numpy as np

CAUGHT_BY = ["test_max_pool_forward", "test_forward_matches_reference[max_pool_forward]"]
MISTAKE = "ignored-argument"


def max_pool_forward(x, pool_param):
    PH, PW = pool_param["pool_height"], pool_param["pool_width"]
    windows = np.lib.stride_tricks.sliding_window_view(x, (PH, PW), axis=(2, 3))
    out = windows[:, :, ::PH, ::PW].max(axis=(4, 5))
    return out, (x, pool_param)
