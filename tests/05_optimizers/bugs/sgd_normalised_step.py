"""sgd normalises the gradient (w - lr * dw / ||dw||): wrong step length, and 0/0 = nan
when dw = 0."""
import numpy as np

CAUGHT_BY = ["test_sgd_step", "test_zero_gradient_leaves_w_unchanged[sgd]",
             "test_trajectory_matches_reference[sgd]"]
MISTAKE = "formula"


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw / np.linalg.norm(dw), config
