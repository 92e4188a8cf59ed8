"""gibbs_bivariate_normal's conditional means forget the ratio of standard deviations:
E[x1 | x2] = mu1 + rho (x2 - mu2) instead of mu1 + rho (s1 / s2) (x2 - mu2) (right only
when s1 == s2)."""
import numpy as np

CAUGHT_BY = ["test_gibbs_exact_conditionals", "test_gibbs_conditionals_wide_range"]
MISTAKE = "missing-term"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s1, s2 = np.sqrt(cov[0, 0]), np.sqrt(cov[1, 1])
    rho = cov[0, 1] / (s1 * s2)
    sd1, sd2 = s1 * np.sqrt(1 - rho**2), s2 * np.sqrt(1 - rho**2)
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + rho * (x2 - mu2) + sd1 * rng.standard_normal()
        x2 = mu2 + rho * (x1 - mu1) + sd2 * rng.standard_normal()
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
