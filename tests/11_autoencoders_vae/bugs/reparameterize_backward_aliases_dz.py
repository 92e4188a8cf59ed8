"""reparameterize_backward returns dmu = dz (the same array) and then scales dlogvar = dz in
place: dz, dmu and dlogvar are one array, so dmu is wrong and the caller's dz is changed."""
import numpy as np

CAUGHT_BY = ["test_reparameterize_backward_gradcheck",
             "test_matches_reference[reparameterize_backward]"]
MISTAKE = "in-place"


def reparameterize_backward(dz, mu, logvar, eps):
    dmu = dz
    dlogvar = dz
    dlogvar *= 0.5 * eps * np.exp(0.5 * logvar)
    return dmu, dlogvar
