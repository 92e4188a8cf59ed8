"""Every optimizer reads config["..."] without handling config=None (and without defaults):
calling without a config crashes."""
import numpy as np

CAUGHT_BY = ["test_defaults_fill_missing_config[sgd]",
             "test_defaults_fill_missing_config[sgd_momentum]",
             "test_defaults_fill_missing_config[nesterov_momentum]",
             "test_defaults_fill_missing_config[adagrad]",
             "test_defaults_fill_missing_config[rmsprop]",
             "test_defaults_fill_missing_config[adam]"]
MISTAKE = "state"


def sgd(w, dw, config=None):
    return w - config["learning_rate"] * dw, dict(config)


def sgd_momentum(w, dw, config=None):
    config = dict(config)
    v = config["momentum"] * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    config = dict(config)
    mu = config["momentum"]
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w - mu * v_prev + (1 + mu) * v, config


def adagrad(w, dw, config=None):
    config = dict(config)
    cache = config.get("cache", np.zeros_like(w)) + dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    config = dict(config)
    beta = config["decay_rate"]
    cache = beta * config.get("cache", np.zeros_like(w)) + (1 - beta) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    config = dict(config)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    config.update(m=m, v=v, t=t)
    step = config["learning_rate"] * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + config["epsilon"])
    return w - step, config
