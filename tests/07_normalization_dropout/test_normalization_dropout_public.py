"""Public graded tests for 07_normalization_dropout: released to students with the assignment.

Batch norm is checked against its defining properties (output statistics, invariances,
running averages, test mode) and numerical gradients of a trusted closed form; dropout by
exact checks of its masks and by statistical tests whose false-failure rates are derived in
their docstrings.

Student functions run in the sandbox; a dict argument they change in place (bn_param) is
written back into the test's dict after the call, as with a direct call. Every other call
gets copies of the arrays, so that a function that wrongly modifies its inputs confuses no
test here: the inputs-unchanged properties are tested on their own.
"""


import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import distributions as dist
from autograder.checks import (
    GRADING_EXAMPLES,
    SEEDS,
    arrays,
    assert_close,
    assert_leaves_inputs,
    check_backward,
    expect_array,
    expect_tuple,
    fill,
    graded,
    shapes,
    through,
    unchanged_params,
    results_in_order,
    values_in_order,
    working_forward,
)

DEFAULT_EPS = 1e-5
DEFAULT_MOMENTUM = 0.9
EPS = st.one_of(st.none(), st.floats(1e-3, 1.0))  # None: leave bn_param's eps at its default
# Per-example false-failure rate of the statistical tests: a union bound over the 50
# (GRADING_EXAMPLES) examples of a test keeps the per-test rate <= 50 * ALPHA = 1e-6.
ALPHA = 1e-6 / GRADING_EXAMPLES


# --- inputs and closed forms ----------------------------------------------------------------


@st.composite
def bn_inputs(draw, min_n=2, max_n=8, max_d=5):
    """``(x, gamma, beta)``: x of shape (N, D) whose feature j has mean m_j in [-5, 5] and
    biased variance s_j^2 with s_j in [0.5, 5] (exactly, up to round-off: x is a standardized
    array rescaled), gamma of shape (D,) with |gamma| in [0.5, 3] and either sign, beta of
    shape (D,) in [-3, 3]. Every feature's variance is >= 0.25, far above the default eps."""
    n, d, seed = draw(st.integers(min_n, max_n)), draw(st.integers(1, max_d)), draw(SEEDS)
    rng = np.random.default_rng([seed, 7])
    z = fill((n, d), seed)
    z = (z - z.mean(axis=0)) / z.std(axis=0)
    x = z * rng.uniform(0.5, 5.0, d) + rng.uniform(-5.0, 5.0, d)
    gamma = rng.uniform(0.5, 3.0, d) * rng.choice([-1.0, 1.0], d)
    return x, gamma, rng.uniform(-3.0, 3.0, d)


def with_options(bn_param, **options):
    """``bn_param`` plus the options that are not None (None: leave the key out)."""
    return {**bn_param, **{key: value for key, value in options.items() if value is not None}}


def true_batchnorm_train(x, gamma, beta, bn_param):
    """gamma * (x - mu) / sqrt(var + eps) + beta with the batch's mean and biased variance."""
    eps = bn_param.get("eps", DEFAULT_EPS)
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def true_batchnorm_test(x, gamma, beta, bn_param):
    """The same with the running averages of bn_param in place of the batch statistics."""
    eps = bn_param.get("eps", DEFAULT_EPS)
    mean, var = bn_param["running_mean"], bn_param["running_var"]
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def batchnorm(student, x, gamma, beta, bn_param):
    """``out`` of the student's batchnorm_forward on copies of the arrays (bn_param itself is
    passed, so that train mode's running averages are written back into it)."""
    return batchnorm_output(student.batchnorm_forward(*batchnorm_args(x, gamma, beta,
                                                                      bn_param)), x)


def batchnorm_args(x, gamma, beta, bn_param):
    """batchnorm_forward's arguments as :func:`batchnorm` passes them."""
    return x.copy(), gamma.copy(), beta.copy(), bn_param


