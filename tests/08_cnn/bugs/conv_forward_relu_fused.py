"""conv_forward applies a ReLU to its output (confusing it with the conv-relu sandwich
layer): the layer is no longer linear and negative responses vanish."""
import numpy as np

CAUGHT_BY = ["test_conv_forward_linear", "test_conv_1x1_is_per_pixel_matrix_product",
             "test_forward_matches_reference[conv_forward]"]
MISTAKE = "formula"

_correct_conv_forward = conv_forward  # noqa: F821 (the reference, defined above)


def conv_forward(x, w, b, conv_param):
    out, cache = _correct_conv_forward(x, w, b, conv_param)
    return np.maximum(out, 0.0), cache
