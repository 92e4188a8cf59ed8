"""affine_backward returns dx = dout @ w.T of the flattened shape (N, D), without reshaping
it back to x's shape (N, d_1, ..., d_k)."""

CAUGHT_BY = ["test_affine_backward_gradcheck[x]",
             "test_backward_matches_reference[affine_backward]"]
MISTAKE = "shape"


def affine_backward(dout, cache):
    x, w, _ = cache
    dx = dout @ w.T
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