def batchnorm_output(result, x):
    """``out`` of what batchnorm_forward returned for ``x``, checked to be an (out, cache)
    pair with out a finite float64 array like x."""
    out, _ = expect_tuple(result, 2, "batchnorm_forward()")
    return expect_array(out, "batchnorm_forward() output", like=x)


def dropout(student, x, **dropout_param):
    """``(out, cache)`` of the student's dropout_forward on a copy of x."""
    return dropout_output(student.dropout_forward(x.copy(), dropout_param), x)


def dropout_output(result, x):
    """``(out, cache)`` of what dropout_forward returned for ``x``, checked to be a pair with
    out a finite float64 array like x."""
    out, cache = expect_tuple(result, 2, "dropout_forward()")
    return expect_array(out, "dropout_forward() output", like=x), cache


def upstream(shape, seed):
    """An upstream derivative dout in [-5, 5), from a random stream independent of every
    ``fill(..., seed)`` and of bn_inputs (in train mode, a dout whose columns are affine in
    x's would have a gradient dx of ~0, a useless gradient check)."""
    return np.random.default_rng([seed, 2]).uniform(-5.0, 5.0, shape)


def describe(bn_param):
    """The mode and eps of bn_param, for messages."""
    eps = bn_param.get("eps", f"{DEFAULT_EPS:g} (default)")
    return f"mode {bn_param['mode']!r} and eps {eps}"


# --- batch norm: forward ----------------------------------------------------------------------


@graded(points=3, function="batchnorm_forward")
@given(inputs=bn_inputs())
def test_batchnorm_train_output_statistics(student, inputs):
    """In train mode every output feature has mean beta and standard deviation
    |gamma| * sqrt(var / (var + eps)) (= |gamma| up to eps, as every input feature here has a
    variance >= 0.25), where var is the biased batch variance and eps the default 1e-5."""
    x, gamma, beta = inputs
    out = batchnorm(student, x, gamma, beta, {"mode": "train"})
    var = x.var(axis=0)
    assert_close(out.mean(axis=0), beta, "the per-feature mean of the train-mode output "
                 "(expected beta)", rtol=0, atol=1e-9 * (1 + np.abs(beta)))
    assert_close(out.std(axis=0), np.abs(gamma) * np.sqrt(var / (var + DEFAULT_EPS)),
                 "the per-feature standard deviation of the train-mode output (expected "
                 "|gamma| * sqrt(var / (var + eps)) with the BIASED batch variance var)",
                 rtol=1e-9)


@graded(points=2, function="batchnorm_forward")
@given(inputs=bn_inputs(), eps=EPS, tiny=st.floats(1e-5, 1e-3), mode=st.sampled_from(
    ["train", "test"]))
def test_batchnorm_eps_inside_square_root(student, inputs, eps, tiny, mode):
    """x_hat = (x - mean) / sqrt(var + eps), with eps INSIDE the square root, in both modes,
    for the default eps and for an eps given in bn_param. Feature 0 has a standard deviation
    `tiny` << sqrt(eps), where (x - mean) / (sqrt(var) + eps) would be far off."""
    x, gamma, beta = inputs
    x = x.copy()
    x[:, 0] = 3.0 + tiny * (x[:, 0] - x[:, 0].mean()) / x[:, 0].std()
    bn_param = with_options({"mode": mode}, eps=eps)
    if mode == "test":  # running averages like the batch's, so that x_hat is not huge
        bn_param.update(running_mean=x.mean(axis=0) + 0.5 * tiny, running_var=x.var(axis=0))
        expected = true_batchnorm_test(x, gamma, beta, bn_param)
    else:
        expected = true_batchnorm_train(x, gamma, beta, bn_param)
    out = batchnorm(student, x, gamma, beta, dict(bn_param))
    assert_close(out, expected, f"the output with {describe(bn_param)} (expected "
                 "gamma * (x - mean) / sqrt(var + eps) + beta)", rtol=1e-9, atol=1e-9)


