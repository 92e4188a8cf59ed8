"""sgd_momentum uses the exponential-moving-average form v = mu v + (1 - mu) dw,
w -= lr v (another course's convention): steps are (1 - mu) times the documented ones."""
import numpy as np

CAUGHT_BY = ["test_velocity_geometric_series[sgd_momentum]",
             "test_trajectory_matches_reference[sgd_momentum]"]
MISTAKE = "factor"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v = mu * config.get("velocity", np.zeros_like(w)) + (1 - mu) * dw
    config["velocity"] = v
    return w - config["learning_rate"] * v, config
