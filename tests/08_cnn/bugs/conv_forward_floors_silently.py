"""conv_forward does not check that the sizes fit the stride: like CS231n's code without its
assert, it silently drops the last rows or columns of a misfit input."""
import numpy as np

CAUGHT_BY = ["test_conv_forward_rejects_misfit"]
MISTAKE = "validation"


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(xpad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return out + b[None, :, None, None], (x, w, b, conv_param)
