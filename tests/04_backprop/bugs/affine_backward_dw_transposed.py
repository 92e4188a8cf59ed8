"""affine_backward computes dw = dout.T @ x_flat, the transpose (M, D) of the gradient."""

CAUGHT_BY = ["test_affine_backward_gradcheck[w]",
             "test_backward_matches_reference[affine_backward]"]
MISTAKE = "transpose"


def affine_backward(dout, cache):
    x, w, _ = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = dout.T @ x.reshape(x.shape[0], -1)
    db = dout.sum(axis=0)
    return dx, dw, db
