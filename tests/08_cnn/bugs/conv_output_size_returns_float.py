"""conv_output_size returns the float (n + 2p - f) / s + 1 (e.g. 3.0), not an int: it
cannot be used as an array size."""

CAUGHT_BY = ["test_conv_output_size_formula"]
MISTAKE = "dtype"


def conv_output_size(n, f, p, s):
    out = (n + 2 * p - f) / s + 1
    if out < 1 or out != int(out):
        raise ValueError("the windows do not fit")
    return out
