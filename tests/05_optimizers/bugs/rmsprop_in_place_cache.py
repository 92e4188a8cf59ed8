"""rmsprop copies the config dict but updates the cache in place (cache *= beta; cache +=
...): the copied dict shares its arrays, so the caller's cache changes."""
import numpy as np

CAUGHT_BY = ["test_inputs_unchanged[rmsprop]"]
MISTAKE = "in-place"


def rmsprop(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    beta = config["decay_rate"]
    cache = config["cache"]
    cache *= beta
    cache += (1 - beta) * dw**2
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
