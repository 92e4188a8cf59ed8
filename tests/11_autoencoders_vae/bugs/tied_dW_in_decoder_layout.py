"""tied_autoencoder_backward returns dW in the decoder's layout (K, D), i.e. the transpose
of the gradient of W (D, K): the wrong shape when D != K, the wrong values when D == K."""
import numpy as np

CAUGHT_BY = ["test_tied_backward_gradcheck", "test_tied_dW_sums_encoder_and_decoder_paths",
             "test_tied_backward_matches_reference"]
MISTAKE = "transpose"


def tied_autoencoder_backward(dout, cache):
    x, W, h, activation = cache
    dh = dout @ W
    da = dh * h * (1.0 - h) if activation == "sigmoid" else dh
    dW = h.T @ dout + da.T @ x
    return da @ W.T, dW, np.sum(da, axis=0), np.sum(dout, axis=0)
