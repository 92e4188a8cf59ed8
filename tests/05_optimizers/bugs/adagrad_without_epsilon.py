"""adagrad leaves out eps (w - lr dw / sqrt(cache)): 0/0 = nan for a zero gradient, and
tiny gradients get steps of a full lr."""
import numpy as np

CAUGHT_BY = ["test_zero_gradient_leaves_w_unchanged[adagrad]",
             "test_trajectory_matches_reference[adagrad]"]
MISTAKE = "unstable"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w)) + dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / np.sqrt(cache), config
