"""elu uses alpha * exp(x) for x <= 0, forgetting the -1: it jumps at 0."""
import numpy as np

CAUGHT_BY = ["test_elu_continuity_and_stability", "test_forward_matches_reference[elu_forward]"]
MISTAKE = "missing-term"


def elu_forward(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.exp(np.minimum(x, 0.0))), (x, alpha)
