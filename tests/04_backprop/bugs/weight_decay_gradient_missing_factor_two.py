"""two_layer_net's weight-decay gradient is reg * W instead of 2 * reg * W (as if the penalty
were reg/2 * sum(W^2)); the loss itself is right."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_gradcheck[W1]", "test_two_layer_net_gradcheck[W2]",
             "test_weight_decay_adds_2_reg_W", "test_two_layer_net_matches_reference"]
MISTAKE = "factor"


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
    loss = -np.mean(np.log(probs[np.arange(N), y])) + reg * (np.sum(W1**2) + np.sum(W2**2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T @ dscores + reg * W2
    db2 = dscores.sum(axis=0)
    da = (dscores @ W2.T) * (a > 0)
    dW1 = X.T @ da + reg * W1
    db1 = da.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