@graded(points=2, function="batchnorm_forward", requires="test_batchnorm_train_output_statistics")
@given(inputs=bn_inputs(), seed=SEEDS, scale=st.floats(0.1, 10.0))
def test_batchnorm_shift_and_scale_invariance(student, inputs, seed, scale):
    """With gamma = 1 and beta = 0, the train-mode output does not change when a constant is
    added to a feature, flips sign with x, and does not change when x is scaled by a > 0 and
    eps by a^2 (exactly: both sides are then (x - mean) / sqrt(var + eps)). Scaling each
    feature by its own a_d in [0.5, 2] at the default eps changes the output by at most
    |x_hat| * 3 eps / (2 var) <= 3 * 3e-5 / 0.5 < 1e-3 (|x_hat| <= sqrt(N - 1) < 3 and
    var >= 0.25 here)."""
    x, _, _ = inputs
    ones, zeros = np.ones(x.shape[1]), np.zeros(x.shape[1])
    shift = fill((x.shape[1],), seed, -10.0, 10.0)
    factors = fill((x.shape[1],), seed, 0.5, 2.0)
    calls = [(x, {"mode": "train"}), (x + shift, {"mode": "train"}), (-x, {"mode": "train"}),
             (scale * x, {"mode": "train", "eps": DEFAULT_EPS * scale**2}),
             (x * factors, {"mode": "train"})]
    outs = values_in_order(student.batchnorm_forward, [
        (batchnorm_args(z, ones, zeros, bn_param), {}) for z, bn_param in calls])
    base = batchnorm_output(next(outs), x)
    assert_close(batchnorm_output(next(outs), x), base,
                 "the output after adding a constant to each feature (it should not change)",
                 rtol=1e-9, atol=1e-9)
    assert_close(batchnorm_output(next(outs), x), -base,
                 "the output for -x (it should be minus the output for x)", rtol=1e-9,
                 atol=1e-9)
    assert_close(batchnorm_output(next(outs), x), base, f"the output after scaling x by "
                 f"{scale:.6g} and eps by its square (it should not change)", rtol=1e-9,
                 atol=1e-9)
    assert_close(batchnorm_output(next(outs), x), base,
                 f"the output after scaling the features by {np.round(factors, 3)} (it "
                 "should change by less than 1e-3)", rtol=0, atol=1e-3)


@graded(points=3, function="batchnorm_forward")
@given(inputs=bn_inputs(), seed=SEEDS, momentum=st.one_of(st.none(), st.floats(0.0, 0.95)),
       eps=EPS, given=st.booleans())
def test_batchnorm_running_averages(student, inputs, seed, momentum, eps, given):
    """After one train step, bn_param['running_mean'] and bn_param['running_var'] are
    momentum * running + (1 - momentum) * batch statistic, with the batch mean and the
    BIASED batch variance (without eps), starting from the given running averages or from
    zeros when bn_param has none; momentum defaults to 0.9."""
    x, gamma, beta = inputs
    D = x.shape[1]
    bn_param = with_options({"mode": "train"}, momentum=momentum, eps=eps)
    old = {"running_mean": np.zeros(D), "running_var": np.zeros(D)}
    if given:
        old = {"running_mean": fill((D,), seed), "running_var": fill((D,), seed, 0.1, 10.0)}
        bn_param.update({key: value.copy() for key, value in old.items()})
    batchnorm(student, x, gamma, beta, bn_param)
    m = DEFAULT_MOMENTUM if momentum is None else momentum
    start = "the given running averages" if given else "no running averages (zeros)"
    for key, batch, what in (("running_mean", x.mean(axis=0), "batch mean"),
                             ("running_var", x.var(axis=0), "biased batch variance")):
        assert key in bn_param, (
            f"after a train-mode call, bn_param has no {key!r}: batchnorm_forward must store "
            f"the updated running averages in bn_param")
        got = expect_array(bn_param[key], f"bn_param[{key!r}]", shape=(D,))
        assert_close(got, m * old[key] + (1 - m) * batch,
                     f"bn_param[{key!r}] after one train step from {start} with momentum "
                     f"{m:.6g} (expected momentum * running + (1 - momentum) * {what})",
                     rtol=1e-9, atol=1e-12)


