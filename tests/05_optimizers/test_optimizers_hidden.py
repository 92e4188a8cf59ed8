"""Hidden graded tests for 05_optimizers: trajectories, clipping and schedules agree with the
reference solution on generated inputs.

Trajectories use partial configs (defaults fill the rest), gradients of random signs whose
magnitudes span 1e-10 .. 100 (tiny gradients make eps's placement visible), and compare
next_w and every state array of the returned config after each step.
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
    chain_outcomes,
    expect_array,
    expect_scalar,
    expect_tuple,
    graded,
    shapes,
    value_of,
)

OPTIMIZERS = ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam")
KEYS = {
    "sgd": ("learning_rate",),
    "sgd_momentum": ("learning_rate", "momentum"),
    "nesterov_momentum": ("learning_rate", "momentum"),
    "adagrad": ("learning_rate", "epsilon"),
    "rmsprop": ("learning_rate", "decay_rate", "epsilon"),
    "adam": ("learning_rate", "beta1", "beta2", "epsilon"),
}
HYPERPARAMETERS = {
    "learning_rate": st.floats(1e-3, 0.5),
    "momentum": st.floats(0.0, 0.95),
    "decay_rate": st.floats(0.8, 0.999),
    "epsilon": st.floats(-10.0, -2.0).map(lambda e: 10.0**e),
    "beta1": st.floats(0.5, 0.95),
    "beta2": st.floats(0.9, 0.9999),
}
SMALL_SHAPES = shapes(min_dims=1, max_dims=2, max_side=4)


@st.composite
def partial_configs(draw, name):
    """A random subset of the optimizer's hyperparameters, with random values."""
    keys = draw(st.lists(st.sampled_from(KEYS[name]), unique=True))
    return {key: draw(HYPERPARAMETERS[key], label=key) for key in keys}


def run(fn, w, grads, config):
    """The trajectory [(next_w, config), ...] of ``fn`` from ``w`` over ``grads``, each step
    from the weights and the config the step before returned (one request to the sandbox
    for a student's function), on copies of the inputs."""
    outcomes = chain_outcomes(fn, [((w.copy(), g.copy(), copy.deepcopy(config)), {})
                                   for g in grads], feed={0: 0, 2: 1})
    return [expect_tuple(value_of(outcome), 2, f"{getattr(fn, '__name__', 'update')}()")
            for outcome in outcomes]


def magnitude(arrays_):
    return max(float(np.max(np.abs(a))) for a in arrays_)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=graded(2, name, "hidden"), id=name) for name in OPTIMIZERS
])
@given(w=arrays(SMALL_SHAPES), seed=SEEDS, steps=st.integers(1, 8),
       scale=st.floats(-9.0, 1.0), data=st.data())
def test_trajectory_matches_reference(student, reference, name, w, seed, steps, scale, data):
    """Several steps chained through the returned config agree with the reference: next_w
    and the returned config (the given hyperparameters and the state) after every step."""
    config = data.draw(partial_configs(name), label="config")
    rng = np.random.default_rng(seed)
    grads = rng.choice([-1.0, 1.0], size=(steps, *w.shape)) * 10.0 ** (
        scale + rng.uniform(-1, 1, size=(steps, *w.shape)))
    expected = run(getattr(reference, name), w, grads, config)
    got = run(getattr(student, name), w, grads, config)
    # round-off scales: next_w adds steps of the size of the velocity to w
    state_keys = [key for key in expected[0][1] if key not in KEYS[name]]
    w_scale = magnitude([w] + [c["velocity"] for _, c in expected if "velocity" in c]
                        + [x for x, _ in expected])
    for k, ((next_w, cfg), (ref_w, ref_cfg)) in enumerate(zip(got, expected), start=1):
        where = f"after step {k} of {name}() with config {config} (partial: defaults fill in)"
        expect_array(next_w, f"next_w {where}", like=ref_w)
        assert_close(next_w, ref_w, f"next_w {where}", rtol=1e-9, atol=1e-12 * w_scale)
        assert isinstance(cfg, dict), f"the config returned {where} is not a dict"
        for key, value in ref_cfg.items():
            if key not in state_keys and key not in config:
                continue  # a default hyperparameter: test_defaults_fill_missing_config's job
            if key not in cfg:
                raise AssertionError(f"the config returned {where} has no key {key!r}")
            if key in state_keys and isinstance(value, np.ndarray):
                scale_of_key = magnitude([c[key] for _, c in expected])
                got_state = expect_array(cfg[key], f"config[{key!r}] {where}", like=value)
                assert_close(got_state, value, f"config[{key!r}] {where}", rtol=1e-9,
                             atol=1e-12 * scale_of_key)
            else:
                assert_close(expect_scalar(cfg[key], f"config[{key!r}]"), value,
                             f"config[{key!r}] {where}", rtol=1e-15, atol=0)


@graded(points=1, function="clip_by_norm", visibility="hidden")
@given(g=arrays(shapes(1, 3)), scale=st.floats(-3.0, 3.0), fraction=st.floats(0.1, 3.0),
       zero=st.booleans())
def test_clip_by_norm_matches_reference(student, reference, g, scale, fraction, zero):
    """clip_by_norm agrees with the reference on gradients of norms 1e-3 .. 1e3, thresholds
    on both sides of the norm, and zero gradients."""
    g = np.zeros_like(g) if zero else g * 10.0**scale
    threshold = fraction * 10.0**scale
    got = expect_array(student.clip_by_norm(g, threshold), "clip_by_norm() result", like=g)
    assert_close(got, reference.clip_by_norm(g, threshold),
                 f"clip_by_norm(g, {threshold:.6g}) with ||g|| = {np.linalg.norm(g):.6g}",
                 rtol=1e-12, atol=0)


@graded(points=1, function="step_decay", visibility="hidden")
@given(lr0=st.floats(1e-5, 10.0), epoch=st.integers(0, 200), drop=st.floats(0.05, 1.0),
       every=st.integers(1, 30))
def test_step_decay_matches_reference(student, reference, lr0, epoch, drop, every):
    """step_decay agrees with the reference."""
    got = expect_scalar(student.step_decay(lr0, epoch, drop, every), "step_decay()")
    assert_close(got, reference.step_decay(lr0, epoch, drop, every),
                 f"step_decay({lr0!r}, {epoch}, {drop!r}, {every})", rtol=1e-12, atol=0)


@graded(points=1, function="exponential_decay", visibility="hidden")
@given(lr0=st.floats(1e-5, 10.0), t=st.one_of(st.integers(0, 500), st.floats(0.0, 500.0)),
       k=st.floats(0.0, 0.5))
def test_exponential_decay_matches_reference(student, reference, lr0, t, k):
    """exponential_decay agrees with the reference, for integer and real t."""
    got = expect_scalar(student.exponential_decay(lr0, t, k), "exponential_decay()")
    assert_close(got, reference.exponential_decay(lr0, t, k),
                 f"exponential_decay({lr0!r}, {t!r}, {k!r})", rtol=1e-12, atol=0)
