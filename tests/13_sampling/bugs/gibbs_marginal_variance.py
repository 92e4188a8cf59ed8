"""gibbs_bivariate_normal draws each variable with its MARGINAL variance s^2 instead of the
conditional variance s^2 (1 - rho^2): the chain's stationary variance becomes
s^2 / (1 - rho^2)."""
import numpy as np

CAUGHT_BY = ["test_gibbs_exact_conditionals", "test_gibbs_sample_covariance",
             "test_gibbs_burn_in", "test_gibbs_conditionals_wide_range"]
MISTAKE = "formula"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s1, s2 = np.sqrt(cov[0, 0]), np.sqrt(cov[1, 1])
    rho = cov[0, 1] / (s1 * s2)
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = rng.normal(mu1 + rho * s1 / s2 * (x2 - mu2), s1)
        x2 = rng.normal(mu2 + rho * s2 / s1 * (x1 - mu1), s2)
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
