"""batchnorm_backward treats the batch mean and variance as constants in train mode:
dx = dout * gamma / sqrt(var + eps), missing the paths through mu and var."""

CAUGHT_BY = [
    "test_batchnorm_backward_matches_reference",
    "test_batchnorm_backward_gradcheck_train",
]
MISTAKE = "missing-term"


def batchnorm_backward(dout, cache):
    _mode, x_hat, gamma, inv_std = cache
    return dout * gamma * inv_std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
