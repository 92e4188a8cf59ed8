"""adagrad accumulates the gradients instead of their squares (cache += dw): the cache can
shrink or go negative (sqrt of a negative number is nan)."""
import numpy as np

CAUGHT_BY = ["test_decreases_convex_quadratic[adagrad]",
             "test_adagrad_effective_rate_never_increases",
             "test_trajectory_matches_reference[adagrad]"]
MISTAKE = "formula"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w)) + dw
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
