"""Public graded tests for 05_optimizers: released to students with the assignment.

The optimizer tests drive ``update(w, dw, config) -> (next_w, config)`` for several steps,
passing each call a copy of the config returned by the previous one (so a submission that
also changes the caller's dict is graded on its values here, and loses only the
inputs-unchanged test). Gradient sequences keep each coordinate's sign fixed where a test
needs a guaranteed direction, and magnitudes span 1e-9 .. 10 where eps must matter.
"""

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    arrays,
    assert_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    chain_outcomes,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    shapes,
    value_of,
    values_in_order,
)

OPTIMIZERS = ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam")

# The documented defaults of each optimizer's hyperparameters.
DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "nesterov_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}

# Ranges of the hyperparameters the tests draw (epsilon log-uniform).
HYPERPARAMETERS = {
    "learning_rate": st.floats(1e-3, 0.5),
    "momentum": st.floats(0.5, 0.95),
    "decay_rate": st.floats(0.9, 0.999),
    "epsilon": st.floats(-10.0, -2.0).map(lambda e: 10.0**e),
    "beta1": st.floats(0.8, 0.95),
    "beta2": st.floats(0.99, 0.9999),
}

SMALL_SHAPES = shapes(min_dims=1, max_dims=2, max_side=4)


# the test of each optimizer's values: a property that a function returning w itself (or
# zeros) also has earns its points only together with this test
VALUE_TEST = {
    "sgd": "test_sgd_step",
    "sgd_momentum": "test_velocity_geometric_series[sgd_momentum]",
    "nesterov_momentum": "test_velocity_geometric_series[nesterov_momentum]",
    "adagrad": "test_adagrad_effective_rate_never_increases",
    "rmsprop": "test_rmsprop_constant_gradient",
    "adam": "test_adam_constant_gradient_steps",
}


def optimizer_params(names=OPTIMIZERS, points=1, contract=None, needs_values=False, rules=()):
    """One graded parameter per optimizer; with ``needs_values``, each requires
    :data:`VALUE_TEST` of its optimizer."""
    return [pytest.param(name, id=name, marks=graded(
        points, name, contract=contract, requires=VALUE_TEST[name] if needs_values else (),
        rules=rules)) for name in names]


def hyperparameters(name):
    """A full config of random hyperparameters (no state) for optimizer ``name``."""
    return st.fixed_dictionaries({key: HYPERPARAMETERS[key] for key in DEFAULTS[name]})


def step(fn, w, dw, config):
    """One call ``fn(w, dw, config)`` on copies of the inputs; checks that it returns
    ``(float64 array shaped like w, dict)``."""
    return step_outputs(fn, fn(*step_args(w, dw, config)), w)


def step_args(w, dw, config):
    """The arguments of one optimizer call: copies of ``w``, ``dw`` and ``config``."""
    return w.copy(), dw.copy(), copy.deepcopy(config)


def step_outputs(fn, value, w):
    """``fn``'s value for a step from ``w``, checked: ``(float64 array shaped like w,
    dict)``."""
    next_w, new_config = expect_tuple(value, 2, f"{fn.__name__}()")
    next_w = expect_array(next_w, f"next_w returned by {fn.__name__}()", like=w)
    assert isinstance(new_config, dict), (f"{fn.__name__}() should return its config as a "
                                          f"dict, got {type(new_config).__name__}")
    return next_w, new_config


def steps_of(fn, w, grads, config):
    """``fn`` from ``w`` and ``config`` over ``grads``, each step from the weights and the
    config the step before returned (one request to the sandbox), on copies of the
    inputs; the checked ``(next_w, config)`` of every step."""
    outcomes = chain_outcomes(fn, [(step_args(w, g, config), {}) for g in grads],
                              feed={0: 0, 2: 1})
    return [step_outputs(fn, value_of(outcome), w) for outcome in outcomes]


def state(config, key, fn):
    """``config[key]`` of a returned config, with a readable error when it is missing."""
    if key not in config:
        raise AssertionError(f"the config returned by {fn.__name__}() has no key {key!r} "
                             f"(it has {sorted(config)})")
    return config[key]


