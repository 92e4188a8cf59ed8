"""sgd adds the gradient (w + lr * dw): it climbs the loss instead of descending."""

CAUGHT_BY = ["test_sgd_step", "test_decreases_convex_quadratic[sgd]",
             "test_trajectory_matches_reference[sgd]"]
MISTAKE = "sign"


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    return w + config["learning_rate"] * dw, config
