"""batchnorm_forward stores var + eps (the quantity under the square root) in the running
variance instead of the batch variance itself."""
import numpy as np

CAUGHT_BY = [
    "test_batchnorm_forward_matches_reference",
    "test_batchnorm_running_averages",
]
MISTAKE = "state"


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D))
    running_var = bn_param.get("running_var", np.zeros(D))
    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0) + eps
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mu, var = running_mean, running_var + eps
    inv_std = 1.0 / np.sqrt(var)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, (mode, x_hat, gamma, inv_std)
