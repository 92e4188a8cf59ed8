"""sgd updates w in place (w -= lr * dw) and returns it: the caller's weights change."""

CAUGHT_BY = ["test_inputs_unchanged[sgd]"]
MISTAKE = "in-place"


def sgd(w, dw, config=None):
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config