def signed_gradients(shape, seed, steps, low_exponent, high_exponent):
    """``steps`` gradients of ``shape``; each coordinate keeps one random sign over all
    steps, magnitudes are 10^u with u uniform in [low_exponent, high_exponent)."""
    rng = np.random.default_rng(seed)
    sign = rng.choice([-1.0, 1.0], size=shape)
    return sign * 10.0 ** rng.uniform(low_exponent, high_exponent, size=(steps, *shape))


def assert_displacement(got_w, w0, expected, what):
    """``got_w - w0`` equals ``expected`` to 1e-9 relative, beyond the round-off of adding
    a step to w (compared as displacements, so tiny steps are checked too)."""
    slack = 1e-14 * max(1.0, float(np.max(np.abs(w0))))
    assert_close(got_w - w0, expected, what, rtol=1e-9, atol=slack)


# --- SGD ----------------------------------------------------------------------------------


@graded(points=2, function="sgd")
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, lr=HYPERPARAMETERS["learning_rate"])
def test_sgd_step(student, w, seed, lr):
    """sgd moves w by -learning_rate * dw and returns the learning rate in its config."""
    dw = fill(w.shape, seed)
    next_w, config = step(student.sgd, w, dw, {"learning_rate": lr})
    assert_close(next_w, w - lr * dw, "next_w = w - lr * dw", rtol=1e-12, atol=1e-14)
    assert state(config, "learning_rate", student.sgd) == lr, "learning_rate changed"


@pytest.mark.parametrize("name", optimizer_params(("sgd", "adagrad", "rmsprop", "adam"),
                                                  needs_values=True))
@given(w=arrays(SMALL_SHAPES), lr=HYPERPARAMETERS["learning_rate"])
def test_zero_gradient_leaves_w_unchanged(student, name, w, lr):
    """From a fresh config, a zero gradient leaves w exactly unchanged (no 0/0: eps keeps
    the adaptive denominators positive)."""
    fn = getattr(student, name)
    next_w, _ = step(fn, w, np.zeros_like(w), {"learning_rate": lr})
    if not np.array_equal(next_w, w):
        worst = np.unravel_index(np.argmax(np.abs(next_w - w)), w.shape)
        raise AssertionError(f"{name}() with dw = 0 moved w[{worst}] from {w[worst]!r} to "
                             f"{next_w[worst]!r}; a zero gradient must leave w unchanged")


# --- defaults -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", optimizer_params())
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, lr=HYPERPARAMETERS["learning_rate"])
def test_defaults_fill_missing_config(student, name, w, seed, lr):
    """Without a config (or with config=None) the optimizer uses the documented defaults;
    a config giving only learning_rate gets the other defaults. The returned config holds
    every hyperparameter."""
    fn = getattr(student, name)
    dw = fill(w.shape, seed, min_magnitude=0.1)
    cases = [(given_config, label, {**DEFAULTS[name], **(given_config or {})})
             for given_config, label in ((None, "config=None"), ({"learning_rate": lr},
                                         f"config={{'learning_rate': {lr!r}}}"))]
    # every call in one request: without the config argument at all (as config=None
    # means), then for each case the given config and the explicit config it stands for
    calls = [((w.copy(), dw.copy()), {})]
    for given_config, _, expected_config in cases:
        calls += [(step_args(w, dw, given_config), {}), (step_args(w, dw, expected_config), {})]
    values = values_in_order(fn, calls)
    expect_tuple(next(values), 2, f"{name}(w, dw)")
    for _, label, expected_config in cases:
        next_w, config = step_outputs(fn, next(values), w)
        for key, value in expected_config.items():
            got = state(config, key, fn)
            assert got == value, (f"{name}() with {label}: the returned config has {key}="
                                  f"{got!r}, expected {value!r}")
        expected_w, _ = step_outputs(fn, next(values), w)
        assert_close(next_w, expected_w, f"next_w with {label} (compared with your result "
                     f"for the explicit config {expected_config})", rtol=1e-12, atol=1e-14)


# --- descent on a convex quadratic --------------------------------------------------------


