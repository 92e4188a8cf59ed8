"""two_layer_net exponentiates the raw scores without subtracting the row maximum: exp
overflows for scores near 1000 and the loss becomes nan."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_large_scores"]
MISTAKE = "unstable"


def two_layer_net(params, X, y=None, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a = X @ W1 + b1
    h = np.maximum(a, 0)
    scores = h @ W2 + b2
    if y is None:
        return scores
    N = X.shape[0]
    exp_scores = np.exp(scores)
    probs = exp_scores / exp_scores.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[np.arange(N), y])) + reg * (np.sum(W1**2) + np.sum(W2**2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T @ dscores + 2 * reg * W2
    db2 = dscores.sum(axis=0)
    da = (dscores @ W2.T) * (a > 0)
    dW1 = X.T @ da + 2 * reg * W1
    db1 = da.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