@graded(points=3, function="batchnorm_forward")
@given(inputs=bn_inputs(), seed=SEEDS, eps=EPS)
def test_batchnorm_test_mode_uses_running_statistics(student, inputs, seed, eps):
    """In test mode the output is gamma * (x - running_mean) / sqrt(running_var + eps) + beta:
    the running averages replace the batch statistics, so each example's output is the same
    whether it is normalized alone or within the batch."""
    x, gamma, beta = inputs
    D = x.shape[1]
    bn_param = with_options({"mode": "test", "running_mean": fill((D,), seed),
                             "running_var": fill((D,), seed, 0.1, 10.0)}, eps=eps)
    outs = values_in_order(student.batchnorm_forward, [
        (batchnorm_args(z, gamma, beta, dict(bn_param)), {}) for z in (x, x[:1])])
    out = batchnorm_output(next(outs), x)
    alone = batchnorm_output(next(outs), x[:1])
    assert_close(alone, out[:1], "the test-mode output of example 0 normalized alone (it "
                 "should equal its output within the batch: test mode must not use batch "
                 "statistics)", rtol=1e-9, atol=1e-9)
    assert_close(out, true_batchnorm_test(x, gamma, beta, bn_param),
                 f"the output with {describe(bn_param)} (expected gamma * (x - "
                 "running_mean) / sqrt(running_var + eps) + beta)", rtol=1e-9, atol=1e-9)


@graded(points=2, function="batchnorm_forward", requires="test_batchnorm_train_output_statistics",
        contract="inputs unchanged", rules="inputs-unchanged")
@given(inputs=bn_inputs(), seed=SEEDS)
def test_batchnorm_changes_only_bn_param(student, inputs, seed):
    """batchnorm_forward leaves x, gamma and beta unchanged; in train mode only bn_param (its
    running averages) may change, in test mode nothing changes, not even bn_param."""
    x, gamma, beta = inputs
    D = x.shape[1]
    params = ({"mode": "train"}, {"mode": "test", "running_mean": fill((D,), seed),
                                  "running_var": fill((D,), seed, 0.1, 10.0)})
    results = results_in_order(student.batchnorm_forward, [
        ((), {"x": x.copy(), "gamma": gamma.copy(), "beta": beta.copy(), "bn_param": bn_param})
        for bn_param in params])
    for bn_param, result in zip(params, results):
        allowed = {"bn_param"} if bn_param["mode"] == "train" else set()
        changed = sorted(set(result.mutated) - allowed)
        assert not changed, (
            f"batchnorm_forward() in {bn_param['mode']} mode modified {', '.join(changed)} in "
            f"place; " + ("only bn_param's running averages may change in train mode"
                          if allowed else "nothing may change in test mode"))


# --- batch norm: backward ---------------------------------------------------------------------


@graded(points=3, function="batchnorm_backward")
@through
@given(inputs=bn_inputs(min_n=4), seed=SEEDS, eps=EPS)
def test_batchnorm_backward_gradcheck_train(student, inputs, seed, eps):
    """In train mode, batchnorm_backward returns (dx, dgamma, dbeta), the gradients of
    gamma * (x - mean) / sqrt(var + eps) + beta, where mean and var depend on x too
    (numerical gradients of that closed form)."""
    x, gamma, beta = inputs
    check_backward(student.batchnorm_forward, student.batchnorm_backward,
                   {"x": x, "gamma": gamma, "beta": beta,
                    "bn_param": with_options({"mode": "train"}, eps=eps)},
                   ("x", "gamma", "beta"), upstream(x.shape, seed), truth=true_batchnorm_train)


