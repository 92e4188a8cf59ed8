"""kl_standard_normal reads logvar as log sigma: sigma = exp(logvar), so the KL is
-logvar + (exp(2 logvar) + mu^2) / 2 - 1/2 per dimension, with the matching gradients."""
import numpy as np

CAUGHT_BY = ["test_kl_standard_normal_matches_kl_gaussians", "test_kl_standard_normal_gradcheck",
             "test_matches_reference[kl_standard_normal]"]
MISTAKE = "convention"


def kl_standard_normal(mu, logvar):
    N = mu.shape[0]
    sigma = np.exp(logvar)
    kl = float(np.sum(-logvar + 0.5 * (sigma**2 + mu**2) - 0.5) / N)
    return kl, mu / N, (sigma**2 - 1.0) / N
