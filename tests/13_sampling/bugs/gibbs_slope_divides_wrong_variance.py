"""gibbs_bivariate_normal regresses on the wrong variance: E[x1 | x2] = mu1 + cov12 / s1^2
(x2 - mu2), i.e. the slope rho s2 / s1 of x2 on x1, and vice versa."""
import numpy as np

CAUGHT_BY = ["test_gibbs_exact_conditionals", "test_gibbs_conditionals_wide_range"]
MISTAKE = "formula"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s11, s12, s22 = cov[0, 0], cov[0, 1], cov[1, 1]
    sd1, sd2 = np.sqrt(s11 - s12**2 / s22), np.sqrt(s22 - s12**2 / s11)
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + s12 / s11 * (x2 - mu2) + sd1 * rng.standard_normal()
        x2 = mu2 + s12 / s22 * (x1 - mu1) + sd2 * rng.standard_normal()
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