@graded(points=2, function="batchnorm_backward", contract="backward from a test-mode cache",
        rules="test-mode-cache")
@through
@given(inputs=bn_inputs(), seed=SEEDS, eps=EPS)
def test_batchnorm_backward_gradcheck_test_mode(student, inputs, seed, eps):
    """With a cache from test mode, batchnorm_backward returns the gradients of
    gamma * (x - running_mean) / sqrt(running_var + eps) + beta, where the running averages
    are constants."""
    x, gamma, beta = inputs
    D = x.shape[1]
    bn_param = with_options({"mode": "test", "running_mean": fill((D,), seed),
                             "running_var": fill((D,), seed, 0.1, 10.0)}, eps=eps)
    check_backward(student.batchnorm_forward, student.batchnorm_backward,
                   {"x": x, "gamma": gamma, "beta": beta, "bn_param": bn_param},
                   ("x", "gamma", "beta"), upstream(x.shape, seed), truth=true_batchnorm_test)


# --- dropout: forward -------------------------------------------------------------------------

KEEP = st.floats(0.05, 1.0)  # keep probabilities p
# keep probabilities away from 1/2, where keeping with probability p or 1 - p looks the same
LOPSIDED_KEEP = st.one_of(st.floats(0.1, 0.4), st.floats(0.6, 0.95))


def large_batch(draw, low=40, high=80):
    """(N, D) with N, D in [low, high]: at least low^2 units for the statistical tests."""
    return draw(st.integers(low, high)), draw(st.integers(low, high))


@graded(points=2, function="dropout_forward", rules="test-identity",
        requires="test_dropout_keeps_fraction_p")
@given(x=arrays(), p=KEEP, seed=st.one_of(st.none(), SEEDS))
def test_dropout_test_mode_is_identity(student, x, p, seed):
    """In test mode dropout_forward returns x unchanged: no mask and no scaling (inverted
    dropout already divided by p while training)."""
    out, _ = dropout(student, x, p=p, mode="test", **({} if seed is None else {"seed": seed}))
    assert_close(out, x, f"dropout_forward() output in test mode with p={p:.6g} (expected x "
                 "itself)", rtol=1e-15, atol=0)


@graded(points=2, function="dropout_forward", requires="test_dropout_keeps_fraction_p")
@given(x=arrays(min_magnitude=0.01), p=KEEP, seed=SEEDS)
def test_dropout_train_output_is_zero_or_scaled(student, x, p, seed):
    """In train mode every output is either 0 (dropped) or x / p (kept and scaled by 1 / p,
    p being the probability of KEEPING a unit)."""
    out, _ = dropout(student, x, p=p, mode="train", seed=seed)
    kept = out != 0
    expected = np.where(kept, x / p, 0.0)
    assert_close(out, expected, f"dropout_forward() train-mode output with p={p:.6g} (every "
                 "entry should be 0 or x / p)", rtol=1e-12, atol=0)


@graded(points=2, function="dropout_forward", rules="any-stream")
@given(data=st.data(), p=LOPSIDED_KEEP, seed=SEEDS)
def test_dropout_keeps_fraction_p(student, data, p, seed):
    """In train mode each unit is kept with probability p. The number K of nonzero outputs
    among M >= 1600 nonzero inputs is Binomial(M, p); the test accepts
    binom.ppf(a/2, M, p) <= K <= binom.isf(a/2, M, p), which fails correct code with
    probability <= a = 2e-8 per example, so <= 50 a = 1e-6 per test of 50 examples (union
    bound). p is kept away from 1/2, so that keeping with probability 1 - p instead, about
    0.2 M units off, is far outside the band (its half-width is < 6 sqrt(M p (1 - p)))."""
    shape = large_batch(data.draw)
    x = fill(shape, seed, min_magnitude=0.01)  # its values do not matter, only x != 0
    out, _ = dropout(student, x, p=p, mode="train", seed=seed)
    M, K = x.size, int(np.count_nonzero(out))
    low, high = dist.binom_ppf(ALPHA / 2, M, p), dist.binom_isf(ALPHA / 2, M, p)
    assert low <= K <= high, (
        f"dropout_forward() with p={p:.4g} kept {K} of {M} units ({K / M:.3f}); with keep "
        f"probability p, the kept count should lie in [{low:.0f}, {high:.0f}] (p is the "
        f"probability of KEEPING a unit)")


