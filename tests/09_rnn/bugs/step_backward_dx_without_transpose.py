"""rnn_step_backward computes dx = da Wx instead of da Wx^T: a shape error when D != H, and
silently wrong values when D == H (the case a student who tries only square weights sees)."""

CAUGHT_BY = ["test_step_backward_gradcheck", "test_backward_gradcheck",
             "test_backward_matches_reference[rnn_step_backward]"]
MISTAKE = "transpose"


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h**2)
    return da @ Wx, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)