def largest_step(name, config, gmax):
    """A bound on |w_{k+1} - w_k| per coordinate, per unit of learning rate, while each
    gradient coordinate g_i keeps its sign with |g_i| in [0.5, 1.5] |g0_i| and |g_i| <= gmax
    (the test keeps them within [0.75, 1.25] |g0_i|)."""
    if name == "sgd":
        return gmax
    if name in ("sgd_momentum", "nesterov_momentum"):  # |v| <= lr gmax / (1 - mu)
        return gmax / (1 - config["momentum"])
    if name == "adagrad":  # sqrt(cache) >= |g|
        return 1.0
    if name == "rmsprop":  # s >= (1 - beta) g^2
        return 1.0 / np.sqrt(1 - config["decay_rate"])
    return 3.0  # adam: |m_hat| <= max |g_i|, sqrt(v_hat) >= min |g_i|, ratio <= 1.5 / 0.5


@st.composite
def quadratic_problems(draw):
    """(A, b, w0): f(w) = 0.5 w.A w + b.w with A SPD (eigenvalues in [0.5, 5]) and the
    gradient at w0, A w0 + b, of magnitude in [0.5, 5) in every coordinate."""
    shape = draw(SMALL_SHAPES)
    seed = draw(SEEDS)
    size = int(np.prod(shape))
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(size, size)))
    a = (q * rng.uniform(0.5, 5.0, size)) @ q.T
    a = (a + a.T) / 2
    w0 = fill(shape, seed + 1, low=-3, high=3)
    g0 = fill(shape, seed + 2, min_magnitude=0.5)
    return a, g0.ravel() - a @ w0.ravel(), w0


@pytest.mark.parametrize("name", optimizer_params(points=2))
@given(problem=quadratic_problems(), steps=st.integers(1, 10), data=st.data())
def test_decreases_convex_quadratic(student, name, problem, steps, data):
    """On a convex quadratic, with a learning rate small enough for the gradient to keep
    its sign in every coordinate along the way, every step decreases f.

    Why this is guaranteed: with R = (1/4) min_i |g0_i| / max_i sum_j |A_ij|, every point
    within R of w0 (per coordinate) has g_i of the sign of g0_i and |g_i| in [0.75, 1.25]
    |g0_i|. The learning rate makes each step at most R / steps per coordinate (see
    largest_step), so all iterates stay within R, each step moves every coordinate against
    its gradient's sign (momentum and Adam average same-signed gradients), and f decreases
    along the whole segment of each step."""
    a, b, w0 = problem
    fn = getattr(student, name)
    config = data.draw(hyperparameters(name), label="config")
    g0 = (a @ w0.ravel() + b)
    radius = 0.25 * np.min(np.abs(g0)) / np.max(np.sum(np.abs(a), axis=1))
    lr = radius / (steps * largest_step(name, config, 1.5 * np.max(np.abs(g0))))
    config["learning_rate"] = lr
    w = w0
    for k in range(1, steps + 1):
        dw = (a @ w.ravel() + b).reshape(w.shape)
        next_w, config = step(fn, w, dw, config)
        move = (next_w - w).ravel()
        change = float(move @ (a @ (w.ravel() + next_w.ravel()) / 2 + b))  # f(next_w) - f(w)
        assert change < 0, (f"{name}() step {k} changed f(w) = 0.5 w.A w + b.w by "
                            f"{change:+.3g} with learning_rate={lr:.3g}: "
                            f"an update must move downhill")
        w = next_w


# --- momentum -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", optimizer_params(("sgd_momentum", "nesterov_momentum"), 3))
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, lr=HYPERPARAMETERS["learning_rate"],
       mu=st.floats(0.0, 0.95), steps=st.integers(1, 12))
