"""adagrad decays its cache like RMSProp (cache = 0.99 cache + 0.01 dw^2): the effective
rate grows again after small gradients, which AdaGrad's sum never allows."""
import numpy as np

CAUGHT_BY = ["test_adagrad_effective_rate_never_increases",
             "test_trajectory_matches_reference[adagrad]"]
MISTAKE = "formula"


def adagrad(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = 0.99 * config.get("cache", np.zeros_like(w)) + 0.01 * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
