"""rnn_step_forward adds the bias after the activation: tanh(x Wx + prev_h Wh) + b."""
import numpy as np

CAUGHT_BY = ["test_step_forward_formula", "test_forward_recurrence",
             "test_forward_matches_reference[rnn_step_forward]"]
MISTAKE = "formula"


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh) + b
    return next_h, (x, prev_h, Wx, Wh, next_h)
