"""batchnorm_forward in test mode returns the normalized x_hat and forgets the scale gamma and
the shift beta (train mode is right)."""
import numpy as np

CAUGHT_BY = [
    "test_batchnorm_forward_matches_reference",
    "test_batchnorm_eps_inside_square_root",
    "test_batchnorm_test_mode_uses_running_statistics",
]
MISTAKE = "missing-term"


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D))
    running_var = bn_param.get("running_var", np.zeros(D))
    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = x_hat
        var = running_var
    return out, (mode, x_hat, gamma, 1.0 / np.sqrt(var + eps))
