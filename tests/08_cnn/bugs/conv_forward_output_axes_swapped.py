"""conv_forward transposes tensordot's (N, H', W', F) result with (0, 3, 2, 1) instead of
(0, 3, 1, 2): the output's height and width are swapped (a transposed feature map)."""
import numpy as np

CAUGHT_BY = ["test_conv_forward_commutes_with_translation",
             "test_forward_matches_reference[conv_forward]"]
MISTAKE = "transpose"


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    _check_fit("conv_forward", x.shape, (HH, WW), pad, stride)  # noqa: F821
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(xpad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H', W', F)
    out = out.transpose(0, 3, 2, 1) + b[None, :, None, None]
    return out, (x, w, b, conv_param)
