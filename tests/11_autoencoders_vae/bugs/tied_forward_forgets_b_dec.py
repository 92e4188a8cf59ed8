"""tied_autoencoder_forward leaves out the decoder bias: out = h W^T (the backward still
returns db_dec = sum of dout)."""
import numpy as np

CAUGHT_BY = ["test_tied_forward_formula", "test_linear_tied_autoencoder_reaches_pca_error",
             "test_tied_forward_matches_reference"]
MISTAKE = "missing-term"


def tied_autoencoder_forward(x, W, b_enc, b_dec, activation="sigmoid"):
    a = x @ W + b_enc
    h = 0.5 * (1.0 + np.tanh(0.5 * a)) if activation == "sigmoid" else a
    return h @ W.T, (x, W, h, activation)
