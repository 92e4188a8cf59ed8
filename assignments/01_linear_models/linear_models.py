"""Linear models: least squares, ridge, likelihoods, penalties, Newton's method, k-fold.

This module implements linear regression from the least-squares and the maximum-likelihood
points of view (seed 002 §2), the binary cross-entropy of logistic regression, the L1 and L2
weight penalties, one step of Newton's method (seed 002 §5) and the k-fold split of
cross-validation (seed 002 §6).

Conventions:

- A design matrix ``X`` has shape (N, D): N examples (rows) of D features. Targets ``y`` have
  shape (N,) and weights ``w`` shape (D,); predictions are ``X @ w``. There is no separate
  bias: append a column of ones to X to get one.
- Everything is float64 in and float64 out (except the integer index arrays of
  ``kfold_indices``). A scalar result (a loss, a penalty) is a Python float; a gradient is a
  new float64 array shaped like the variable it differentiates.
- Losses are AVERAGED over the batch N, except ``gaussian_nll``, which is the negative log of
  the likelihood of the whole data set and is therefore a SUM over examples.
- No function modifies its inputs in place.
- Randomness comes only from an explicit ``rng`` argument (a ``np.random.Generator``), so the
  same seed gives the same result.
"""

import numpy as np


def least_squares_loss(w, X, y):
    """Computes the least-squares loss of a linear model and its gradient.

    loss = 1 / (2N) * ||X w - y||^2
    dw   = X^T (X w - y) / N

    (Seed 002 §2, eq. (12)-(13), differentiates the same objective without the 1/N:
    grad (1/2) ||X w - y||^2 = X^T X w - X^T y.)

    Inputs:
    - w: Numpy array of weights, shape (D,).
    - X: Numpy array of inputs, shape (N, D).
    - y: Numpy array of targets, shape (N,).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss.
    - dw: Gradient of the loss with respect to w, shape (D,).

    Rules:
    - inputs-unchanged: w, X and y are left unchanged.
    """
    raise NotImplementedError


def fit_least_squares(X, y):
    """Returns the weights that minimise the least-squares loss ||X w - y||^2.

    Setting the gradient X^T X w - X^T y to zero gives the normal equation
    (seed 002 §2, eq. (14)-(15)):

        X^T X w* = X^T y,    w* = (X^T X)^{-1} X^T y = X^+ y,

    where X^+ is the Moore-Penrose pseudo-inverse of X (the seed's OCR shows "-X^dagger"
    under the brace; the minus sign is noise).

    Solve it stably: never form (X^T X)^{-1} (np.linalg.inv), and do not solve the normal
    equation itself either, since X^T X squares the condition number of X (a cond(X) of 1e8
    becomes 1e16, and float64 has no digit left). Use an orthogonal factorisation of X
    instead: np.linalg.lstsq(X, y, rcond=None) (SVD) or np.linalg.pinv(X) @ y.

    When X^T X is singular (duplicated or linearly dependent columns, or N < D) every w with
    X^T X w = X^T y is a minimiser; return the one of minimum norm ||w||, which is X^+ y
    (it lies in the row space of X: two identical columns get identical weights).

    Inputs:
    - X: Numpy array of inputs, shape (N, D).
    - y: Numpy array of targets, shape (N,).

    Returns:
    - w: Numpy array of weights, shape (D,).

    Rules:
    - inputs-unchanged: X and y are left unchanged.
    """
    raise NotImplementedError


def fit_ridge(X, y, lam):
    """Returns the ridge-regression weights (least squares with an L2 penalty).

    w* = argmin_w  1 / (2N) * ||X w - y||^2 + lam / 2 * ||w||^2

    Setting the gradient X^T (X w - y) / N + lam w to zero gives

        (X^T X + N lam I) w* = X^T y.

    Mind the factor N: the data term is averaged over N, the penalty is not. For lam > 0 the
    matrix is positive definite, so the solution is unique and its norm ||w*|| shrinks
    monotonically as lam grows (to 0 as lam -> infinity). (Seed 002 §2 writes the penalty as
    lam * sum_i w_i^2 on a summed loss; the same minimiser family, with another scale of lam.)

    Inputs:
    - X: Numpy array of inputs, shape (N, D).
    - y: Numpy array of targets, shape (N,).
    - lam: Scalar regularisation strength, lam > 0.

    Returns:
    - w: Numpy array of weights, shape (D,).

    Rules:
    - inputs-unchanged: X and y are left unchanged.
    """
    raise NotImplementedError


def gaussian_nll(w, beta, X, y):
    """Negative log-likelihood of a linear model with Gaussian noise of precision beta.

    Each target is modelled as y_i ~ N(w^T x_i, 1 / beta) (seed 002 §2: beta is the
    PRECISION, the inverse of the variance), independently, so

        nll = -sum_i log N(y_i | w^T x_i, 1 / beta)
            = beta / 2 * sum_i (y_i - w^T x_i)^2 - N / 2 * log(beta) + N / 2 * log(2 pi).

    This is a SUM over the N examples (the log of a product of likelihoods), not a mean, and
    it keeps the log-normaliser N / 2 * log(2 pi / beta). For any fixed beta > 0 the w that
    minimises it is the least-squares solution (maximum likelihood = least squares); for a
    fixed w the beta that minimises it is N / sum_i (y_i - w^T x_i)^2.

    (Seed 002 §2 writes E_LS(w) = -1/2 sum_i (w^T phi(x_i) - y_i)^2 and w_ML = argmin of it;
    the minus sign is wrong: the log-likelihood is -beta/2 sum_i (...)^2 + const, so
    maximising it minimises +1/2 sum_i (...)^2. Its E_ML is also written for one sample
    y_i; the data set's is the sum over i, as here.)

    Inputs:
    - w: Numpy array of weights, shape (D,).
    - beta: Scalar noise precision, beta > 0.
    - X: Numpy array of inputs, shape (N, D).
    - y: Numpy array of targets, shape (N,).

    Returns:
    - nll: Scalar (Python float).

    Rules:
    - inputs-unchanged: w, X and y are left unchanged.
    """
    raise NotImplementedError


