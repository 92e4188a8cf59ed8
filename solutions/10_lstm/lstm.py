"""Long short-term memory (LSTM): one step and a whole sequence, forward and backward.

The LSTM cell (Hochreiter & Schmidhuber; seed 004 "Solution 2", seed 003 Problem 2-3) keeps
two states per example: the hidden state h (the short-term memory and the cell's output) and
the cell state c (the long-term memory). One step with input x_t computes four pre-activation
blocks from a single affine map,

    a   = x_t Wx + h_{t-1} Wh + b                    shape (N, 4H)
    i   = sigmoid(a[:, 0H:1H])    input gate         in (0, 1)
    f   = sigmoid(a[:, 1H:2H])    forget gate        in (0, 1)
    o   = sigmoid(a[:, 2H:3H])    output gate        in (0, 1)
    g   = tanh(a[:, 3H:4H])       candidate cell     in (-1, 1)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

(all products element-wise). The four blocks are in the **CS231n order i, f, o, g** over the
4H columns of Wx, Wh and b (the order of seed 004's stacked vector (i, f, o, g)); other
libraries use other orders (PyTorch: i, f, g, o), so follow this one exactly.

Consequences the tests check: every gate lies strictly in (0, 1), so |h_t| < 1 and
|c_t| <= |c_{t-1}| + 1. The input and forget gates choose what happens to the memory
(seed 004's table):

    input gate  forget gate   memory cell
        0           1         remembers the previous value   c_t = c_{t-1}
        1           1         adds to it                     c_t = c_{t-1} + g
        0           0         erases it                      c_t = 0
        1           0         overwrites it                  c_t = g

With a forget bias of +30 and an input bias of -30 the gates are within 1e-11 of "remember",
and the cell state is carried unchanged over many steps: the gradient highway that lets an
LSTM learn long-range dependencies where a plain RNN's gradient vanishes or explodes
(seed 004: w^{T-1} for a linear RNN).

The same cell under other names (seeds 000 and 001, Q2: learn / forget / remember / use
gates). There the input E_t is x_t, the short-term memory STM_{t-1} is h_{t-1} and the
long-term memory LTM_{t-1} is c_{t-1}; W[STM_{t-1}, E_t] on the concatenation equals
x_t Wx + h_{t-1} Wh with that gate's columns of Wx stacked on those of Wh.
- learn gate: N_t = tanh(W_n[STM_{t-1}, E_t] + b_n) is the candidate g (written C~_t in
  seed 003) and the "ignore factor" i_t = sigmoid(W_i[STM_{t-1}, E_t] + b_i) is the input
  gate i; the learn gate outputs i * g;
- forget gate: f_t = sigmoid(W_f[STM_{t-1}, E_t] + b_f), applied as LTM_{t-1} * f_t;
- remember gate: LTM_t = LTM_{t-1} * f_t + N_t * i_t is the new cell state c_t;
- use gate: V_t = sigmoid(W_v[STM_{t-1}, E_t] + b_v) is the output gate o, and the new
  short-term memory (and output) is STM_t = U_t * V_t = h_t.
  Two differences from the seeds' wording: the use gate produces the new STM (h_t), not
  "our new LTM" (the new LTM is the remember gate's c_t); and the seeds' U_t =
  tanh(W_u LTM_{t-1} f_t + b_u) is a variant with an extra learned layer on the forgotten
  memory only. In the standard cell implemented here U_t = tanh(c_t): no weights
  (W_u = identity, b_u = 0), applied to the whole new cell state LTM_t.

Conventions (CS231n): x is (N, D) for a step and (N, T, D) for a sequence; h and c are
(N, H); Wx is (D, 4H), Wh is (H, 4H), b is (4H,). Backward functions return gradients in the
forward function's argument order. The sigmoid is computed stably (no overflow warning for
pre-activations of any size). No function modifies its inputs in place.
"""

