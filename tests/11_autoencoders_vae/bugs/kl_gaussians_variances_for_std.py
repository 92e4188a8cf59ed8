"""kl_gaussians treats sigma1, sigma2 as variances: 1/2 log(s2 / s1) + (s1 + (mu1 - mu2)^2)
/ (2 s2) - 1/2, a valid KL but of the wrong distributions."""
import numpy as np

CAUGHT_BY = ["test_kl_gaussians_closed_form", "test_kl_gaussians_not_symmetric",
             "test_kl_gaussians_numerical_integration", "test_matches_reference[kl_gaussians]"]
MISTAKE = "convention"


def kl_gaussians(mu1, sigma1, mu2, sigma2):
    return 0.5 * np.log(sigma2 / sigma1) + (sigma1 + (mu1 - mu2) ** 2) / (2.0 * sigma2) - 0.5
