"""rnn_step_backward computes dWh = da^T prev_h, the transpose of prev_h^T da (the shapes
agree because Wh is square, so nothing crashes)."""

CAUGHT_BY = ["test_step_backward_gradcheck", "test_backward_gradcheck",
             "test_backward_matches_reference[rnn_step_backward]"]
MISTAKE = "transpose"


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h**2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, da.T @ prev_h, da.sum(axis=0)
