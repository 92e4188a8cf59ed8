"""two_layer_net applies weight decay to the biases too: reg * sum(b^2) is added to the loss
and 2 * reg * b to db1 and db2 (consistently, so only a trusted loss exposes it)."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_loss", "test_two_layer_net_gradcheck[b1]",
             "test_two_layer_net_gradcheck[b2]", "test_weight_decay_adds_2_reg_W",
             "test_two_layer_net_matches_reference"]
MISTAKE = "formula"


def two_layer_net(params, X, y=None, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    scores = h @ W2 + b2
    if y is None:
        return scores
    N = X.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    loss += reg * sum(np.sum(p * p) for p in params.values())
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    da = (dscores @ W2.T) * (a > 0)
    grads = {"W1": X.T @ da, "b1": da.sum(axis=0), "W2": h.T @ dscores,
             "b2": dscores.sum(axis=0)}
    grads = {k: g + 2 * reg * params[k] for k, g in grads.items()}
    return float(loss), grads
