"""Loss functions: value and gradient.

This module implements the regression losses (L1 / mean absolute error and
L2 / squared error) and the classification losses (softmax cross-entropy and
multiclass SVM hinge loss) used to train neural networks.

Conventions:

- Every function returns a tuple ``(loss, grad)``: ``loss`` is a Python float
  and ``grad`` is a new float64 array with the same shape as the first
  argument (the predictions or logits), holding d loss / d input.
- The loss is AVERAGED over the batch: N is the length of the first axis and
  the loss (hence the gradient) is divided by N. For regression losses the
  sum runs over all non-batch axes without further averaging.
- No function modifies its inputs in place.
- The softmax loss is computed with the log-sum-exp trick, so it is finite
  and emits no warnings for logits as large as 1e4.
"""

import numpy as np


def l1_loss(pred, target):
    """Computes the L1 (absolute error) loss and its gradient.

    loss  = (1 / N) * sum_{i, ...} |pred - target|
    dpred = sign(pred - target) / N

    The sum runs over every element; division is by the batch size N only.
    At pred == target the subgradient 0 is used (np.sign(0) == 0).

    Inputs:
    - pred: Numpy array of predictions, shape (N, ...).
    - target: Numpy array of targets, same shape as pred.

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss.
    - dpred: Gradient of the loss with respect to pred, same shape as pred.

    Rules:
    - inputs-unchanged: pred and target are left unchanged.
    """
    raise NotImplementedError


def l2_loss(pred, target):
    """Computes the L2 (squared error) loss and its gradient.

    loss  = (1 / N) * sum_{i, ...} (pred - target)^2
    dpred = 2 * (pred - target) / N

    Convention: there is NO 1/2 factor in front of the squared error (some
    texts use (1/2N) * sum (pred - target)^2, whose gradient is
    (pred - target) / N; we do not). The sum runs over every element;
    division is by the batch size N only.

    Inputs:
    - pred: Numpy array of predictions, shape (N, ...).
    - target: Numpy array of targets, same shape as pred.

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss.
    - dpred: Gradient of the loss with respect to pred, same shape as pred.

    Rules:
    - inputs-unchanged: pred and target are left unchanged.
    """
    raise NotImplementedError


def softmax_loss(x, y):
    """Computes the softmax (cross-entropy) loss and its gradient.

    For each example i, loss_i = -log softmax(x_i)[y_i], and
        loss = (1 / N) * sum_i -log softmax(x_i)[y_i]
    where softmax(x_i)_c = exp(x_ic) / sum_j exp(x_ij).

    Computed stably with the log-sum-exp trick. Let
    shifted_ic = x_ic - max_j x_ij; then
        log softmax(x_i)_c = shifted_ic - log(sum_j exp(shifted_ij)),
    so no exponent is positive and we never take the log of a probability
    that might have underflowed to 0.

    Gradient: dx = (softmax(x) - onehot(y)) / N.

    Inputs:
    - x: Numpy array of logits, shape (N, C); x[i, c] is the score of class c
      for the i-th example.
    - y: Numpy int array of labels, shape (N,), with 0 <= y[i] < C.

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss.
    - dx: Gradient of the loss with respect to x, shape (N, C).

    Rules:
    - inputs-unchanged: x and y are left unchanged.
    - finite: the loss is finite, without warnings, for logits as large as 1e4 in magnitude.
    """
    raise NotImplementedError


def svm_loss(x, y, delta=1.0):
    """Computes the multiclass SVM (hinge) loss and its gradient.

    For each example i and each class j != y_i:
        margin_ij = max(0, x_ij - x_{i, y_i} + delta)
    and the correct class contributes 0 (margin_{i, y_i} = 0). Then
        loss = (1 / N) * sum_{i, j} margin_ij

    Gradient (with subgradient 0 where a margin is exactly 0):
        dx_ij       =  1 / N   for j != y_i with margin_ij > 0
        dx_ij       =  0       for j != y_i with margin_ij == 0
        dx_{i, y_i} = -(number of positive margins in row i) / N

    Inputs:
    - x: Numpy array of class scores, shape (N, C).
    - y: Numpy int array of labels, shape (N,), with 0 <= y[i] < C.
    - delta: Scalar margin hyperparameter (default 1.0).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss.
    - dx: Gradient of the loss with respect to x, shape (N, C).

    Rules:
    - inputs-unchanged: x and y are left unchanged.
    """
    raise NotImplementedError