def binary_cross_entropy(logits, y):
    """Binary cross-entropy on logits (logistic regression's loss) and its gradient.

    With p_i = sigmoid(z_i) = 1 / (1 + exp(-z_i)) for the logits z = logits,

        loss = (1 / N) * sum_i -[y_i log p_i + (1 - y_i) log(1 - p_i)]
        dlogits = (p - y) / N.

    Compute it stably, straight from the logits: -log p_i = log(1 + exp(-z_i)), and
        loss_i = max(z_i, 0) - y_i z_i + log(1 + exp(-|z_i|)),
    whose exponent is never positive. The loss must be finite, without warnings, for logits
    as large as |z| = 1e4 (where p rounds to exactly 0 or 1 and log p would be -inf).
    Evaluate the sigmoid without overflow too (exp of -|z| only).

    Inputs:
    - logits: Numpy array of scores, shape (N,).
    - y: Numpy array of targets, shape (N,): 0.0 or 1.0 (values in [0, 1] also work).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss, >= 0.
    - dlogits: Gradient of the loss with respect to logits, shape (N,).

    Rules:
    - inputs-unchanged: logits and y are left unchanged.
    - finite: loss and gradient are exact and finite, without warnings, for |logits| up to 1e4.
    """
    raise NotImplementedError


def l1_penalty(w, lam):
    """L1 (lasso) weight penalty and its subgradient.

    value = lam * sum |w|
    grad  = lam * sign(w), with the subgradient 0 where w == 0 (np.sign(0) == 0).

    Its gradient has the same size lam however small a weight is, which pushes weights to
    exactly 0: L1 gives sparse weights, L2 small ones (seed 002 §2, §7).

    Inputs:
    - w: Numpy array of weights, any shape.
    - lam: Scalar regularisation strength, lam >= 0.

    Returns a tuple of:
    - value: Scalar (Python float).
    - grad: Subgradient with respect to w, shape of w.

    Rules:
    - inputs-unchanged: w is left unchanged.
    """
    raise NotImplementedError


def l2_penalty(w, lam):
    """L2 (ridge, weight-decay) penalty and its gradient.

    value = lam / 2 * sum w^2
    grad  = lam * w

    Convention: the factor 1/2 makes this exactly the penalty of ``fit_ridge``, so that
    fit_ridge minimises least_squares_loss + l2_penalty. (Seed 002 §2 writes lam * sum w^2,
    and topic 04's weight decay reg * sum W^2 with gradient 2 reg W; not here.)

    Inputs:
    - w: Numpy array of weights, any shape.
    - lam: Scalar regularisation strength, lam >= 0.

    Returns a tuple of:
    - value: Scalar (Python float).
    - grad: Gradient with respect to w, shape of w.

    Rules:
    - inputs-unchanged: w is left unchanged.
    """
    raise NotImplementedError


def newton_step(w, grad_fn, hess_fn):
    """One step of Newton's method for minimising a function f (seed 002 §5).

    Newton's method replaces f by its second-order Taylor expansion at w and jumps to the
    minimum of that quadratic:

        w_next = w - H(w)^{-1} g(w),   g = grad_fn(w), H = hess_fn(w).

    Compute H^{-1} g by solving the linear system H d = g (np.linalg.solve), not through an
    explicit inverse. When f is itself quadratic (the least-squares loss of linear regression,
    whose Hessian X^T X / N does not depend on w), a single step from ANY w lands exactly on
    the minimiser: "the learning rate is replaced by the inverse of the Hessian".

    Inputs:
    - w: Numpy array, the current point, shape (D,).
    - grad_fn: Function w -> gradient of f at w, shape (D,).
    - hess_fn: Function w -> Hessian of f at w, shape (D, D), invertible.

    Returns:
    - w_next: Numpy array, the next point, shape (D,).

    Rules:
    - inputs-unchanged: w is left unchanged (a new array is returned).
    """
    raise NotImplementedError


def kfold_indices(n, k, rng):
    """Splits the indices 0..n-1 at random into k folds for k-fold cross-validation.

    Cross-validation (seed 002 §6): partition the data into k subsets; for each subset, train
    on the other k-1 and evaluate on it. Shuffle the indices with ``rng`` (e.g.
    rng.permutation(n)), then cut them into k folds whose sizes differ by at most 1 (as
    np.array_split does: the first n % k folds get one extra index).

    Every index is in exactly one validation fold, and each training set is the complement
    of its validation fold. The same ``rng`` state gives the same split; use no other source
    of randomness (not np.random.*).

    Inputs:
    - n: Number of examples, n >= k.
    - k: Number of folds, 2 <= k <= n.
    - rng: A np.random.Generator, e.g. np.random.default_rng(0).

    Returns:
    - folds: List of k tuples (train_idx, val_idx) of integer numpy arrays;
      len(train_idx) + len(val_idx) == n.

    Rules:
    - rng-only: all randomness comes from rng: the same seed gives the same folds.
    """
    raise NotImplementedError
