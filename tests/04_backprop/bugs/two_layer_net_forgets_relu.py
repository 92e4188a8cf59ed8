"""two_layer_net leaves out the ReLU: scores = (X W1 + b1) W2 + b2, a linear model, with a
backward pass consistent with that wrong forward (no mask)."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_scores", "test_two_layer_net_gradcheck[W1]",
             "test_two_layer_net_matches_reference"]
MISTAKE = "missing-term"


def two_layer_net(params, X, y=None, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    h = X @ W1 + b1
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
    dW2 = h.T @ dscores + 2 * reg * W2
    db2 = dscores.sum(axis=0)
    dh = dscores @ W2.T
    dW1 = X.T @ dh + 2 * reg * W1
    db1 = dh.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
