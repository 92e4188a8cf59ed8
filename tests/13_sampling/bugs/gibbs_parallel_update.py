"""gibbs_bivariate_normal updates both variables from the OLD state (x2 is drawn given the
previous x1, not the x1 just drawn): a Jacobi-style update whose stationary distribution
has the right marginals but correlation 0."""
import numpy as np

CAUGHT_BY = ["test_gibbs_exact_conditionals", "test_gibbs_sample_covariance",
             "test_gibbs_burn_in", "test_gibbs_conditionals_wide_range"]
MISTAKE = "formula"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s1, s2 = np.sqrt(cov[0, 0]), np.sqrt(cov[1, 1])
    rho = cov[0, 1] / (s1 * s2)
    sd1, sd2 = s1 * np.sqrt(1 - rho**2), s2 * np.sqrt(1 - rho**2)
    samples = np.empty((n, 2))
    x1, x2 = mu1, mu2
    for step in range(burn_in + n):
        x1, x2 = (mu1 + rho * s1 / s2 * (x2 - mu2) + sd1 * rng.standard_normal(),
                  mu2 + rho * s2 / s1 * (x1 - mu1) + sd2 * rng.standard_normal())
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
