"""sgd_momentum computes v = mu v - lr dw but then subtracts it (w - v): every step climbs."""
import numpy as np

CAUGHT_BY = ["test_decreases_convex_quadratic[sgd_momentum]",
             "test_velocity_geometric_series[sgd_momentum]",
             "test_trajectory_matches_reference[sgd_momentum]"]
MISTAKE = "sign"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config["momentum"] * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
    config["velocity"] = v
    return w - v, config
