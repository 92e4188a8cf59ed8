"""adam counts its steps in a function attribute (adam.t) instead of the config: the count
is shared by every parameter and every run, so a saved config does not resume the
trajectory and a fresh run does not start at t = 1."""
import numpy as np

CAUGHT_BY = ["test_config_round_trip[adam]", "test_adam_first_step_moves_by_lr"]
MISTAKE = "state"


def adam(w, dw, config=None):
    config = dict(config or {})
    for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999),
                       ("epsilon", 1e-8), ("m", np.zeros_like(w)), ("v", np.zeros_like(w))):
        config.setdefault(key, value)
    adam.t = getattr(adam, "t", 0) + 1
    t = config["t"] = adam.t
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    config.update(m=m, v=v)
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
