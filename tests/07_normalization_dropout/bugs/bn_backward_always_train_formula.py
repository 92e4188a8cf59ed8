"""batchnorm_backward applies the train-mode formula to a cache from test mode too, where the
running averages are constants and dx = dout * gamma / sqrt(running_var + eps)."""

CAUGHT_BY = [
    "test_batchnorm_backward_matches_reference",
    "test_batchnorm_backward_gradcheck_test_mode",
]
MISTAKE = "formula"


def batchnorm_backward(dout, cache):
    _mode, x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = (gamma * inv_std / N) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