import numpy as np


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """Forward pass for a single timestep of an LSTM.

    a = x Wx + prev_h Wh + b, split into four blocks of H columns in the order i, f, o, g:
        i = sigmoid(a[:, :H]), f = sigmoid(a[:, H:2H]), o = sigmoid(a[:, 2H:3H]),
        g = tanh(a[:, 3H:])
        next_c = f * prev_c + i * g
        next_h = o * tanh(next_c)
    (seed 004: c = f . c_prev + i . g, h = o . tanh(c); seed 003 Problem 3 with
    H = 1, D = 2). Compute the sigmoid stably, e.g. with z = exp(-|a|):
    sigmoid(a) = 1 / (1 + z) for a >= 0 and z / (1 + z) for a < 0, so that pre-activations
    of +-1000 give no overflow warning.

    Inputs:
    - x: Input data, of shape (N, D)
    - prev_h: Previous hidden state, of shape (N, H)
    - prev_c: Previous cell state, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, 4H)
    - Wh: Hidden-to-hidden weights, of shape (H, 4H)
    - b: Biases, of shape (4H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - next_c: Next cell state, of shape (N, H)
    - cache: Tuple of values needed for the backward pass.

    Rules:
    - inputs-unchanged: x, prev_h, prev_c, Wx, Wh and b are left unchanged.
    - finite: no overflow warnings when gate pre-activations reach +-1000; outputs stay right.
    """
    ### BEGIN SOLUTION
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    z = np.exp(-np.abs(a[:, :3 * H]))
    gates = np.where(a[:, :3 * H] >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    i, f, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:]
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
    ### END SOLUTION


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Backward pass for a single timestep of an LSTM.

    With t = tanh(next_c), the cell state receives gradient from both outputs:
        dc = dnext_c + dnext_h * o * (1 - t^2)
    and then
        do = dnext_h * t,  df = dc * prev_c,  di = dc * g,  dg = dc * i,
        dprev_c = dc * f,
        da = [di * i(1-i), df * f(1-f), do * o(1-o), dg * (1-g^2)]   (order i, f, o, g)
        dx = da Wx^T,  dprev_h = da Wh^T,  dWx = x^T da,  dWh = prev_h^T da,
        db = sum over N of da.
    dnext_h and dnext_c must not be modified (write dc = dnext_c + ..., not dnext_c += ...).

    Inputs:
    - dnext_h: Gradients of next hidden state, of shape (N, H)
    - dnext_c: Gradients of next cell state, of shape (N, H)
    - cache: Values from the forward pass

    Returns a tuple of:
    - dx: Gradient of input data, of shape (N, D)
    - dprev_h: Gradient of previous hidden state, of shape (N, H)
    - dprev_c: Gradient of previous cell state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)

    Rules:
    - inputs-unchanged: dnext_h, dnext_c and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
    da = np.concatenate([
        dc * g * i * (1.0 - i),
        dc * prev_c * f * (1.0 - f),
        dnext_h * tanh_c * o * (1.0 - o),
        dc * i * (1.0 - g ** 2),
    ], axis=1)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dprev_c = dc * f
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = np.sum(da, axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
    ### END SOLUTION


def lstm_forward(x, h0, Wx, Wh, b):
    """Forward pass for an LSTM over an entire sequence of T timesteps.

    The initial hidden state h0 is given; the initial cell state is c0 = 0 (it is not an
    input, and it is not h0). For t = 1..T, (h_t, c_t) = lstm_step_forward(x_t, h_{t-1},
    c_{t-1}, Wx, Wh, b) with the same weights at every step, where x_t = x[:, t - 1, :].
    Only the hidden states are returned.

    Inputs:
    - x: Input data, of shape (N, T, D)
    - h0: Initial hidden state, of shape (N, H)
    - Wx: Weights for input-to-hidden connections, of shape (D, 4H)
    - Wh: Weights for hidden-to-hidden connections, of shape (H, 4H)
    - b: Biases, of shape (4H,)

    Returns a tuple of:
    - h: Hidden states for all timesteps of all sequences, of shape (N, T, H);
      h[:, t - 1, :] is h_t
    - cache: Values needed for the backward pass.

    Rules:
    - inputs-unchanged: x, h0, Wx, Wh and b are left unchanged.
    """
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev_h, prev_c = h0, np.zeros((N, H))
    cache = []
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        cache.append(step_cache)
    return h, cache
    ### END SOLUTION


def lstm_backward(dh, cache):
    """Backward pass for an LSTM over an entire sequence (backpropagation through time).

    dh[:, t - 1, :] is the gradient of the loss with respect to h_t coming from above
    (e.g. from a per-step output layer). Going backwards from t = T to 1, step t receives
        dnext_h = dh[:, t - 1, :] + (dprev_h returned by step t + 1)
        dnext_c = (dprev_c returned by step t + 1)        (both 0 for t = T)
    and the weight gradients of all steps are summed (the weights are shared).

    Inputs:
    - dh: Upstream gradients of hidden states, of shape (N, T, H)
    - cache: Values from the forward pass

    Returns a tuple of:
    - dx: Gradient of input data, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weight matrix, of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weight matrix, of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)

    Rules:
    - inputs-unchanged: dh and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    N, T, H = dh.shape
    x0, _, _, Wx, Wh = cache[0][:5]
    dx = np.zeros((N, T, x0.shape[1]))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t, :], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t, :] + dprev_h, dprev_c, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION
