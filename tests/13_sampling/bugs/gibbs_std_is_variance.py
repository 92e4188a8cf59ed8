"""gibbs_bivariate_normal scales the noise by the conditional VARIANCE s^2 (1 - rho^2)
instead of its square root."""
import numpy as np

CAUGHT_BY = ["test_gibbs_exact_conditionals", "test_gibbs_conditionals_wide_range"]
MISTAKE = "convention"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s11, s12, s22 = cov[0, 0], cov[0, 1], cov[1, 1]
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + s12 / s22 * (x2 - mu2) + (s11 - s12**2 / s22) * rng.standard_normal()
        x2 = mu2 + s12 / s11 * (x1 - mu1) + (s22 - s12**2 / s11) * rng.standard_normal()
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
