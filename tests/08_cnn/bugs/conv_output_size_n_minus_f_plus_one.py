"""conv_output_size divides the stride-1 count of positions by the stride,
(n + 2p - f + 1) // s, instead of (n + 2p - f) / s + 1: right at stride 1, one too small at
stride 2 and above, and it never rejects a stride that does not fit."""

CAUGHT_BY = ["test_conv_output_size_formula", "test_conv_output_size_rejects_misfit"]
MISTAKE = "off-by-one"


def conv_output_size(n, f, p, s):
    out = (n + 2 * p - f + 1) // s  # "n - f + 1 positions, one in every s of them"
    if out < 1:
        raise ValueError("the filter does not fit")
    return out
