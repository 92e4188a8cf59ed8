"""A vanilla recurrent neural network and backpropagation through time (BPTT).

The recurrence (CS231n convention, row vectors, one row per example):

    a_t = x_t Wx + h_{t-1} Wh + b          pre-activation, shape (N, H)
    h_t = tanh(a_t)                        hidden state,   shape (N, H)

for t = 1..T, starting from a given h_0. The same Wx, Wh and b are used at every step.

Conventions:

- Shapes: x_t (N, D), h_t (N, H), Wx (D, H), Wh (H, H), b (H,); a whole sequence x is
  (N, T, D) and its hidden states h are (N, T, H), h[:, t] being h_{t+1} above (h_0 is not
  part of h). float64 in, float64 out.
- ``*_forward(...) -> (out, cache)`` and ``*_backward(dout, cache) -> gradients`` in the
  order of the forward's arguments. A cache holds whatever the backward pass needs.
- ``rnn_backward`` receives the upstream gradient of EVERY hidden state, dh (N, T, H): a
  loss E = sum_t J_t may read every h_t (seed 001 Q3: dE/du = sum_t dJ_t/du). The gradient
  that reaches h_t is therefore dh[:, t] (from J_t directly) PLUS what flows back from
  h_{t+1} through Wh. Because Wx, Wh and b are shared by all steps, their gradients are
  SUMS over the steps of each step's contribution.
- No function modifies its inputs (in particular not dh).

Notation of the course notes (seed 004, "backpropagation through time"): z^(t) is the
pre-activation a_t, phi = tanh, and a bar is a gradient (h-bar = dE/dh). Their rules
    h-bar^(t) = z-bar^(t+1) w,     z-bar^(t) = h-bar^(t) phi'(z^(t))
are, in matrix form, dprev_h = da_{t+1} Wh^T and da_t = dh_t * (1 - h_t^2).
"""

import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """Runs one time step of a vanilla RNN with a tanh activation.

    next_h = tanh(x Wx + prev_h Wh + b)

    Inputs:
    - x: Input data for this time step, of shape (N, D).
    - prev_h: Hidden state from the previous time step, of shape (N, H).
    - Wx: Input-to-hidden weights, of shape (D, H).
    - Wh: Hidden-to-hidden weights, of shape (H, H).
    - b: Biases, of shape (H,).

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H).
    - cache: Values needed by rnn_step_backward.

    Rules:
    - inputs-unchanged: x, prev_h, Wx, Wh and b are left unchanged.
    """
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache
    ### END SOLUTION


