"""reparameterize reads logvar as log sigma: z = mu + exp(logvar) * eps, with the matching
backward dlogvar = dz * eps * exp(logvar)."""
import numpy as np

CAUGHT_BY = ["test_reparameterize_formula", "test_reparameterize_backward_gradcheck",
             "test_matches_reference[reparameterize]",
             "test_matches_reference[reparameterize_backward]"]
MISTAKE = "convention"


def reparameterize(mu, logvar, eps):
    return mu + np.exp(logvar) * eps


def reparameterize_backward(dz, mu, logvar, eps):
    return dz.copy(), dz * eps * np.exp(logvar)
