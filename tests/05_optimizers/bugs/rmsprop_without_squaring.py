"""rmsprop averages the gradients instead of their squares (s = beta s + (1 - beta) dw):
negative averages give sqrt of a negative number (nan)."""
import numpy as np

CAUGHT_BY = ["test_decreases_convex_quadratic[rmsprop]", "test_rmsprop_constant_gradient",
             "test_trajectory_matches_reference[rmsprop]"]
MISTAKE = "formula"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    beta = config["decay_rate"]
    cache = beta * config.get("cache", np.zeros_like(w)) + (1 - beta) * dw
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
