"""kl_standard_normal uses np.mean over every element, averaging over the latent dimensions
too; its gradients are divided by N only."""
import numpy as np

CAUGHT_BY = ["test_kl_standard_normal_matches_kl_gaussians",
             "test_matches_reference[kl_standard_normal]"]
MISTAKE = "axis"


def kl_standard_normal(mu, logvar):
    N = mu.shape[0]
    kl = float(-0.5 * np.mean(1.0 + logvar - mu**2 - np.exp(logvar)))
    return kl, mu / N, 0.5 * (np.exp(logvar) - 1.0) / N
