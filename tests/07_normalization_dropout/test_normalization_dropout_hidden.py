"""Hidden graded tests for 07_normalization_dropout: batch norm's agreement with the reference
solution, dropout on inputs of every rank (by the structure of its output and the consistency
of its backward pass, never by the reference's random stream), and inputs left unchanged."""

import copy

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    call_with_report,
    expect_array,
    expect_tuple,
    fill,
    graded,
    shapes,
    through,
    working_forward,
)

MODES = st.sampled_from(["train", "test"])


@st.composite
def bn_kwargs(draw, mode):
    """Keyword arguments of batchnorm_forward: x (N, D) in [-5, 5) with N >= 1 (a batch of
    one normalizes to beta in train mode), gamma, beta, and a bn_param in ``mode`` with or
    without eps, momentum and running averages (test mode always has running averages)."""
    n, d, seed = draw(st.integers(1, 8)), draw(st.integers(1, 5)), draw(SEEDS)
    rng = np.random.default_rng([seed, 3])
    bn_param = {"mode": mode}
    if draw(st.booleans()):
        bn_param["eps"] = draw(st.floats(1e-3, 1.0))
    if draw(st.booleans()):
        bn_param["momentum"] = draw(st.floats(0.0, 0.95))
    if mode == "test" or draw(st.booleans()):
        bn_param["running_mean"] = rng.uniform(-5.0, 5.0, d)
        bn_param["running_var"] = rng.uniform(0.1, 10.0, d)
    return {"x": fill((n, d), seed), "gamma": rng.uniform(-3.0, 3.0, d),
            "beta": rng.uniform(-3.0, 3.0, d), "bn_param": bn_param}


def statistics(kwargs):
    """The mean, variance and eps that normalize x in the mode of kwargs' bn_param."""
    x, bn_param = kwargs["x"], kwargs["bn_param"]
    eps = bn_param.get("eps", 1e-5)
    if bn_param["mode"] == "train":
        return x.mean(axis=0), x.var(axis=0), eps
    return bn_param["running_mean"], bn_param["running_var"], eps


def tolerance_units(kwargs, dout=None):
    """Absolute tolerance units (round-off scales) of out, dx, dgamma and dbeta: with
    g = max |gamma| / sqrt(min var + eps) and h = max |x_hat|, out = gamma x_hat + beta is
    O(g sqrt(var) + |beta|) <= O(g * 10 + 3); dx sums terms of size g |dout| (2 + h^2);
    dgamma and dbeta sum |dout| (1 + h) and |dout| over the batch."""
    mean, var, eps = statistics(kwargs)
    g = float(np.max(np.abs(kwargs["gamma"])) / np.sqrt(np.min(var) + eps))
    h = float(np.max(np.abs(kwargs["x"] - mean) / np.sqrt(var + eps)))
    units = {"out": 10 * g + 3}
    if dout is not None:
        total = float(np.sum(np.abs(dout)))
        units.update(dx=g * float(np.max(np.abs(dout))) * (2 + h**2),
                     dgamma=total * (1 + h), dbeta=total)
    return units


@graded(points=2, function="batchnorm_forward", visibility="hidden")
@given(data=st.data(), mode=MODES)
def test_batchnorm_forward_matches_reference(student, reference, data, mode):
    """batchnorm_forward's output and the running averages it leaves in bn_param agree with
    the reference solution; it changes nothing but bn_param in train mode, nothing at all in
    test mode."""
    kwargs = data.draw(bn_kwargs(mode), label="inputs")
    expected_param = copy.deepcopy(kwargs["bn_param"])
    expected, _ = reference.batchnorm_forward(**{**kwargs, "bn_param": expected_param})
    student_kwargs = copy.deepcopy(kwargs)
    result = call_with_report(student.batchnorm_forward, **student_kwargs)
    allowed = {"bn_param"} if mode == "train" else set()
    changed = sorted(set(result.mutated) - allowed)
    assert not changed, f"batchnorm_forward() in {mode} mode modified {', '.join(changed)} " \
                        f"in place"
    out, _ = expect_tuple(result.value, 2, "batchnorm_forward()")
    assert_close(expect_array(out, "batchnorm_forward() output", like=expected), expected,
                 f"batchnorm_forward() output in {mode} mode", rtol=1e-9,
                 atol=1e-12 * tolerance_units(kwargs)["out"])
    if mode == "train":
        got_param = student_kwargs["bn_param"]
        for key in ("running_mean", "running_var"):
            assert key in got_param, f"bn_param has no {key!r} after a train-mode call"
            assert_close(expect_array(got_param[key], f"bn_param[{key!r}]",
                                      like=expected_param[key]), expected_param[key],
                         f"bn_param[{key!r}] after a train-mode call", rtol=1e-9, atol=1e-12)