def rnn_step_backward(dnext_h, cache):
    """Backward pass of one time step of a vanilla RNN.

    With a = x Wx + prev_h Wh + b and next_h = tanh(a), the chain rule gives
        da      = dnext_h * (1 - next_h^2)      (tanh'(a) = 1 - tanh(a)^2)
        dx      = da Wx^T                         (N, D)
        dprev_h = da Wh^T                         (N, H)
        dWx     = x^T da                          (D, H)
        dWh     = prev_h^T da                     (H, H)
        db      = sum over the batch of da        (H,)
    (seed 004: z-bar = h-bar phi'(z) and h-bar^(t-1) = z-bar^(t) w, in matrix form).

    Inputs:
    - dnext_h: Gradient of the loss with respect to next_h, of shape (N, H).
    - cache: Cache object from rnn_step_forward.

    Returns a tuple of:
    - dx: Gradient of the loss with respect to x, of shape (N, D).
    - dprev_h: Gradient with respect to prev_h, of shape (N, H).
    - dWx: Gradient with respect to Wx, of shape (D, H).
    - dWh: Gradient with respect to Wh, of shape (H, H).
    - db: Gradient with respect to b, of shape (H,).

    Rules:
    - inputs-unchanged: dnext_h and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h * next_h)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = np.sum(da, axis=0)
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION


def rnn_forward(x, h0, Wx, Wh, b):
    """Runs a vanilla RNN forward over a whole sequence of T steps.

    h_t = tanh(x_t Wx + h_{t-1} Wh + b) for t = 1..T, starting from h0; the same
    parameters are used at every step. The returned h stacks h_1..h_T (not h0).

    Inputs:
    - x: Input data for the entire time series, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H).
    - Wx: Input-to-hidden weights, of shape (D, H).
    - Wh: Hidden-to-hidden weights, of shape (H, H).
    - b: Biases, of shape (H,).

    Returns a tuple of:
    - h: Hidden states for the entire time series, of shape (N, T, H); h[:, t] is the
      state after reading x[:, t].
    - cache: Values needed by rnn_backward.

    Rules:
    - inputs-unchanged: x, h0, Wx, Wh and b are left unchanged.
    """
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    h = np.empty((N, T, h0.shape[1]))
    cache = []
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    return h, cache
    ### END SOLUTION


def rnn_backward(dh, cache):
    """Backpropagation through time for a vanilla RNN over a whole sequence.

    dh[:, t] is the gradient of the loss with respect to h_t coming from the loss terms
    that read h_t directly (e.g. an output layer at step t), NOT the total gradient of h_t:
    the total also contains what flows back from step t+1 through Wh. Walking backwards
    in time, t = T..1:
        total_t = dh[:, t] + dprev_h_from_step_{t+1}    (zero at t = T)
        (dx_t, dprev_h, dWx_t, dWh_t, db_t) = rnn_step_backward(total_t, cache_t)
    and dh0 is the dprev_h of the first step. Wx, Wh and b are shared by every step, so
        dWx = sum_t dWx_t,   dWh = sum_t dWh_t,   db = sum_t db_t
    (BPTT sums the per-step contributions, as in seed 001 Q3: dE/du = sum_t dJ_t/du,
    where dJ_2/du itself has one term through s^(2) and one through h^(1)).

    Inputs:
    - dh: Upstream gradients of all hidden states, of shape (N, T, H). Not modified.
    - cache: Cache object from rnn_forward.

    Returns a tuple of:
    - dx: Gradient of the inputs, of shape (N, T, D).
    - dh0: Gradient of the initial hidden state, of shape (N, H).
    - dWx: Gradient of the input-to-hidden weights, of shape (D, H).
    - dWh: Gradient of the hidden-to-hidden weights, of shape (H, H).
    - db: Gradient of the biases, of shape (H,).

    Rules:
    - inputs-unchanged: dh and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    N, T, H = dh.shape
    D = cache[0][2].shape[0]
    dx = np.empty((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h,
                                                                   cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION


def bptt_gain(w, T):
    """The factor by which backpropagation through T steps scales a gradient, for the
    scalar linear RNN h_t = w h_{t-1} + u x_t (seed 004).

    Derivation: with a linear activation, dh_t/dh_{t-1} = w at every step, so by the chain
    rule
        dh_T/dh_1 = (dh_T/dh_{T-1}) (dh_{T-1}/dh_{T-2}) ... (dh_2/dh_1) = w^(T-1),
    T - 1 factors (there are T - 1 transitions between h_1 and h_T). Hence the gradient of
    the last loss term with respect to the first state is dJ_T/dh_1 = w^(T-1) dJ_T/dh_T.
    With tanh the factors become w tanh'(z^(t)), each of magnitude <= |w|.

    Relation to the seed's dE/du = sum_t dJ_t/du (seed 001 Q3): unrolling J_T,
        dJ_T/du = dJ_T/dh_T * sum_{k=1..T} w^(T-k) x_k,
    so the input read k steps before the end enters with weight w^(T-k); the oldest input
    enters with w^(T-1) = bptt_gain(w, T). If |w| < 1 the long-range terms vanish from the
    sum (the RNN cannot learn long-distance dependencies); if |w| > 1 they explode; |w| = 1
    keeps the gradient's magnitude (the scalar case of an orthogonal Wh).

    Correct values of the seed's examples (T = 50): bptt_gain(-1.1, 50) = (-1.1)^49
    = -106.72 and bptt_gain(0.9, 50) = 0.9^49 = 0.005726. Seed 004 states 117.4 and
    0.0015: 117.4 is (-1.1)^50 = 1.1^50 = 117.39, i.e. the exponent T instead of T - 1
    (which also makes the sign positive). 0.0015 is neither 0.9^49 nor 0.9^50 = 0.00515
    and matches no natural exponent (0.9^62 = 0.00146 is the nearest integer power); it
    may be 0.0051 (0.9^50, the same T-for-T-1 slip) with two digits swapped, a guess.

    Inputs:
    - w: The recurrent weight, a float.
    - T: The number of time steps, an int >= 1.

    Returns:
    - gain: w^(T-1), a float.

    Rules:
    - scalar: the result is one float (a scalar), not an array.
    """
    ### BEGIN SOLUTION
    return float(w) ** (int(T) - 1)
    ### END SOLUTION
