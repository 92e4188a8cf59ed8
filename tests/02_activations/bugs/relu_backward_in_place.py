"""relu_backward zeroes dout in place (dout[x <= 0] = 0) and returns it."""

CAUGHT_BY = ["test_backward_matches_reference[relu_backward]", "test_inputs_unchanged[relu_backward]"]
MISTAKE = "in-place"


def relu_backward(dout, cache):
    dout[cache <= 0] = 0
    return dout
