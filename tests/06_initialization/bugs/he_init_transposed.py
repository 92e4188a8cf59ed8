"""he_init returns weights of shape (fan_out, fan_in), the PyTorch nn.Linear layout, instead
of (fan_in, fan_out) for out = x @ W."""
import numpy as np

CAUGHT_BY = ["test_init_shape_and_dtype[he_init]", "test_init_matches_reference[he_init]"]
MISTAKE = "transpose"


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)