@graded(points=2, function="batchnorm_backward", visibility="hidden")
@through
@given(data=st.data(), mode=MODES, seed=SEEDS)
def test_batchnorm_backward_matches_reference(student, reference, data, mode, seed):
    """batchnorm_backward's (dx, dgamma, dbeta) agree with the reference solution in both
    modes, and it leaves dout and the cache unchanged."""
    kwargs = data.draw(bn_kwargs(mode), label="inputs")
    dout = np.random.default_rng([seed, 4]).uniform(-5.0, 5.0, kwargs["x"].shape)
    _, reference_cache = reference.batchnorm_forward(**copy.deepcopy(kwargs))
    expected = reference.batchnorm_backward(dout, reference_cache)
    _, cache = working_forward(student.batchnorm_forward, copy.deepcopy(kwargs),
                               kwargs["x"].shape)
    got = assert_inputs_unchanged(student.batchnorm_backward, dout, cache).value
    got = expect_tuple(got, 3, "batchnorm_backward()")
    units = tolerance_units(kwargs, dout)
    for name, g, e in zip(("dx", "dgamma", "dbeta"), got, expected):
        assert_close(expect_array(g, name, like=e), e, f"{name} in {mode} mode", rtol=1e-9,
                     atol=1e-12 * units[name])


@st.composite
def dropout_kwargs(draw):
    """Keyword arguments of dropout_forward: x of 1 to 3 axes (values away from 0, so that a
    kept unit is never 0) and a dropout_param with a seed or none, p sometimes exactly 1."""
    shape, seed = draw(shapes(min_dims=1, max_dims=3, max_side=8)), draw(SEEDS)
    dropout_param = {"p": draw(st.one_of(st.just(1.0), st.floats(0.05, 1.0))),
                     "mode": draw(MODES)}
    if draw(st.booleans()):
        dropout_param["seed"] = draw(SEEDS)
    return {"x": fill(shape, seed, min_magnitude=0.01), "dropout_param": dropout_param}


@graded(points=2, function="dropout_forward", visibility="hidden", rules="any-rank")
@given(data=st.data())
def test_dropout_forward_zero_or_scaled_any_rank(student, data):
    """On inputs of every rank, dropout_forward returns x itself in test mode, and in train
    mode 0 or x / p in every entry (x itself when p = 1); it leaves x and dropout_param
    unchanged. Any random stream may draw the mask."""
    kwargs = data.draw(dropout_kwargs(), label="inputs")
    result = assert_inputs_unchanged(student.dropout_forward, **kwargs)
    out, _ = expect_tuple(result.value, 2, "dropout_forward()")
    x, param = kwargs["x"], kwargs["dropout_param"]
    out = expect_array(out, "dropout_forward() output", like=x)
    expected = x if param["mode"] == "test" else np.where(out != 0, x / param["p"], 0.0)
    assert_close(out, expected, f"dropout_forward() output in {param['mode']} mode with "
                 f"p={param['p']:.6g} (x in test mode; 0 or x / p in train mode)",
                 rtol=1e-12, atol=0)
    if param["p"] == 1.0:
        assert_close(out, x, "dropout_forward() with p = 1 (every unit kept)", rtol=1e-12,
                     atol=0)


@graded(points=2, function="dropout_backward", visibility="hidden")
@through
@given(data=st.data(), seed=SEEDS)
def test_dropout_backward_consistent_with_forward(student, data, seed):
    """On inputs of every rank, dropout_backward is dout * mask / p with the mask of the
    forward pass that made the cache (kept where its output is not 0), dout in test mode, and
    it leaves dout and the cache unchanged."""
    kwargs = data.draw(dropout_kwargs(), label="inputs")
    x, param = kwargs["x"], kwargs["dropout_param"]
    dout = np.random.default_rng([seed, 5]).uniform(-5.0, 5.0, x.shape)
    out, cache = working_forward(student.dropout_forward, kwargs, x.shape)
    got = assert_inputs_unchanged(student.dropout_backward, dout, cache).value
    expected = dout if param["mode"] == "test" else np.where(out != 0, dout / param["p"], 0.0)
    assert_close(expect_array(got, "dropout_backward() output", like=x), expected,
                 f"dropout_backward() output in {param['mode']} mode with p={param['p']:.6g} "
                 f"(dout / p where the forward pass kept a unit, 0 where it dropped it)",
                 rtol=1e-12, atol=0)
