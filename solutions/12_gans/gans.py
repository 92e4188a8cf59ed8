"""GAN losses on discriminator logits: the discriminator's loss and the generator's two losses.

A discriminator D maps an input to a probability D(x) = sigmoid(s) of being real, where
s is its logit (score). Given the logits of a batch of real examples and of a batch of
generated (fake) examples G(z), this module computes the losses of the GAN game (Goodfellow
et al., 2014) and their gradients with respect to the logits:

- the discriminator minimises  -mean log D(x) - mean log(1 - D(G(z)));
- in the minimax game the generator minimises  mean log(1 - D(G(z)));
- the non-saturating generator minimises  -mean log D(G(z)).

Seed 003 Problem 5 (b), (c): early in training D easily tells the fakes apart, so
D(G(z)) -> 0. There log(1 - D(G(z))) is flat (it "saturates"): the minimax generator's
gradient vanishes, while the non-saturating loss still gives a gradient of about 1/N per
example, so the generator learns quicker with it.

Conventions:

- Logits are float64 arrays of shape (N,) or (N, 1) (one logit per example; (N, 1) is what
  a discriminator with one output unit returns). A loss is the mean over the N logits
  of its batch; each gradient is a new float64 array with the shape of its logits.
- The discriminator's real and fake batches may have different sizes N_real and N_fake: each
  of its two terms is averaged over its OWN batch (the loss is the sum of two means, not one
  mean over the N_real + N_fake logits), so at logits of 0 each term is log 2.
- Everything is computed from the logits, never from probabilities, with
      log D       = log sigmoid(s)     = -softplus(-s),
      log(1 - D)  = log sigmoid(-s)    = -softplus(s),
      softplus(s) = log(1 + exp(s))    = max(s, 0) + log(1 + exp(-|s|)),
  whose exponent is never positive: losses and gradients are finite, exact and free of
  numpy warnings for logits of +-1e4 (where sigmoid rounds to 0 or 1 and log D = -inf).
  E.g. softplus(1e4) = 1e4 and softplus(-1e4) = exp(-1e4) = 0 in float64.
- Useful identities: softplus(s) - softplus(-s) = s, d softplus(s) / ds = sigmoid(s),
  sigmoid(-s) = 1 - sigmoid(s).
- Losses are Python floats. No function modifies its inputs.
"""

import numpy as np


def softplus(x):
    """Element-wise softplus(x) = log(1 + exp(x)), computed stably.

    softplus(x) = max(x, 0) + log1p(exp(-|x|)): exp never overflows and no precision is
    lost for large |x| (softplus(1e4) = 1e4, softplus(-1e4) = exp(-1e4), which underflows to
    0). Note log sigmoid(x) = -softplus(-x) and log(1 - sigmoid(x)) = -softplus(x).

    Inputs:
    - x: Numpy array of any shape.

    Returns:
    - out: Numpy array of the same shape, softplus(x) >= 0.
    """
    ### BEGIN SOLUTION
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    ### END SOLUTION


def sigmoid(x):
    """Element-wise sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow.

    With e = exp(-|x|) in (0, 1]: sigmoid(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) for
    x < 0. Both are accurate to a few ulp relative, also where sigmoid(x) is tiny.

    Inputs:
    - x: Numpy array of any shape.

    Returns:
    - out: Numpy array of the same shape, values in [0, 1].
    """
    ### BEGIN SOLUTION
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def discriminator_loss(real_logits, fake_logits):
    """The discriminator's loss: binary cross-entropy with real = 1 and fake = 0.

    With D(x) = sigmoid(real_logits) and D(G(z)) = sigmoid(fake_logits),

        loss = -mean_i log D(x_i) - mean_j log(1 - D(G(z_j)))
             =  mean_i softplus(-real_logits_i) + mean_j softplus(fake_logits_j),

    each mean over its own batch (N_real and N_fake may differ). At logits of 0 (D = 1/2)
    each term is log 2, so the loss is 2 log 2. Gradients:

        d_real_logits = -sigmoid(-real_logits) / N_real = (D(x) - 1) / N_real      (< 0)
        d_fake_logits =  sigmoid(fake_logits) / N_fake  = D(G(z)) / N_fake         (> 0)

    so gradient descent pushes real logits up and fake logits down. Note that
    discriminator_loss(r, f) = generator_loss_nonsaturating(r) - generator_loss_minimax(f),
    and that swapping the batches gives loss(r, f) - loss(f, r) = mean(f) - mean(r), while
    loss(-f, -r) = loss(r, f) (relabelling D as 1 - D). Seed 003 Problem 5.

    Inputs:
    - real_logits: Numpy array of shape (N_real,) or (N_real, 1), D's logits on real data.
    - fake_logits: Numpy array of shape (N_fake,) or (N_fake, 1), D's logits on G(z).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss, >= 0.
    - d_real_logits: Gradient of the loss with respect to real_logits, its shape.
    - d_fake_logits: Gradient of the loss with respect to fake_logits, its shape.

    Rules:
    - inputs-unchanged: real_logits and fake_logits are left unchanged.
    - finite: loss and gradients are exact and finite, without warnings, for |logits| up to 1e4.
    - column-logits: logits of shape (N, 1) are accepted, with gradients of shape (N, 1).
    """
    ### BEGIN SOLUTION
    n_real, n_fake = real_logits.size, fake_logits.size
    loss = np.sum(softplus(-real_logits)) / n_real + np.sum(softplus(fake_logits)) / n_fake
    d_real_logits = -sigmoid(-real_logits) / n_real
    d_fake_logits = sigmoid(fake_logits) / n_fake
    return float(loss), d_real_logits, d_fake_logits
    ### END SOLUTION


