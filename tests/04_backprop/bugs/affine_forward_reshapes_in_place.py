"""affine_forward flattens x by assigning x.shape = (N, -1): the caller's array changes
shape."""

CAUGHT_BY = ["test_forward_matches_reference[affine_forward]"]
MISTAKE = "in-place"


def affine_forward(x, w, b):
    x.shape = (x.shape[0], -1)
    out = x @ w + b
    return out, (x, w, b)
