"""batchnorm_forward in test mode normalizes with the mean and variance of the test batch
instead of the running averages (so an example's output depends on the rest of the batch)."""
import numpy as np

CAUGHT_BY = [
    "test_batchnorm_forward_matches_reference",
    "test_batchnorm_backward_matches_reference",
    "test_batchnorm_eps_inside_square_root",
    "test_batchnorm_test_mode_uses_running_statistics",
    "test_batchnorm_backward_gradcheck_test_mode",
]
MISTAKE = "state"


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    mu, var = x.mean(axis=0), x.var(axis=0)
    if mode == "train":
        running_mean = bn_param.get("running_mean", np.zeros(D))
        running_var = bn_param.get("running_var", np.zeros(D))
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, (mode, x_hat, gamma, inv_std)
