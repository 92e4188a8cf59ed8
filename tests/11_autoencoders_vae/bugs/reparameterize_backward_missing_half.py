"""reparameterize_backward uses d exp(logvar / 2) / d logvar = exp(logvar / 2), forgetting
the 1/2 of the inner derivative: dlogvar is twice too large."""
import numpy as np

CAUGHT_BY = ["test_reparameterize_backward_gradcheck",
             "test_matches_reference[reparameterize_backward]"]
MISTAKE = "factor"


def reparameterize_backward(dz, mu, logvar, eps):
    return dz.copy(), dz * eps * np.exp(0.5 * logvar)