def test_velocity_geometric_series(student, name, w, seed, lr, mu, steps):
    """With a constant gradient g from zero velocity, the velocity after k steps is the
    geometric series v_k = -lr g (1 + mu + ... + mu^(k-1)) = -lr g (1 - mu^k) / (1 - mu),
    and w moves by v_k (momentum) or mu v_k - lr g (Nesterov, CS231n form) at step k."""
    fn = getattr(student, name)
    g = fill(w.shape, seed, min_magnitude=0.1)
    config = {"learning_rate": lr, "momentum": mu}
    w0, expected_w = w, w.copy()
    for k, (w, config) in enumerate(steps_of(fn, w, [g] * steps, config), start=1):
        velocity = -lr * g * (1 - mu**k) / (1 - mu)
        got = expect_array(state(config, "velocity", fn), "config['velocity']", like=w)
        assert_close(got, velocity, f"config['velocity'] after step {k} with a constant "
                     f"gradient (lr={lr:.4g}, mu={mu:.4g}; v = mu v - lr g is the step "
                     f"direction)", rtol=1e-9, atol=1e-13)
        expected_w += velocity if name == "sgd_momentum" else mu * velocity - lr * g
        assert_displacement(w, w0, expected_w - w0, f"w - w0 after step {k} with a "
                            f"constant gradient (lr={lr:.4g}, mu={mu:.4g})")


# --- AdaGrad ------------------------------------------------------------------------------


@graded(points=3, function="adagrad")
@given(w=arrays(SMALL_SHAPES, low=-1, high=1), seed=SEEDS, lr=st.floats(0.1, 1.0),
       eps=st.floats(-10.0, -4.0).map(lambda e: 10.0**e), steps=st.integers(2, 8))
def test_adagrad_effective_rate_never_increases(student, w, seed, lr, eps, steps):
    """AdaGrad's effective learning rate per coordinate, (w_k - w_{k+1}) / g_k =
    lr / (sqrt(sum of g^2 so far) + eps), is positive and never increases, whatever the
    gradients (here of random signs and magnitudes 0.01 .. 10)."""
    rng = np.random.default_rng(seed)
    grads = rng.choice([-1.0, 1.0], size=(steps, *w.shape)) * 10.0 ** rng.uniform(
        -2, 1, size=(steps, *w.shape))
    config = {"learning_rate": lr, "epsilon": eps}
    previous = None
    trajectory = steps_of(student.adagrad, w, grads, config)
    for k, (g, (next_w, config)) in enumerate(zip(grads, trajectory), start=1):
        rate = (w - next_w) / g
        if not np.all(rate > 0):
            i = np.unravel_index(np.argmin(rate), w.shape)
            raise AssertionError(f"adagrad() step {k} moved w{list(i)} by {next_w[i] - w[i]:.6g} "
                                 f"for a gradient of {g[i]:.6g}: not downhill")
        if previous is not None and not np.all(rate <= previous * (1 + 1e-9)):
            i = np.unravel_index(np.argmax(rate / previous), w.shape)
            raise AssertionError(f"adagrad()'s effective learning rate of w{list(i)} grew from "
                                 f"{previous[i]:.6g} to {rate[i]:.6g} at step {k} (gradient "
                                 f"{grads[k - 2][i]:.3g} then {g[i]:.3g}); summing squared "
                                 f"gradients, it can only shrink")
        previous, w = rate, next_w


# --- RMSProp ------------------------------------------------------------------------------


@graded(points=3, function="rmsprop")
@given(w=arrays(SMALL_SHAPES, low=-1, high=1), seed=SEEDS, config=hyperparameters("rmsprop"),
       scale=st.floats(-9.0, 0.0), steps=st.integers(1, 8))
def test_rmsprop_constant_gradient(student, w, seed, config, scale, steps):
    """With a constant gradient g from a zero cache, s_k = (1 - beta^k) g^2, so step k is
    -lr g / (sqrt(1 - beta^k) |g| + eps): eps outside the square root. Gradients here are as
    small as 1e-9 and eps up to 1e-2, where the placement of eps matters."""
    g = signed_gradients(w.shape, seed, 1, scale - 0.5, scale + 0.5)[0]
    lr, beta, eps = config["learning_rate"], config["decay_rate"], config["epsilon"]
    w0, moved = w, np.zeros_like(w)
    for k in range(1, steps + 1):
        w, config = step(student.rmsprop, w, g, config)
        moved -= lr * g / (np.sqrt(1 - beta**k) * np.abs(g) + eps)
        assert_displacement(w, w0, moved, f"w - w0 after RMSProp step {k} with a constant "
                            f"gradient (lr={lr:.4g}, decay_rate={beta:.4g}, epsilon={eps:.3g})")


