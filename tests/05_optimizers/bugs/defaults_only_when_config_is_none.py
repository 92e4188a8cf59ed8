"""The stateful optimizers build their defaults (and state) only when config is None: a
config that gives just a learning rate misses the other hyperparameters and the state."""
import numpy as np

CAUGHT_BY = ["test_defaults_fill_missing_config[sgd_momentum]",
             "test_defaults_fill_missing_config[nesterov_momentum]",
             "test_defaults_fill_missing_config[adagrad]",
             "test_defaults_fill_missing_config[rmsprop]",
             "test_defaults_fill_missing_config[adam]"]
MISTAKE = "state"


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {"learning_rate": 1e-2, "momentum": 0.9, "velocity": np.zeros_like(w)}
    config = dict(config)
    v = config["momentum"] * config["velocity"] - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    if config is None:
        config = {"learning_rate": 1e-2, "momentum": 0.9, "velocity": np.zeros_like(w)}
    config = dict(config)
    mu, v_prev = config["momentum"], config["velocity"]
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w - mu * v_prev + (1 + mu) * v, config


def adagrad(w, dw, config=None):
    if config is None:
        config = {"learning_rate": 1e-2, "epsilon": 1e-8, "cache": np.zeros_like(w)}
    config = dict(config)
    cache = config["cache"] + dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    if config is None:
        config = {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8,
                  "cache": np.zeros_like(w)}
    config = dict(config)
    beta = config["decay_rate"]
    cache = beta * config["cache"] + (1 - beta) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    if config is None:
        config = {"learning_rate": 1e-2, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                  "m": np.zeros_like(w), "v": np.zeros_like(w), "t": 0}
    config = dict(config)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw**2
    config.update(m=m, v=v, t=t)
    step = config["learning_rate"] * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + config["epsilon"])
    return w - step, config
