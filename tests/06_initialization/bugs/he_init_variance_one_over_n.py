"""he_init uses Xavier's variance 1/fan_in instead of 2/fan_in: a deep ReLU stack halves its
activations' mean square at every layer."""
import numpy as np

CAUGHT_BY = ["test_init_variance[he_init]", "test_init_is_gaussian[he_init]",
             "test_relu_stack_scale[he_init]", "test_init_matches_reference[he_init]"]
MISTAKE = "factor"


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)
