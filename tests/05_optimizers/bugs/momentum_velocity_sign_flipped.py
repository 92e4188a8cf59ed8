"""sgd_momentum stores the velocity with the opposite sign (v = mu v + lr dw, w -= v): the
weights follow the right path, but config["velocity"] is not the documented v = mu v - lr dw
(the step), so code reading the velocity, or resuming another course's state, goes wrong."""
import numpy as np

CAUGHT_BY = ["test_velocity_geometric_series[sgd_momentum]",
             "test_trajectory_matches_reference[sgd_momentum]"]
MISTAKE = "sign"


def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config["momentum"] * config.get("velocity", np.zeros_like(w)) + config["learning_rate"] * dw
    config["velocity"] = v
    return w - v, config
