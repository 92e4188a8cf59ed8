"""reparameterize_backward treats z as linear in logvar with slope eps: dlogvar = dz * eps,
missing the chain-rule factor d sigma / d logvar = exp(logvar / 2) / 2."""

CAUGHT_BY = ["test_reparameterize_backward_gradcheck",
             "test_matches_reference[reparameterize_backward]"]
MISTAKE = "derivative"


def reparameterize_backward(dz, mu, logvar, eps):
    return dz.copy(), dz * eps
