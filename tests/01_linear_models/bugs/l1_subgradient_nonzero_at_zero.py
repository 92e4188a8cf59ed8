"""l1_penalty's subgradient is lam * (1 if w >= 0 else -1): lam instead of 0 at w == 0."""
import numpy as np

CAUGHT_BY = ["test_l1_penalty_value_and_subgradient", "test_matches_reference[l1_penalty]"]
MISTAKE = "formula"


def l1_penalty(w, lam):
    return float(lam * np.sum(np.abs(w))), np.where(w >= 0, lam, -lam)
