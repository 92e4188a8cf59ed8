"""batchnorm_forward divides the centered data by var + eps instead of its square root (the
backward is consistent with it), so the output is not scale invariant."""
import numpy as np

CAUGHT_BY = [
    "test_batchnorm_forward_matches_reference",
    "test_batchnorm_backward_matches_reference",
    "test_batchnorm_train_output_statistics",
    "test_batchnorm_eps_inside_square_root",
    "test_batchnorm_shift_and_scale_invariance",
    "test_batchnorm_test_mode_uses_running_statistics",
    "test_batchnorm_backward_gradcheck_train",
    "test_batchnorm_backward_gradcheck_test_mode",
]
MISTAKE = "formula"


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
    else:
        mu, var = running_mean, running_var
    x_hat = (x - mu) / (var + eps)
    return gamma * x_hat + beta, (mode, x, mu, var + eps, gamma, x_hat)


def batchnorm_backward(dout, cache):
    mode, x, mu, v, gamma, x_hat = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    if mode == "test":
        return dx_hat / v, dgamma, dbeta
    N = x.shape[0]
    centered = x - mu
    dv = -np.sum(dx_hat * centered, axis=0) / v**2
    dcentered = dx_hat / v + dv * 2 * centered / N
    return dcentered - dcentered.mean(axis=0), dgamma, dbeta