@graded(points=3, function="dropout_forward", requires="test_dropout_keeps_fraction_p")
@given(data=st.data(), p=st.floats(0.2, 0.9), seed=SEEDS)
def test_dropout_preserves_mean_in_expectation(student, data, p, seed):
    """In train mode E[out] = x (inverted dropout). For M >= 3600 inputs x_i in [0.5, 2),
    S = sum_i (out_i - x_i) = sum_i x_i (B_i / p - 1) is a sum of independent, zero-mean terms
    with |term| <= b = max_i x_i * max(1 / p - 1, 1) and total variance
    s2 = sum_i x_i^2 (1 - p) / p. Bernstein's inequality gives
    P(|S| >= t) <= 2 exp(-t^2 / (2 (s2 + b t / 3))); with L = log(2 / a) and
    t = L b / 3 + sqrt((L b / 3)^2 + 2 L s2) the bound is a = 2e-8 per example, so <= 1e-6
    per test of 50 examples (union bound). Without the division by p, |S| is about
    (1 - p) sum x_i, at least twice t for every p in [0.2, 0.9] here."""
    shape = large_batch(data.draw, 60, 100)
    # x from a random stream independent of the mask's default_rng(seed)
    x = np.random.default_rng([seed, 1]).uniform(0.5, 2.0, shape)
    out, _ = dropout(student, x, p=p, mode="train", seed=seed)
    L = np.log(2 / ALPHA)
    b = x.max() * max(1 / p - 1, 1.0)
    s2 = np.sum(x**2) * (1 - p) / p
    t = L * b / 3 + np.sqrt((L * b / 3) ** 2 + 2 * L * s2)
    S = float(np.sum(out - x))
    assert abs(S) <= t, (
        f"dropout_forward() in train mode with p={p:.4g} changed the mean of {x.size} inputs "
        f"from {x.mean():.4f} to {out.mean():.4f}; inverted dropout keeps it in expectation "
        f"(the difference should be within {t / x.size:.4f}): divide the kept units by p")


@graded(points=2, function="dropout_forward")
@given(n=st.integers(4, 8), d=st.integers(100, 200), p=st.floats(0.1, 0.95), seed=SEEDS)
def test_dropout_mask_per_example(student, n, d, p, seed):
    """Each example of the batch gets its own mask: not every row of the train-mode output
    has the same kept units. With independent masks all N >= 4 rows of D >= 100 units agree
    with probability (p^N + (1 - p)^N)^D <= (0.95^4 + 0.05^4)^100 < 2e-9 per example, so
    < 1e-7 per test of 50 examples (union bound)."""
    x = fill((n, d), seed, min_magnitude=0.01)
    out, _ = dropout(student, x, p=p, mode="train", seed=seed)
    kept = out != 0
    assert not np.all(kept == kept[:1]), (
        f"dropout_forward() dropped the same units in all {n} examples of the batch: draw a "
        f"mask of x's full shape {x.shape}, not one mask of shape {x.shape[1:]} shared by "
        f"the batch")


@graded(points=2, function="dropout_forward")
@given(x=arrays(shape=shapes(min_dims=2, max_dims=2, min_side=15, max_side=20),
                min_magnitude=0.01), p=st.floats(0.1, 0.95), seed=SEEDS)
