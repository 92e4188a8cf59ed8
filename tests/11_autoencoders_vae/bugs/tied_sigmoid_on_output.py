"""tied_autoencoder_forward also squashes the reconstruction: out = sigmoid(h W^T + b_dec)
(the output layer should be linear), with a backward that matches this wrong forward."""
import numpy as np

CAUGHT_BY = ["test_tied_forward_formula", "test_tied_backward_gradcheck",
             "test_tied_forward_matches_reference", "test_tied_backward_matches_reference"]
MISTAKE = "formula"


def _act(a, activation):
    return 0.5 * (1.0 + np.tanh(0.5 * a)) if activation == "sigmoid" else a


def tied_autoencoder_forward(x, W, b_enc, b_dec, activation="sigmoid"):
    h = _act(x @ W + b_enc, activation)
    out = _act(h @ W.T + b_dec, activation)
    return out, (x, W, h, out, activation)


def tied_autoencoder_backward(dout, cache):
    x, W, h, out, activation = cache
    dz = dout * out * (1.0 - out) if activation == "sigmoid" else dout
    dh = dz @ W
    da = dh * h * (1.0 - h) if activation == "sigmoid" else dh
    return da @ W.T, x.T @ da + dz.T @ h, np.sum(da, axis=0), np.sum(dz, axis=0)
