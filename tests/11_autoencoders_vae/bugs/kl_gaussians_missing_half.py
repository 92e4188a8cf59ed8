"""kl_gaussians forgets the -1/2: KL(p || p) = 1/2 instead of 0."""
import numpy as np

CAUGHT_BY = ["test_kl_gaussians_nonnegative_zero_iff_equal", "test_kl_gaussians_closed_form",
             "test_kl_gaussians_numerical_integration", "test_matches_reference[kl_gaussians]"]
MISTAKE = "factor"


def kl_gaussians(mu1, sigma1, mu2, sigma2):
    return np.log(sigma2 / sigma1) + (sigma1**2 + (mu1 - mu2) ** 2) / (2.0 * sigma2**2)
