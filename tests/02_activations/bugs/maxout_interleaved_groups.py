"""maxout groups strided features (reshape to (k, D // k)) instead of k consecutive ones."""

CAUGHT_BY = ["test_maxout_takes_group_maxima", "test_forward_matches_reference[maxout_forward]"]
MISTAKE = "axis"


def maxout_forward(x, k=2):
    xr = x.reshape(x.shape[:-1] + (k, x.shape[-1] // k))
    return xr.max(axis=-2), (x, k)


def maxout_backward(dout, cache):
    x, k = cache
    xr = x.reshape(x.shape[:-1] + (k, x.shape[-1] // k))
    mask = xr == xr.max(axis=-2, keepdims=True)
    return (mask * dout[..., None, :]).reshape(x.shape)
