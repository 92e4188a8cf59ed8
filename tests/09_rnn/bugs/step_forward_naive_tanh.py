"""rnn_step_forward writes tanh as (e^a - e^-a) / (e^a + e^-a): exp overflows for |a| > 710,
giving inf / inf = nan with overflow warnings on saturated units."""
import numpy as np

CAUGHT_BY = ["test_forward_saturates_without_warnings[rnn_step_forward]",
             "test_forward_saturates_without_warnings[rnn_forward]"]
MISTAKE = "unstable"


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    next_h = (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a))
    return next_h, (x, prev_h, Wx, Wh, next_h)
