"""two_layer_net backpropagates into the hidden layer with W2.reshape(C, H) instead of
W2.T: same shape, but entries in the wrong places (a reshape is not a transpose), so the
hidden units get wrong gradients and identical units stop being identical."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_gradcheck[W1]", "test_two_layer_net_gradcheck[b1]",
             "test_identical_hidden_units_stay_identical",
             "test_two_layer_net_matches_reference"]
MISTAKE = "transpose"


def two_layer_net(params, X, y=None, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    H, C = W2.shape
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
    dW2 = h.T @ dscores + 2 * reg * W2
    db2 = dscores.sum(axis=0)
    da = (dscores @ W2.reshape(C, H)) * (a > 0)
    dW1 = X.T @ da + 2 * reg * W1
    db1 = da.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
