"""nesterov_momentum computes the new velocity but stores v_prev in the config: the velocity
never grows past its first value (zero), so Nesterov degenerates into SGD with lr (1 + mu)."""
import numpy as np

CAUGHT_BY = ["test_velocity_geometric_series[nesterov_momentum]",
             "test_trajectory_matches_reference[nesterov_momentum]"]
MISTAKE = "state"


def nesterov_momentum(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v_prev
    return w - mu * v_prev + (1 + mu) * v, config
