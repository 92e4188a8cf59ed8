"""affine_forward returns x_flat @ w and forgets to add the bias b."""

CAUGHT_BY = ["test_affine_forward_values", "test_forward_matches_reference[affine_forward]"]
MISTAKE = "missing-term"


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w
    return out, (x, w, b)