# --- Adam ---------------------------------------------------------------------------------


@graded(points=2, function="adam")
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, config=hyperparameters("adam"),
       scale=st.floats(-3.0, 1.0))
def test_adam_first_step_moves_by_lr(student, w, seed, config, scale):
    """Thanks to bias correction, Adam's first step (t = 1) moves every coordinate by
    lr |g| / (|g| + eps), about lr, against the gradient, whatever the gradient's scale;
    the returned config has t = 1."""
    config["epsilon"] = 1e-8
    g = signed_gradients(w.shape, seed, 1, scale - 1, scale + 1)[0]
    lr = config["learning_rate"]
    next_w, new_config = step(student.adam, w, g, config)
    assert_displacement(next_w, w, -lr * g / (np.abs(g) + 1e-8),
                        f"the first Adam step (lr={lr:.4g}; expected about -lr sign(g))")
    t = state(new_config, "t", student.adam)
    assert t == 1, f"after the first step the config should have t = 1, got {t!r}"


@graded(points=2, function="adam")
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, config=hyperparameters("adam"),
       scale=st.floats(-3.0, 1.0), steps=st.integers(2, 10))
def test_adam_constant_gradient_steps(student, w, seed, config, scale, steps):
    """With a constant gradient g, bias correction makes m_hat = g and v_hat = g^2 at every
    t, so EVERY step moves each coordinate by -lr g / (|g| + eps), and t counts the steps."""
    g = signed_gradients(w.shape, seed, 1, scale - 1, scale + 1)[0]
    lr, eps = config["learning_rate"], config["epsilon"]
    for k, (next_w, config) in enumerate(steps_of(student.adam, w, [g] * steps, config),
                                         start=1):
        assert_displacement(next_w, w, -lr * g / (np.abs(g) + eps),
                            f"Adam step {k} with a constant gradient (lr={lr:.4g}, "
                            f"epsilon={eps:.3g})")
        t = state(config, "t", student.adam)
        assert t == k, f"after {k} steps the config should have t = {k}, got {t!r}"
        w = next_w


# --- state and inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("name", optimizer_params(points=2))
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, steps=st.integers(2, 6), data=st.data())
def test_config_round_trip(student, name, w, seed, steps, data):
    """The returned config keeps every hyperparameter it was given, and it carries all of
    the state: resuming from a saved copy of the config after k steps (even after the
    optimizer was used on other arrays meanwhile) ends where the uninterrupted run ends."""
    fn = getattr(student, name)
    config = data.draw(hyperparameters(name), label="config")
    saved_at = data.draw(st.integers(1, steps - 1), label="saved_at")
    grads = signed_gradients(w.shape, seed, steps, -1, 0.7)
    run = steps_of(fn, w, grads, config)
    for key, value in config.items():
        got = state(run[0][1], key, fn)
        assert got == value, (f"{name}() was given {key}={value!r} but returned a "
                              f"config with {key}={got!r}")
    other = fill((*w.shape, 2), seed + 1)  # meanwhile: the optimizer on another parameter
    steps_of(fn, other, [fill(other.shape, seed + 2)] * 2, dict(DEFAULTS[name]))
    resumed, _ = steps_of(fn, run[saved_at - 1][0], grads[saved_at:], run[saved_at - 1][1])[-1]
    assert_close(resumed, run[-1][0], f"w after resuming at step {saved_at} of {steps} "
                 f"from the saved config (compared with the uninterrupted run)",
                 rtol=1e-12, atol=1e-14)


