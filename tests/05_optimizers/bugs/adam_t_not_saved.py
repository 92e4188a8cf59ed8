"""adam computes t = config["t"] + 1 for the bias correction but never stores it: every call
corrects as if it were the first step, over-correcting from the second step on."""
import numpy as np

CAUGHT_BY = ["test_adam_constant_gradient_steps", "test_trajectory_matches_reference[adam]"]
MISTAKE = "state"


def adam(w, dw, config=None):
    config = dict(config or {})
    for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999),
                       ("epsilon", 1e-8), ("m", np.zeros_like(w)), ("v", np.zeros_like(w)),
                       ("t", 0)):
        config.setdefault(key, value)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    config.update(m=m, v=v)
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
