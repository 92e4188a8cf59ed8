"""l2_penalty uses lam * sum w^2 with gradient 2 lam w (the seed's convention), not the
lam / 2 * ||w||^2 of fit_ridge: consistent, but twice the documented penalty."""
import numpy as np

CAUGHT_BY = ["test_l2_penalty_value_and_gradient", "test_matches_reference[l2_penalty]"]
MISTAKE = "factor"


def l2_penalty(w, lam):
    return float(lam * np.sum(w * w)), 2.0 * lam * w