def generator_loss_minimax(fake_logits):
    """The generator's loss in the minimax game: mean log(1 - D(G(z))), which G minimises.

    With D(G(z)) = sigmoid(fake_logits) = sigmoid(s),

        loss        = mean_j log(1 - D(G(z_j))) = -mean_j softplus(s_j)        (< 0)
        d_fake_logits = -sigmoid(s) / N = -D(G(z)) / N                          (< 0)

    The loss is the negative of the discriminator's fake term. When D rejects the fakes
    (D(G(z)) -> 0, s -> -inf) the loss flattens at 0 and the gradient vanishes like
    e^s / N: this is the saturation of seed 003 Problem 5 (b), (c). At s = 0 the loss is
    -log 2 and the gradient -1/(2N).

    Inputs:
    - fake_logits: Numpy array of shape (N,) or (N, 1), D's logits on generated data G(z).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss, <= 0.
    - d_fake_logits: Gradient of the loss with respect to fake_logits, its shape.

    Rules:
    - inputs-unchanged: fake_logits is left unchanged.
    - finite: loss and gradient are exact and finite, without warnings, for |logits| up to 1e4.
    - column-logits: logits of shape (N, 1) are accepted, with a gradient of shape (N, 1).
    """
    ### BEGIN SOLUTION
    n = fake_logits.size
    loss = -np.sum(softplus(fake_logits)) / n
    return float(loss), -sigmoid(fake_logits) / n
    ### END SOLUTION


def generator_loss_nonsaturating(fake_logits):
    """The non-saturating generator loss: -mean log D(G(z)).

    With D(G(z)) = sigmoid(fake_logits) = sigmoid(s),

        loss          = -mean_j log D(G(z_j)) = mean_j softplus(-s_j)          (> 0)
        d_fake_logits = -sigmoid(-s) / N = (D(G(z)) - 1) / N                    (< 0)

    It pushes the fake logits in the same direction as the minimax loss (both gradients are
    negative), but when D rejects the fakes (D(G(z)) -> 0, s -> -inf) its gradient tends to
    -1/N per example instead of vanishing: the ratio of the minimax gradient to this one is
    exactly e^s. That is why seed 003 Problem 5 (c) chooses it: a much larger gradient early
    in training. At s = 0 the loss is log 2 and the gradient -1/(2N).

    Inputs:
    - fake_logits: Numpy array of shape (N,) or (N, 1), D's logits on generated data G(z).

    Returns a tuple of:
    - loss: Scalar (Python float) giving the loss, >= 0.
    - d_fake_logits: Gradient of the loss with respect to fake_logits, its shape.

    Rules:
    - inputs-unchanged: fake_logits is left unchanged.
    - finite: loss and gradient are exact and finite, without warnings, for |logits| up to 1e4.
    - column-logits: logits of shape (N, 1) are accepted, with a gradient of shape (N, 1).
    """
    ### BEGIN SOLUTION
    n = fake_logits.size
    loss = np.sum(softplus(-fake_logits)) / n
    return float(loss), -sigmoid(-fake_logits) / n
    ### END SOLUTION
