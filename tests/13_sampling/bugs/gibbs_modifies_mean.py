"""gibbs_bivariate_normal keeps its state in the caller's mean array (x = mean; x[0] = ...),
overwriting it."""
import numpy as np

CAUGHT_BY = ["test_inputs_unchanged[gibbs_bivariate_normal]"]
MISTAKE = "in-place"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = float(mean[0]), float(mean[1])
    s11, s12, s22 = cov[0, 0], cov[0, 1], cov[1, 1]
    sd1, sd2 = np.sqrt(s11 - s12**2 / s22), np.sqrt(s22 - s12**2 / s11)
    samples = np.empty((n, 2))
    x = mean
    for step in range(burn_in + n):
        x[0] = mu1 + s12 / s22 * (x[1] - mu2) + sd1 * rng.standard_normal()
        x[1] = mu2 + s12 / s11 * (x[0] - mu1) + sd2 * rng.standard_normal()
        if step >= burn_in:
            samples[step - burn_in] = x
    return samples