def with_state(name, config, shape, seed):
    """``config`` plus a plausible state of optimizer ``name`` for weights of ``shape``."""
    if name in ("sgd_momentum", "nesterov_momentum"):
        config["velocity"] = fill(shape, seed, low=-0.1, high=0.1)
    elif name in ("adagrad", "rmsprop"):
        config["cache"] = fill(shape, seed, low=0.01, high=5)
    elif name == "adam":
        config.update(m=fill(shape, seed, low=-1, high=1), v=fill(shape, seed + 1, 0.01, 5),
                      t=int(seed % 20) + 1)
    return config


@pytest.mark.parametrize("name", optimizer_params(contract="inputs unchanged",
                                                  needs_values=True, rules="inputs-unchanged"))
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, data=st.data())
def test_inputs_unchanged(student, name, w, seed, data):
    """The optimizer leaves w, dw and the caller's config (its state arrays included)
    unchanged: it returns a new array and a new dict."""
    fn = getattr(student, name)
    config = with_state(name, data.draw(hyperparameters(name), label="config"), w.shape, seed)
    result = assert_inputs_unchanged(fn, w, fill(w.shape, seed + 2), config)
    expect_tuple(result.value, 2, f"{name}()")


# --- gradient clipping --------------------------------------------------------------------


def norm(x):
    return float(np.sqrt(np.sum(x * x)))


def clip(student, g, threshold):
    result = assert_no_warnings(student.clip_by_norm, g, threshold)
    return expect_array(result.value, "clip_by_norm() result", like=g)


@graded(points=2, function="clip_by_norm", requires="test_clip_norm_at_most_threshold")
@given(g=arrays(shapes(1, 3)), fraction=st.floats(0.05, 0.5))
def test_clip_keeps_direction(student, g, fraction):
    """Clipping a gradient longer than the threshold only shortens it: the result is a
    positive multiple of g (same direction)."""
    threshold = fraction * norm(g)
    clipped = clip(student, g, threshold)
    scale = float(np.sum(clipped * g)) / float(np.sum(g * g))
    assert scale > 0, f"clip_by_norm() reversed or zeroed the gradient (result . g / g . g = {scale})"
    off = norm(clipped - scale * g)
    assert off <= 1e-12 * norm(clipped), (
        f"clip_by_norm() changed the direction of g (threshold {threshold:.6g}, ||g|| = "
        f"{norm(g):.6g}): the result is not a multiple of g (residual {off:.3g}); rescale "
        f"the whole array by one factor")


@graded(points=2, function="clip_by_norm")
@given(g=arrays(shapes(1, 3)), fraction=st.one_of(st.floats(0.05, 0.95), st.floats(1.05, 3.0)))
def test_clip_norm_at_most_threshold(student, g, fraction):
    """The clipped gradient has norm min(||g||, threshold): at most the threshold, and equal
    to it when g was longer (norm = Euclidean norm of all entries)."""
    threshold = fraction * norm(g)
    clipped = clip(student, g, threshold)
    expected = min(norm(g), threshold)
    assert abs(norm(clipped) - expected) <= 1e-12 * expected, (
        f"clip_by_norm(g, {threshold:.6g}) with ||g|| = {norm(g):.6g} returned norm "
        f"{norm(clipped):.10g}, expected {expected:.10g}")


@graded(points=2, function="clip_by_norm", requires="test_clip_norm_at_most_threshold")
@given(g=arrays(shapes(1, 3)), factor=st.floats(1.01, 10.0))
def test_clip_identity_below_threshold(student, g, factor):
    """A gradient no longer than the threshold is returned unchanged, and a zero gradient
    gives zeros (without 0/0 warnings)."""
    threshold = factor * norm(g)
    assert_close(clip(student, g, threshold), g, f"clip_by_norm(g, {threshold:.6g}) with "
                 f"||g|| = {norm(g):.6g} (below the threshold: g unchanged)", rtol=1e-14, atol=0)
    zeros = clip(student, np.zeros_like(g), threshold)
    assert np.all(zeros == 0), "clip_by_norm() of a zero gradient should be zeros"


# --- learning-rate schedules --------------------------------------------------------------

LR0 = st.floats(1e-4, 1.0)


