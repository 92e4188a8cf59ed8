"""kl_standard_normal computes var = exp(logvar) and then log(var): once exp(logvar)
underflows to 0 (logvar < -745) the KL is inf with a divide-by-zero warning."""
import numpy as np

CAUGHT_BY = ["test_kl_standard_normal_extreme_logvar"]
MISTAKE = "unstable"


def kl_standard_normal(mu, logvar):
    N = mu.shape[0]
    var = np.exp(logvar)
    kl = float(0.5 * np.sum(var + mu**2 - 1.0 - np.log(var)) / N)
    return kl, mu / N, 0.5 * (var - 1.0) / N
