"""rmsprop puts eps inside the square root (sqrt(s + eps)): for gradients of about 1e-6 or
less, sqrt(eps) dominates the denominator and the steps shrink by orders of magnitude."""
import numpy as np

CAUGHT_BY = ["test_rmsprop_constant_gradient", "test_trajectory_matches_reference[rmsprop]"]
MISTAKE = "unstable"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    beta = config["decay_rate"]
    cache = beta * config.get("cache", np.zeros_like(w)) + (1 - beta) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"]), config
