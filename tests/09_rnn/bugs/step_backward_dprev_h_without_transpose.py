"""rnn_step_backward computes dprev_h = da Wh instead of da Wh^T (square, so no shape
error). With an orthogonal Wh the norm is still right; the values are not."""

CAUGHT_BY = ["test_step_backward_gradcheck", "test_backward_gradcheck",
             "test_loss_at_one_step_reaches_back_not_forward",
             "test_backward_matches_reference[rnn_step_backward]"]
MISTAKE = "transpose"


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h**2)
    return da @ Wx.T, da @ Wh, x.T @ da, prev_h.T @ da, da.sum(axis=0)
