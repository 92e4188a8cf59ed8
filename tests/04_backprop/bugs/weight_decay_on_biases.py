"""two_layer_net applies weight decay to the biases too: reg * sum(b^2) is added to the loss
and 2 * reg * b to db1 and db2 (consistently, so only a trusted loss exposes it)."""
import numpy as np

CAUGHT_BY = ["test_two_layer_net_loss", "test_two_layer_net_gradcheck[b1]",
             "test_two_layer_net_gradcheck[b2]", "test_weight_decay_adds_2_reg_W",
             "test_two_layer_net_matches_reference"]


def two_layer_net(params, X, y=None, reg=0.0):
    a, cache1 = affine_forward(X, params["W1"], params["b1"])
    h, cache_relu = relu_forward(a)
    scores, cache2 = affine_forward(h, params["W2"], params["b2"])
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
    dh, dW2, db2 = affine_backward(dscores, cache2)
    _, dW1, db1 = affine_backward(relu_backward(dh, cache_relu), cache1)
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    grads = {k: g + 2 * reg * params[k] for k, g in grads.items()}
    return float(loss), grads
