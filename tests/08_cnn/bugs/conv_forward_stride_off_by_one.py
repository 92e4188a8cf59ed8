"""conv_forward computes the output size as (H + 2P - HH + 1) // S (the stride-1 count of
positions divided by the stride): right at stride 1, but at stride 2 or 3 the last output
row and column are missing."""
import numpy as np

CAUGHT_BY = ["test_conv_forward_shape", "test_conv_forward_one_hot_filter",
             "test_conv_forward_matches_scipy", "test_forward_matches_reference[conv_forward]"]
MISTAKE = "off-by-one"


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    _check_fit("conv_forward", x.shape, (HH, WW), pad, stride)  # noqa: F821
    H_out = (H + 2 * pad - HH + 1) // stride
    W_out = (W + 2 * pad - WW + 1) // stride
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            patch = xpad[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, w, b, conv_param)
