"""kl_standard_normal sums the KL over the batch as well (no division by N), gradients
included: N times too large once N > 1."""
import numpy as np

CAUGHT_BY = ["test_kl_standard_normal_matches_kl_gaussians", "test_kl_standard_normal_gradcheck",
             "test_matches_reference[kl_standard_normal]"]
MISTAKE = "batch-mean"


def kl_standard_normal(mu, logvar):
    kl = float(-0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar)))
    return kl, mu.copy(), 0.5 * (np.exp(logvar) - 1.0)
