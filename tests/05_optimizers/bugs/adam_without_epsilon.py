"""adam leaves out eps (w - lr m_hat / sqrt(v_hat)): 0/0 = nan for a zero gradient."""
import numpy as np

CAUGHT_BY = ["test_zero_gradient_leaves_w_unchanged[adam]",
             "test_trajectory_matches_reference[adam]"]
MISTAKE = "unstable"


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
    config.update(m=m, v=v, t=t)
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return w - config["learning_rate"] * m_hat / np.sqrt(v_hat), config
