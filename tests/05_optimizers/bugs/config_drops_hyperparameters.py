"""Every optimizer returns a fresh dict holding only its state: the hyperparameters it was
given are lost, so the next call silently falls back to the defaults."""
import numpy as np

CAUGHT_BY = ["test_config_round_trip[sgd]", "test_config_round_trip[sgd_momentum]",
             "test_config_round_trip[nesterov_momentum]", "test_config_round_trip[adagrad]",
             "test_config_round_trip[rmsprop]", "test_config_round_trip[adam]"]
MISTAKE = "state"


def sgd(w, dw, config=None):
    config = config or {}
    return w - config.get("learning_rate", 1e-2) * dw, {}


def sgd_momentum(w, dw, config=None):
    config = config or {}
    v = config.get("momentum", 0.9) * config.get("velocity", np.zeros_like(w)) \
        - config.get("learning_rate", 1e-2) * dw
    return w + v, {"velocity": v}


def nesterov_momentum(w, dw, config=None):
    config = config or {}
    mu = config.get("momentum", 0.9)
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - config.get("learning_rate", 1e-2) * dw
    return w - mu * v_prev + (1 + mu) * v, {"velocity": v}


def adagrad(w, dw, config=None):
    config = config or {}
    cache = config.get("cache", np.zeros_like(w)) + dw**2
    step = config.get("learning_rate", 1e-2) * dw / (np.sqrt(cache) + config.get("epsilon", 1e-8))
    return w - step, {"cache": cache}


def rmsprop(w, dw, config=None):
    config = config or {}
    beta = config.get("decay_rate", 0.99)
    cache = beta * config.get("cache", np.zeros_like(w)) + (1 - beta) * dw**2
    step = config.get("learning_rate", 1e-2) * dw / (np.sqrt(cache) + config.get("epsilon", 1e-8))
    return w - step, {"cache": cache}


def adam(w, dw, config=None):
    config = config or {}
    b1, b2 = config.get("beta1", 0.9), config.get("beta2", 0.999)
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    step = config.get("learning_rate", 1e-3) * m_hat / (np.sqrt(v_hat) + config.get("epsilon", 1e-8))
    return w - step, {"m": m, "v": v, "t": t}
