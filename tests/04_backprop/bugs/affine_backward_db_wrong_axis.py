"""affine_backward sums dout over axis 1 (the outputs) instead of axis 0 (the batch) for db."""

CAUGHT_BY = ["test_affine_backward_gradcheck[b]",
             "test_backward_matches_reference[affine_backward]"]
MISTAKE = "axis"


def affine_backward(dout, cache):
    x, w, _ = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=1)
    return dx, dw, db
