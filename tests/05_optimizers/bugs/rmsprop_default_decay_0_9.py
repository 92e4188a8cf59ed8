"""rmsprop defaults decay_rate to 0.9 (Hinton's lecture value) instead of the documented
0.99."""
import numpy as np

CAUGHT_BY = ["test_defaults_fill_missing_config[rmsprop]",
             "test_trajectory_matches_reference[rmsprop]"]
MISTAKE = "ignored-argument"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.9)
    config.setdefault("epsilon", 1e-8)
    beta = config["decay_rate"]
    cache = beta * config.get("cache", np.zeros_like(w)) + (1 - beta) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
