"""nesterov_momentum swaps the signs of the CS231n update: w + mu v_prev - (1 + mu) v, which
moves uphill."""
import numpy as np

CAUGHT_BY = ["test_decreases_convex_quadratic[nesterov_momentum]",
             "test_velocity_geometric_series[nesterov_momentum]",
             "test_trajectory_matches_reference[nesterov_momentum]"]
MISTAKE = "sign"


def nesterov_momentum(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w + mu * v_prev - (1 + mu) * v, config
