"""adam skips the bias correction (uses m and v instead of m_hat and v_hat): early steps are
about (1 - beta1) / sqrt(1 - beta2) ~ 3 times too long."""
import numpy as np

CAUGHT_BY = ["test_adam_first_step_moves_by_lr", "test_adam_constant_gradient_steps",
             "test_trajectory_matches_reference[adam]"]
MISTAKE = "missing-term"


def adam(w, dw, config=None):
    config = dict(config or {})
    for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999),
                       ("epsilon", 1e-8), ("m", np.zeros_like(w)), ("v", np.zeros_like(w)),
                       ("t", 0)):
        config.setdefault(key, value)
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    config.update(m=m, v=v, t=config["t"] + 1)
    return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"]), config
