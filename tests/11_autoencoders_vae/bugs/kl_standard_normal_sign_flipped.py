"""kl_standard_normal drops the leading minus: kl = +1/2 sum(1 + logvar - mu^2 - exp(logvar))
/ N, which is <= 0, with the gradients of that negated KL (dmu = -mu / N, ...)."""
import numpy as np

CAUGHT_BY = ["test_kl_standard_normal_matches_kl_gaussians", "test_kl_standard_normal_gradcheck",
             "test_kl_standard_normal_extreme_logvar",
             "test_matches_reference[kl_standard_normal]"]
MISTAKE = "sign"


def kl_standard_normal(mu, logvar):
    N = mu.shape[0]
    kl = float(0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar)) / N)
    return kl, -mu / N, -0.5 * (np.exp(logvar) - 1.0) / N
