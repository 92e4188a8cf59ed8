"""rnn_step_backward uses tanh'(a) = 1 - tanh(a) instead of 1 - tanh(a)^2."""

CAUGHT_BY = ["test_step_backward_gradcheck", "test_backward_gradcheck",
             "test_orthogonal_recurrence_preserves_gradient_norm",
             "test_backward_matches_reference[rnn_step_backward]"]
MISTAKE = "derivative"


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)
