"""Both initializers draw uniform entries with the right variance (Keras' glorot_uniform /
he_uniform: U(-sqrt(3 var), sqrt(3 var))), not the Gaussian the course asks for."""
import numpy as np

CAUGHT_BY = ["test_init_is_gaussian[xavier_init]", "test_init_is_gaussian[he_init]",
             "test_init_matches_reference[xavier_init]", "test_init_matches_reference[he_init]"]
MISTAKE = "formula"


def xavier_init(fan_in, fan_out, rng):
    limit = np.sqrt(3.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def he_init(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
