"""tied_autoencoder_backward applies the sigmoid derivative formula s (1 - s) to the
pre-activation a = x W + b_enc instead of to h = sigmoid(a)."""
import numpy as np

CAUGHT_BY = ["test_tied_backward_gradcheck", "test_tied_backward_matches_reference"]
MISTAKE = "derivative"


def tied_autoencoder_forward(x, W, b_enc, b_dec, activation="sigmoid"):
    a = x @ W + b_enc
    h = 0.5 * (1.0 + np.tanh(0.5 * a)) if activation == "sigmoid" else a
    return h @ W.T + b_dec, (x, W, a, h, activation)


def tied_autoencoder_backward(dout, cache):
    x, W, a, h, activation = cache
    dh = dout @ W
    da = dh * a * (1.0 - a) if activation == "sigmoid" else dh
    return da @ W.T, x.T @ da + dout.T @ h, np.sum(da, axis=0), np.sum(dout, axis=0)