def test_dropout_same_seed_same_mask(student, x, p, seed):
    """The same seed gives the same mask; another seed, or no seed, gives another mask. Two
    independent masks of M >= 225 units agree with probability
    (p^2 + (1 - p)^2)^M <= 0.905^225 < 2e-10, so each 'differs' check fails correct code with
    probability < 1e-8 per test of 50 examples (union bound)."""
    params = [{"seed": seed}, {"seed": seed}, {"seed": (seed + 1) % 2**32}, {}, {}]
    outs = values_in_order(student.dropout_forward, [
        ((x.copy(), {"p": p, "mode": "train", **param}), {}) for param in params])
    first, _ = dropout_output(next(outs), x)
    again, _ = dropout_output(next(outs), x)
    assert np.array_equal(first, again), (
        "dropout_forward() gave different outputs for the same seed: draw the mask with "
        "np.random.default_rng(dropout_param['seed'])")
    other, _ = dropout_output(next(outs), x)
    assert not np.array_equal(first != 0, other != 0), (
        f"dropout_forward() gave the same mask for seeds {seed} and {(seed + 1) % 2**32}: "
        f"the mask must come from the seed in dropout_param")
    unseeded = [dropout_output(out, x)[0] != 0 for out in outs]
    assert not np.array_equal(*unseeded), (
        "dropout_forward() without a seed gave the same mask twice: without 'seed', use "
        "np.random.default_rng() (fresh randomness), not a fixed default seed")


# --- dropout: backward ------------------------------------------------------------------------


@graded(points=3, function="dropout_backward")
@through
@given(x=arrays(min_magnitude=0.01), p=KEEP, seed=st.one_of(st.none(), SEEDS),
       mode=st.sampled_from(["train", "test"]), dout_seed=SEEDS)
def test_dropout_backward_uses_forward_mask(student, x, p, seed, mode, dout_seed):
    """dropout_backward(dout, cache) is dout * mask / p with the mask of the forward pass
    that made the cache (read off its output: kept where out != 0), also without a seed, when
    no new draw can reproduce the mask; in test mode it is dout itself."""
    param = {"p": p, "mode": mode, **({} if seed is None else {"seed": seed})}
    out, cache = working_forward(student.dropout_forward,
                                 {"x": x.copy(), "dropout_param": param}, x.shape)
    dout = fill(x.shape, dout_seed)
    dx = expect_array(student.dropout_backward(dout.copy(), cache), "dropout_backward() output",
                      like=x)
    if mode == "test":
        expected, what = dout, "dout itself"
    else:
        expected = np.where(out != 0, dout / p, 0.0)
        what = "dout / p where the forward pass kept a unit (out != 0), 0 where it dropped it"
    assert_close(dx, expected, f"dropout_backward() in {mode} mode with p={p:.6g} "
                 f"({'no seed' if seed is None else f'seed {seed}'}; expected {what})",
                 rtol=1e-12, atol=0)


# --- inputs left unchanged ----------------------------------------------------------------

DROPOUT_INPUTS = st.builds(lambda x, p, seed: {"x": x, "dropout_param": {
    "p": p, "mode": "train", **({} if seed is None else {"seed": seed})}},
    arrays(), KEEP, st.one_of(st.none(), SEEDS))
# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires (batchnorm_forward's: test_batchnorm_changes_only_bn_param)
UNCHANGED = {
    "batchnorm_backward": ("test_batchnorm_backward_gradcheck_train", bn_inputs().map(
        lambda i: {"x": i[0], "gamma": i[1], "beta": i[2], "bn_param": {"mode": "train"}})),
    "dropout_forward": ("test_dropout_keeps_fraction_p", DROPOUT_INPUTS),
    "dropout_backward": ("test_dropout_backward_uses_forward_mask", DROPOUT_INPUTS),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays): dropout_forward
    changes neither x nor dropout_param, a backward pass neither dout nor the cache of the
    forward pass."""
    assert_leaves_inputs(student, function, data.draw(UNCHANGED[function][1], label="inputs"),
                         seed, function.replace("_backward", "_forward")
                         if function.endswith("_backward") else None)