def schedules(fn, calls):
    """``fn(*args)`` for each argument tuple of ``calls``, all called in one request; each
    value is checked to be a scalar as it is taken from the returned iterator."""
    values = values_in_order(fn, [(args, {}) for args in calls])
    return (expect_scalar(value, f"{fn.__name__}{args}") for value, args in zip(values, calls))


@graded(points=1, function="step_decay", requires="test_step_decay_values")
@given(lr0=LR0, drop=st.floats(0.1, 1.0), every=st.integers(1, 6))
def test_step_decay_monotone(student, lr0, drop, every):
    """step_decay is positive and never increases from one epoch to the next."""
    epochs = range(2 * every + 2)  # two drops
    rates = list(schedules(student.step_decay, [(lr0, epoch, drop, every) for epoch in epochs]))
    for epoch in epochs[1:]:
        assert 0 < rates[epoch] <= rates[epoch - 1], (
            f"step_decay(lr0={lr0:.4g}, drop={drop:.4g}, every={every}) went from "
            f"{rates[epoch - 1]:.6g} at epoch {epoch - 1} to {rates[epoch]:.6g} at epoch "
            f"{epoch}: a decay must never increase the rate")


@graded(points=1, function="exponential_decay", requires="test_exponential_decay_values")
@given(lr0=LR0, k=st.floats(1e-3, 1.0), times=st.lists(st.floats(0.0, 50.0), min_size=2,
                                                      max_size=10))
def test_exponential_decay_monotone(student, lr0, k, times):
    """exponential_decay is positive and never increases with t."""
    times = sorted(times)
    rates = list(schedules(student.exponential_decay, [(lr0, t, k) for t in times]))
    for i in range(1, len(times)):
        assert 0 < rates[i] <= rates[i - 1], (
            f"exponential_decay(lr0={lr0:.4g}, k={k:.4g}) went from {rates[i - 1]:.6g} at "
            f"t={times[i - 1]:.4g} to {rates[i]:.6g} at t={times[i]:.4g}")


@graded(points=2, function="step_decay", rules="scalar")
@given(lr0=LR0, drop=st.floats(0.1, 0.9), every=st.integers(1, 10))
def test_step_decay_values(student, lr0, drop, every):
    """step_decay = lr0 * drop^floor(epoch / every): lr0 for epochs 0 .. every-1, then one
    more factor of drop at epochs every, 2 every, ..."""
    epochs = sorted({0, every - 1, every, every + 1, 2 * every - 1, 2 * every, 3 * every})
    rates = schedules(student.step_decay, [(lr0, epoch, drop, every) for epoch in epochs])
    for epoch, rate in zip(epochs, rates):
        expected = lr0 * drop ** (epoch // every)
        assert_close(rate, expected,
                     f"step_decay(lr0={lr0:.4g}, epoch={epoch}, drop={drop:.4g}, "
                     f"every={every})", rtol=1e-12, atol=0)


@graded(points=2, function="exponential_decay", rules="scalar")
@given(lr0=LR0, k=st.floats(0.0, 1.0), t=st.floats(0.0, 50.0))
def test_exponential_decay_values(student, lr0, k, t):
    """exponential_decay = lr0 * exp(-k t), and lr0 at t = 0."""
    rates = schedules(student.exponential_decay, [(lr0, 0.0, k), (lr0, t, k)])
    assert_close(next(rates), lr0,
                 f"exponential_decay(lr0={lr0:.4g}, t=0, k={k:.4g})", rtol=1e-14, atol=0)
    assert_close(next(rates), lr0 * np.exp(-k * t),
                 f"exponential_decay(lr0={lr0:.4g}, t={t:.4g}, k={k:.4g})", rtol=1e-12, atol=0)


@graded(points=1, function="clip_by_norm", requires="test_clip_norm_at_most_threshold",
        contract="inputs unchanged", rules="inputs-unchanged")
@given(g=arrays(shapes(1, 3)), fraction=st.floats(0.05, 2.0))
def test_clip_leaves_g_unchanged(student, g, fraction):
    """clip_by_norm returns a new array and leaves g unchanged (also when it clips)."""
    assert_inputs_unchanged(student.clip_by_norm, g, fraction * norm(g))
