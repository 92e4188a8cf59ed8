"""conv_output_size floors (n + 2p - f) // s + 1 without checking that the stride divides
n + 2p - f: a layer that does not fit the stride silently loses its last rows."""

CAUGHT_BY = ["test_conv_output_size_rejects_misfit"]
MISTAKE = "validation"


def conv_output_size(n, f, p, s):
    out = (n + 2 * p - f) // s + 1
    if out < 1:
        raise ValueError("the filter does not fit")
    return out
