"""tanh written as (e^x - e^-x) / (e^x + e^-x): inf / inf = nan for |x| around 1000."""
import numpy as np

CAUGHT_BY = ["test_tanh_extreme_inputs"]
MISTAKE = "unstable"


def tanh_forward(x):
    out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    return out, out
