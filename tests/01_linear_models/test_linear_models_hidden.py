"""Hidden graded tests for 01_linear_models: agreement with np.linalg.lstsq and with the
reference solution, and inputs left unchanged."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    affine_map,
    assert_close,
    assert_inputs_unchanged,
    constant,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
)


def orthonormal(rng, n, m):
    """An (n, m) matrix with orthonormal columns (n >= m)."""
    q, _ = np.linalg.qr(rng.standard_normal((n, m)))
    return q


@st.composite
def any_rank(draw):
    """``(X, y)``: X of shape (N, D) whose nonzero singular values lie in [1, 3]: N < D
    (underdetermined), N >= D, and exactly rank-deficient X with some columns repeated as
    exact multiples (by -2, -1, 1/2, 1 or 2) of others, so the numerical rank is clear-cut."""
    n, d0, extra, seed = (draw(st.integers(1, 8)), draw(st.integers(1, 5)),
                          draw(st.integers(0, 2)), draw(SEEDS))
    rng = np.random.default_rng(seed)
    r = min(n, d0)
    X = (orthonormal(rng, n, r) * rng.uniform(1.0, 3.0, r)) @ orthonormal(rng, d0, r).T
    copies = X[:, rng.integers(0, d0, extra)] * rng.choice([-2.0, -1.0, 0.5, 1.0, 2.0], extra)
    X = np.concatenate([X, copies], axis=1)[:, rng.permutation(d0 + extra)]
    return X, fill((n,), seed + 1)


@graded(points=2, function="fit_least_squares", visibility="hidden")
@given(problem=any_rank())
def test_fit_least_squares_matches_lstsq(student, problem):
    """fit_least_squares agrees with np.linalg.lstsq (the minimum-norm least-squares
    solution) for full-rank, underdetermined and rank-deficient X, and leaves X, y unchanged."""
    X, y = problem
    result = assert_inputs_unchanged(student.fit_least_squares, X, y)
    w = expect_array(result.value, "fit_least_squares() result", shape=(X.shape[1],))
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    assert_close(w, expected, f"fit_least_squares on X of shape {X.shape} and rank "
                 f"{np.linalg.matrix_rank(X)} (the minimum-norm solution)", rtol=1e-8,
                 atol=1e-10 * max(1.0, float(np.linalg.norm(expected))))


# --- agreement with the reference ------------------------------------------------------------


@st.composite
def problems(draw):
    n, d, seed = draw(st.integers(1, 8)), draw(st.integers(1, 5)), draw(SEEDS)
    return {"w": fill((d,), seed + 2), "X": fill((n, d), seed), "y": fill((n,), seed + 1)}


@st.composite
def binary_problems(draw):
    n, seed = draw(st.integers(1, 8)), draw(SEEDS)
    y = np.random.default_rng(seed).integers(0, 2, n).astype(np.float64)
    return {"logits": fill((n,), seed + 1, -30, 30), "y": y}


@st.composite
def penalties(draw):
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple))
    seed = draw(SEEDS)
    w = fill(shape, seed, min_magnitude=0.01)
    w[np.random.default_rng(seed + 1).random(shape) < 0.3] = 0.0  # some exact zeros
    return {"w": w, "lam": draw(st.floats(1e-3, 1e2))}


@st.composite
def newton_problems(draw):
    """A strictly convex quadratic with Hessian A = X^T X / N (eigenvalues in [1/N, 9/N])."""
    d, seed = draw(st.integers(1, 5)), draw(SEEDS)
    n = draw(st.integers(d, 8))
    rng = np.random.default_rng(seed)
    X = (orthonormal(rng, n, d) * rng.uniform(1.0, 3.0, d)) @ orthonormal(rng, d, d).T
    A, b = X.T @ X / n, fill((d,), seed + 1)
    return {"w": fill((d,), seed + 2, -10, 10), "grad_fn": affine_map(A, -b),
            "hess_fn": constant(A)}


def with_scalar(strategy, name, values):
    return st.tuples(strategy, values).map(lambda p: {**p[0], name: p[1]})


INPUTS = {
    "least_squares_loss": problems(),
    "fit_ridge": with_scalar(problems().map(lambda p: {"X": p["X"], "y": p["y"]}), "lam",
                             st.floats(1e-3, 1e2)),
    "gaussian_nll": with_scalar(problems(), "beta", st.floats(1e-2, 1e2)),
    "binary_cross_entropy": binary_problems(),
    "l1_penalty": penalties(),
    "l2_penalty": penalties(),
    "newton_step": newton_problems(),
}

# (rtol, atol relative to the largest |expected| entry): fit_ridge allows for students who
# solve (X^T X + N lam I) w = X^T y, whose condition number here is up to about 1e6.
TOLERANCES = {"fit_ridge": (1e-7, 1e-7), "newton_step": (1e-9, 1e-11)}


def compare(got, expected, what, function):
    rtol, atol = TOLERANCES.get(function, (1e-9, 1e-12))
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    if isinstance(expected, float):
        got = expect_scalar(got, what)
    else:
        got = expect_array(got, what, like=expected)
    assert_close(got, expected, what, rtol=rtol, atol=atol * scale)


@pytest.mark.parametrize("function", [
    pytest.param(name, marks=graded(1, name, "hidden"), id=name) for name in INPUTS
])
@given(data=st.data())
def test_matches_reference(student, reference, function, data):
    """The result agrees with the reference solution, and the inputs are left unchanged."""
    kwargs = data.draw(INPUTS[function], label="inputs")
    expected = getattr(reference, function)(**kwargs)
    result = assert_inputs_unchanged(getattr(student, function), **kwargs)
    if isinstance(expected, tuple):
        got = expect_tuple(result.value, 2, f"{function}()")
        compare(got[0], expected[0], f"{function}() value", function)
        compare(got[1], expected[1], f"{function}() gradient", function)
    else:
        compare(result.value, expected, f"{function}() result", function)
