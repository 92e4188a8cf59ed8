"""kl_gaussians computes KL(q || p), the divergence in the other direction: the expectation
is taken under N(mu2, sigma2^2)."""
import numpy as np

CAUGHT_BY = ["test_kl_gaussians_closed_form", "test_kl_gaussians_not_symmetric",
             "test_kl_gaussians_numerical_integration", "test_matches_reference[kl_gaussians]"]
MISTAKE = "convention"


def kl_gaussians(mu1, sigma1, mu2, sigma2):
    return np.log(sigma1 / sigma2) + (sigma2**2 + (mu1 - mu2) ** 2) / (2.0 * sigma1**2) - 0.5
