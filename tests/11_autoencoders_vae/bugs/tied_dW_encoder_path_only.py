"""tied_autoencoder_backward returns only the encoder path's weight gradient dW = x^T da, as
for an untied encoder, forgetting the decoder's use of W^T."""
import numpy as np

CAUGHT_BY = ["test_tied_backward_gradcheck", "test_tied_dW_sums_encoder_and_decoder_paths",
             "test_tied_backward_matches_reference"]
MISTAKE = "missing-term"


def tied_autoencoder_backward(dout, cache):
    x, W, h, activation = cache
    dh = dout @ W
    da = dh * h * (1.0 - h) if activation == "sigmoid" else dh
    return da @ W.T, x.T @ da, np.sum(da, axis=0), np.sum(dout, axis=0)
