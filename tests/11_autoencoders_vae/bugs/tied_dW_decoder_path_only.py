"""tied_autoencoder_backward returns only the decoder path's weight gradient dW = dout^T h,
forgetting that W is also the encoder's weight."""
import numpy as np

CAUGHT_BY = ["test_tied_backward_gradcheck", "test_tied_dW_sums_encoder_and_decoder_paths",
             "test_tied_backward_matches_reference"]
MISTAKE = "missing-term"


def tied_autoencoder_backward(dout, cache):
    _, W, h, activation = cache
    dh = dout @ W
    da = dh * h * (1.0 - h) if activation == "sigmoid" else dh
    return da @ W.T, dout.T @ h, np.sum(da, axis=0), np.sum(dout, axis=0)
