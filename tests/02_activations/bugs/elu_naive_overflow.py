"""elu evaluates exp(x) on every entry inside np.where, which overflows for large x."""
import numpy as np

CAUGHT_BY = ["test_elu_continuity_and_stability"]
MISTAKE = "unstable"


def elu_forward(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1.0)), (x, alpha)
