"""batchnorm_forward updates the running averages with the batch's statistics in test mode
too (it normalizes with the old running averages, but changes bn_param at test time)."""
import numpy as np

CAUGHT_BY = [
    "test_batchnorm_forward_matches_reference",
    "test_batchnorm_changes_only_bn_param",
]
MISTAKE = "state"


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D))
    running_var = bn_param.get("running_var", np.zeros(D))
    batch_mean, batch_var = x.mean(axis=0), x.var(axis=0)
    bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * batch_mean
    bn_param["running_var"] = momentum * running_var + (1 - momentum) * batch_var
    mu, var = (batch_mean, batch_var) if mode == "train" else (running_mean, running_var)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, (mode, x_hat, gamma, inv_std)
