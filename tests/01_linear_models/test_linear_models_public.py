"""Public graded tests for 01_linear_models: released to students with the assignment."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    affine_map,
    assert_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    check_gradient,
    constant,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    unchanged_params,
    values_in_order,
)

LAMBDAS = st.floats(1e-3, 1e2)
BETAS = st.floats(1e-2, 1e2)  # noise precisions


# --- inputs --------------------------------------------------------------------------------


def orthonormal(rng, n, m):
    """An (n, m) matrix with orthonormal columns (n >= m)."""
    q, _ = np.linalg.qr(rng.standard_normal((n, m)))
    return q


def design(seed, n, singular_values):
    """An (n, d) design matrix with the given d singular values (n >= d) and random
    singular vectors: its condition number is max / min of them."""
    rng = np.random.default_rng(seed)
    d = len(singular_values)
    return (orthonormal(rng, n, d) * singular_values) @ orthonormal(rng, d, d).T


@st.composite
def problems(draw, min_n=1):
    """``(X, y, w)``: any X of shape (N, D) (N < D allowed), targets (N,), weights (D,)."""
    n, d, seed = draw(st.integers(min_n, 8)), draw(st.integers(1, 5)), draw(SEEDS)
    return fill((n, d), seed), fill((n,), seed + 1), fill((d,), seed + 2)


@st.composite
def well_posed(draw, min_n=1):
    """``(X, y)`` with N >= D and the singular values of X in [1, 3] (condition number <= 3):
    the least-squares minimiser is unique and computed to full precision."""
    d, seed = draw(st.integers(1, 5)), draw(SEEDS)
    n = draw(st.integers(max(d, min_n), 8))
    s = np.random.default_rng(seed).uniform(1.0, 3.0, d)
    return design(seed, n, s), fill((n,), seed + 1)


def true_least_squares_loss(w, X, y):
    residual = X @ w - y
    return residual @ residual / (2 * len(y))


def true_gaussian_nll(w, beta, X, y):
    residual = y - X @ w
    n = len(y)
    return 0.5 * beta * residual @ residual - 0.5 * n * np.log(beta) + 0.5 * n * np.log(2 * np.pi)


def true_bce(z, y):
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def stable_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))  # accurate for every z, no overflow


def loss_and_grad(fn, *args, like, what):
    """Call ``fn`` and check it returns ``(float, float64 array shaped like like)``."""
    value, grad = expect_tuple(fn(*args), 2, f"{fn.__name__}()")
    return expect_scalar(value, f"the {what}"), expect_array(grad, "the gradient", like=like)


def weights(fn, *args, d):
    return expect_array(fn(*args), f"{fn.__name__}() result", shape=(d,))


def assert_normal_equation(w, X, y, what):
    """X^T (X w - y) = 0 up to float64 round-off, relative to the sizes of its terms."""
    gradient = X.T @ (X @ w - y)
    norm_x = np.linalg.norm(X, 2)
    scale = norm_x * (norm_x * np.linalg.norm(w) + np.linalg.norm(y))
    size = np.linalg.norm(gradient)
    assert size <= 1e-10 * scale + 1e-300, (
        f"{what} does not minimise ||Xw - y||^2: the gradient X^T (Xw - y) at the returned w "
        f"has norm {size:.3g}, expected ~0 (round-off allows {1e-10 * scale:.1g})")


# --- least_squares_loss --------------------------------------------------------------------


@graded(points=2, function="least_squares_loss")
@given(problem=problems())
def test_least_squares_loss_value(student, problem):
    """least_squares_loss is 1 / (2N) * ||Xw - y||^2 (with the 1/2 and averaged over N)."""
    X, y, w = problem
    loss, _ = loss_and_grad(student.least_squares_loss, w, X, y, like=w, what="loss")
    assert_close(loss, true_least_squares_loss(w, X, y), "the loss 1/(2N) ||Xw - y||^2",
                 rtol=1e-9, atol=1e-12)


@graded(points=3, function="least_squares_loss")
@given(problem=problems())
def test_least_squares_loss_gradcheck(student, problem):
    """dw is the gradient of 1 / (2N) * ||Xw - y||^2 with respect to w, X^T (Xw - y) / N."""
    X, y, w = problem
    _, dw = loss_and_grad(student.least_squares_loss, w, X, y, like=w, what="loss")
    check_gradient(lambda v: true_least_squares_loss(v, X, y), w, dw, name="dw")


# --- fit_least_squares ---------------------------------------------------------------------


@graded(points=3, function="fit_least_squares")
@given(problem=problems())
def test_fit_least_squares_zero_gradient(student, problem):
    """The gradient of the least-squares loss at fit_least_squares(X, y) is zero (the normal
    equation X^T X w = X^T y holds), for any X, including N < D."""
    X, y, _ = problem
    w = weights(student.fit_least_squares, X, y, d=X.shape[1])
    assert_normal_equation(w, X, y, "fit_least_squares")


@graded(points=2, function="fit_least_squares")
@given(d=st.integers(2, 5), extra=st.integers(0, 4), seed=SEEDS)
def test_fit_least_squares_ill_conditioned(student, d, extra, seed):
    """fit_least_squares stays accurate when cond(X) = 1e8: with y = X w_true it recovers
    w_true to 1e-5 relative error. A stable solver (lstsq / SVD / QR) errs by about
    cond(X) * 1e-16 = 1e-8; forming X^T X (explicit inverse or solving the normal equation)
    squares the condition number to 1e16 and loses every digit."""
    X = design(seed, d + extra, np.geomspace(3.0, 3e-8, d))
    w_true = fill((d,), seed + 1, min_magnitude=0.5)
    y = X @ w_true
    w = weights(student.fit_least_squares, X, y, d=d)
    error = np.linalg.norm(w - w_true) / np.linalg.norm(w_true)
    assert error <= 1e-5, (
        f"fit_least_squares on X with condition number 1e8 and y = X w_true: expected "
        f"w_true = {w_true}, got {w} (relative error {error:.2g} > 1e-5). Do not form "
        f"X^T X or its inverse: use np.linalg.lstsq or an SVD of X")


@graded(points=2, function="fit_least_squares")
@given(problem=well_posed(), copies=st.lists(st.integers(0, 4), min_size=1, max_size=2),
       seed=SEEDS)
def test_fit_least_squares_duplicated_columns(student, problem, copies, seed):
    """With duplicated columns X^T X is singular and the minimiser is not unique:
    fit_least_squares returns the minimum-norm solution, which shares a feature's weight
    equally between its copies (the pseudo-inverse solution X^+ y)."""
    A, y = problem
    d = A.shape[1]
    copies = [c % d for c in copies]
    order = np.random.default_rng(seed).permutation(d + len(copies))
    X = np.concatenate([A, A[:, copies]], axis=1)[:, order]
    # the unique solution for A, each weight split equally among the copies of its column
    w_a = np.linalg.lstsq(A, y, rcond=None)[0]
    source = np.concatenate([np.arange(d), copies])[order]
    expected = w_a[source] / np.bincount(source, minlength=d)[source]
    w = weights(student.fit_least_squares, X, y, d=X.shape[1])
    assert_normal_equation(w, X, y, "fit_least_squares with duplicated columns")
    assert_close(w, expected, f"the minimum-norm w when X has duplicated columns (X's "
                 f"columns are the columns {source.tolist()} of a full-rank A)",
                 rtol=1e-8, atol=1e-10 * np.linalg.norm(expected))


# --- fit_ridge -----------------------------------------------------------------------------


@graded(points=3, function="fit_ridge")
@given(problem=problems(min_n=2), lam=LAMBDAS)
def test_fit_ridge_zero_gradient(student, problem, lam):
    """The gradient of 1 / (2N) ||Xw - y||^2 + lam / 2 ||w||^2, X^T (Xw - y) / N + lam w, is
    zero at fit_ridge(X, y, lam)."""
    X, y, _ = problem
    n = len(y)
    w = weights(student.fit_ridge, X, y, lam, d=X.shape[1])
    gradient = X.T @ (X @ w - y) / n + lam * w
    norm_x = np.linalg.norm(X, 2)
    scale = (norm_x**2 / n + lam) * np.linalg.norm(w) + norm_x * np.linalg.norm(y) / n
    size = np.linalg.norm(gradient)
    assert size <= 1e-10 * scale + 1e-300, (
        f"fit_ridge(X, y, lam={lam}) does not minimise 1/(2N) ||Xw - y||^2 + lam/2 ||w||^2: "
        f"the gradient X^T (Xw - y) / N + lam w has norm {size:.3g} at the returned w, expected "
        f"~0 (the data term is divided by N, the penalty is not)")


@graded(points=2, function="fit_ridge", requires="test_fit_ridge_zero_gradient")
@given(problem=well_posed(), base=st.floats(1e-4, 1e-2))
def test_fit_ridge_shrinks_with_lambda(student, problem, base):
    """||fit_ridge(X, y, lam)|| decreases as lam grows (lam = base * 4^j, j = 0..7), and
    obeys ||w|| <= ||X^T y|| / (N lam) (it goes to 0 as lam -> infinity)."""
    X, y = problem
    n = len(y)
    lams = base * 4.0 ** np.arange(8)
    values = values_in_order(student.fit_ridge, [((X, y, float(lam)), {}) for lam in lams])
    norms = [np.linalg.norm(expect_array(value, "fit_ridge() result", shape=(X.shape[1],)))
             for value in values]
    for j in range(1, len(lams)):
        assert norms[j] <= norms[j - 1] * (1 + 1e-9), (
            f"||w|| should shrink as lam grows: ||w|| = {norms[j - 1]:.10g} at lam = "
            f"{lams[j - 1]:.4g} but {norms[j]:.10g} at lam = {lams[j]:.4g}")
    bound = np.linalg.norm(X.T @ y) / (n * lams[-1])
    assert norms[-1] <= bound * (1 + 1e-9), (
        f"at lam = {lams[-1]:.4g}, ||w|| = {norms[-1]:.6g} exceeds ||X^T y|| / (N lam) = "
        f"{bound:.6g}, an upper bound for the minimiser of 1/(2N) ||Xw - y||^2 + lam/2 ||w||^2")


# --- gaussian_nll --------------------------------------------------------------------------


@graded(points=2, function="gaussian_nll")
@given(problem=problems(), beta=BETAS)
def test_gaussian_nll_value(student, problem, beta):
    """gaussian_nll is -sum_i log N(y_i | w^T x_i, 1/beta)
    = beta/2 sum_i (y_i - w^T x_i)^2 - N/2 log(beta) + N/2 log(2 pi) (a sum, precision beta)."""
    X, y, w = problem
    nll = expect_scalar(student.gaussian_nll(w, beta, X, y), "gaussian_nll()")
    residual = y - X @ w
    scale = 0.5 * beta * residual @ residual + 0.5 * len(y) * (abs(np.log(beta)) + 2)
    assert_close(nll, true_gaussian_nll(w, beta, X, y),
                 f"gaussian_nll with beta={beta} (N={len(y)})", rtol=0, atol=1e-10 * scale)


@graded(points=3, function="gaussian_nll")
@given(problem=well_posed(), beta=BETAS, seed=SEEDS)
def test_gaussian_nll_minimised_by_least_squares(student, problem, beta, seed):
    """For any beta, the w minimising gaussian_nll is the least-squares solution w_ls
    (maximum likelihood = least squares): nll(w_ls + d) - nll(w_ls) = beta/2 ||X d||^2 > 0
    for every d."""
    X, y = problem
    d = X.shape[1]
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    steps = [fill((d,), seed + k, low=-1, high=1, min_magnitude=0.1) for k in range(3)]
    values = values_in_order(student.gaussian_nll, [((w, beta, X, y), {}) for w in
                                                    [w_ls] + [w_ls + step for step in steps]])
    at_minimum = expect_scalar(next(values), "gaussian_nll()")
    for step, value in zip(steps, values):
        moved = expect_scalar(value, "gaussian_nll()")
        expected = 0.5 * beta * np.sum((X @ step) ** 2)
        assert_close(moved - at_minimum, expected,
                     f"nll(w_ls + d) - nll(w_ls) with beta={beta} (w_ls the least-squares "
                     f"solution, d = {step})", rtol=1e-6,
                     atol=1e-10 * (abs(moved) + abs(at_minimum)))


@graded(points=1, function="gaussian_nll")
@given(problem=problems(), factor=st.sampled_from([0.25, 0.5, 2.0, 4.0]))
def test_gaussian_nll_best_precision(student, problem, factor):
    """For a fixed w, gaussian_nll is minimised over beta at beta* = N / sum_i r_i^2
    (r = y - Xw): nll(c beta*) - nll(beta*) = N/2 (c - 1 - log c). This needs the
    log-normaliser -N/2 log(beta)."""
    X, y, w = problem
    n, rss = len(y), np.sum((y - X @ w) ** 2)
    assume(rss > 1e-6)
    best = n / rss
    at_best = expect_scalar(student.gaussian_nll(w, best, X, y), "gaussian_nll()")
    moved = expect_scalar(student.gaussian_nll(w, factor * best, X, y), "gaussian_nll()")
    assert_close(moved - at_best, 0.5 * n * (factor - 1 - np.log(factor)),
                 f"nll(w, {factor} beta*) - nll(w, beta*) with beta* = N / RSS = {best:.6g}",
                 rtol=1e-6, atol=1e-9 * (abs(moved) + abs(at_best)))


# --- binary_cross_entropy ------------------------------------------------------------------


@st.composite
def binary_problems(draw, low=-10.0, high=10.0):
    """``(logits, y)``: logits of shape (N,) in [low, high), float64 labels 0.0 / 1.0."""
    n, seed = draw(st.integers(1, 8)), draw(SEEDS)
    y = np.random.default_rng(seed).integers(0, 2, n).astype(np.float64)
    return fill((n,), seed + 1, low, high), y


@graded(points=2, function="binary_cross_entropy")
@given(problem=binary_problems())
def test_bce_value_nonnegative(student, problem):
    """binary_cross_entropy is mean_i -[y_i log p_i + (1 - y_i) log(1 - p_i)] with
    p = sigmoid(logits), and is >= 0."""
    z, y = problem
    loss, _ = loss_and_grad(student.binary_cross_entropy, z, y, like=z, what="loss")
    assert loss >= 0, f"binary cross-entropy should be >= 0, got {loss}"
    assert_close(loss, true_bce(z, y), "binary cross-entropy", rtol=1e-9, atol=1e-14)


@graded(points=2, function="binary_cross_entropy", contract="finite at extreme inputs",
        rules="finite")
@given(problem=binary_problems(low=-1e4, high=1e4))
def test_bce_extreme_logits(student, problem):
    """binary_cross_entropy is exact, finite and warning-free for logits up to |z| = 1e4
    (where sigmoid(z) rounds to 0 or 1): e.g. a logit of -1e4 with label 1 costs 1e4 / N."""
    z, y = problem
    z = np.concatenate([[1e4, -1e4, 1e4, -1e4], z])
    y = np.concatenate([[0.0, 0.0, 1.0, 1.0], y])
    result = assert_no_warnings(student.binary_cross_entropy, z, y)
    loss, dz = expect_tuple(result.value, 2, "binary_cross_entropy()")
    loss = expect_scalar(loss, "the loss at logits of 1e4")
    dz = expect_array(dz, "the gradient at logits of 1e4", like=z)
    assert_close(loss, true_bce(z, y), "binary cross-entropy at logits of +-1e4", rtol=1e-9)
    assert_close(dz, (stable_sigmoid(z) - y) / len(z), "dlogits at logits of +-1e4",
                 rtol=1e-9, atol=1e-15)


@graded(points=3, function="binary_cross_entropy")
@given(problem=binary_problems())
def test_bce_gradcheck(student, problem):
    """dlogits is the gradient of the binary cross-entropy, (sigmoid(logits) - y) / N."""
    z, y = problem
    _, dz = loss_and_grad(student.binary_cross_entropy, z, y, like=z, what="loss")
    check_gradient(lambda v: true_bce(v, y), z, dz, name="dlogits")


# --- l1_penalty and l2_penalty -------------------------------------------------------------


@st.composite
def weights_with_zeros(draw):
    """Weights of any shape, |w| >= 0.01, with some entries exactly 0."""
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple))
    seed = draw(SEEDS)
    w = fill(shape, seed, min_magnitude=0.01)
    w[np.random.default_rng(seed + 1).random(shape) < 0.3] = 0.0
    return w


@graded(points=2, function="l1_penalty")
@given(w=weights_with_zeros(), lam=LAMBDAS)
def test_l1_penalty_value_and_subgradient(student, w, lam):
    """l1_penalty returns lam * sum |w| and the subgradient lam * sign(w), which is 0 where
    w == 0."""
    value, grad = loss_and_grad(student.l1_penalty, w, lam, like=w, what="penalty")
    assert_close(value, lam * np.sum(np.abs(w)), f"lam * sum |w| with lam={lam}", rtol=1e-12)
    if np.any(grad[w == 0] != 0):
        index = tuple(int(i) for i in np.argwhere((w == 0) & (grad != 0))[0])
        raise AssertionError(f"the L1 subgradient must be 0 where w == 0, got {grad[index]} "
                             f"at index {index}")
    assert_close(grad, lam * np.sign(w), f"the subgradient lam * sign(w) with lam={lam}",
                 rtol=1e-12)


@graded(points=2, function="l2_penalty")
@given(w=weights_with_zeros(), lam=LAMBDAS)
def test_l2_penalty_value_and_gradient(student, w, lam):
    """l2_penalty returns lam / 2 * sum w^2 (the penalty of fit_ridge) and its gradient
    lam * w."""
    value, grad = loss_and_grad(student.l2_penalty, w, lam, like=w, what="penalty")
    assert_close(value, 0.5 * lam * np.sum(w * w), f"lam/2 * sum w^2 with lam={lam}",
                 rtol=1e-12)
    check_gradient(lambda v: 0.5 * lam * np.sum(v * v), w, grad, name="grad")


# --- newton_step ---------------------------------------------------------------------------


@graded(points=3, function="newton_step")
@given(problem=well_posed(), seed=SEEDS)
def test_newton_step_solves_least_squares(student, problem, seed):
    """On the least-squares loss (gradient H w - X^T y / N, constant Hessian H = X^T X / N),
    one Newton step from any start lands on the least-squares solution."""
    X, y = problem
    n, d = X.shape
    hessian = X.T @ X / n
    grad_fn, hess_fn = affine_map(hessian, -X.T @ y / n), constant(hessian)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    for k in range(2):
        start = fill((d,), seed + k, low=-10, high=10)
        w = weights(student.newton_step, start, grad_fn, hess_fn, d=d)
        assert_close(w, w_ls, f"one Newton step from w = {start} on the least-squares loss "
                     f"(expected the least-squares solution)", rtol=1e-9,
                     atol=1e-11 * np.linalg.norm(w_ls))


# --- kfold_indices -------------------------------------------------------------------------


def folds_of(student, n, k, seed):
    """``kfold_indices(n, k, default_rng(seed))`` as a list of k (train, val) integer arrays."""
    folds = student.kfold_indices(n, k, np.random.default_rng(seed))
    if not isinstance(folds, (list, tuple)) or len(folds) != k:
        got = f"{len(folds)} items" if isinstance(folds, (list, tuple)) else type(folds).__name__
        raise AssertionError(f"kfold_indices(n={n}, k={k}) should return a list of {k} "
                             f"(train_idx, val_idx) pairs, got {got}")
    checked = []
    for i, pair in enumerate(folds):
        pair = expect_tuple(pair, 2, f"fold {i} of kfold_indices()")
        for name, idx in zip(("train_idx", "val_idx"), pair):
            if type(idx) is not np.ndarray or idx.ndim != 1 or not np.issubdtype(idx.dtype,
                                                                                  np.integer):
                raise AssertionError(f"{name} of fold {i} should be a 1-d integer numpy array, "
                                     f"got {idx!r}")
        checked.append(pair)
    return checked


@st.composite
def n_and_k(draw, min_n=2, max_n=40, max_k=10):
    n = draw(st.integers(min_n, max_n))
    return n, draw(st.integers(2, min(n, max_k)))


@graded(points=3, function="kfold_indices")
@given(nk=n_and_k(), seed=SEEDS)
def test_kfold_partition(student, nk, seed):
    """The k validation folds are disjoint, cover 0..n-1, have sizes differing by at most 1,
    and each training set is the complement of its validation fold."""
    n, k = nk
    folds = folds_of(student, n, k, seed)
    owner = {}
    for i, (_, val) in enumerate(folds):
        for index in val.tolist():
            assert 0 <= index < n, f"fold {i} holds index {index}, outside 0..{n - 1}"
            assert index not in owner, (f"index {index} is in validation folds {owner[index]} "
                                        f"and {i}: folds must be disjoint")
            owner[index] = i
    missing = sorted(set(range(n)) - set(owner))
    assert not missing, f"indices {missing} are in no validation fold (n={n}, k={k})"
    sizes = [len(val) for _, val in folds]
    assert max(sizes) - min(sizes) <= 1, (
        f"validation fold sizes {sizes} differ by more than 1 (n={n}, k={k})")
    for i, (train, val) in enumerate(folds):
        expected = np.setdiff1d(np.arange(n), val)
        assert np.array_equal(np.sort(train), expected), (
            f"train_idx of fold {i} should be every index not in its val_idx, "
            f"{expected.tolist()}, got (sorted) {np.sort(train).tolist()}")


@graded(points=1, function="kfold_indices", rules="rng-only")
@given(nk=n_and_k(), seed=SEEDS)
def test_kfold_reproducible(student, nk, seed):
    """Two generators with the same seed give exactly the same folds (no np.random.*)."""
    n, k = nk
    first, second = folds_of(student, n, k, seed), folds_of(student, n, k, seed)
    for i, (a, b) in enumerate(zip(first, second)):
        for name, x, z in zip(("train_idx", "val_idx"), a, b):
            assert np.array_equal(x, z), (
                f"kfold_indices(n={n}, k={k}, np.random.default_rng({seed})) gave different "
                f"{name} for fold {i} on two calls: {x.tolist()} and {z.tolist()}; use only "
                f"the rng argument for randomness")


@graded(points=1, function="kfold_indices")
@given(nk=n_and_k(min_n=24), seed=st.integers(0, 2**32 - 2))
def test_kfold_shuffles(student, nk, seed):
    """Generators with different seeds give different folds: the indices are shuffled with
    rng. False-failure rate per example: two independent shuffles give the same ordered
    folds with probability prod_i(size_i!) / n!, at most 1 / comb(24, 12) = 3.7e-7 for
    n >= 24 (the worst case is k = 2 at n = 24)."""
    n, k = nk
    first, second = folds_of(student, n, k, seed), folds_of(student, n, k, seed + 1)
    same = all(np.array_equal(np.sort(a[1]), np.sort(b[1])) for a, b in zip(first, second))
    assert not same, (
        f"kfold_indices(n={n}, k={k}) gave the same validation folds for seeds {seed} and "
        f"{seed + 1}: shuffle the indices with rng (e.g. rng.permutation(n))")


# --- inputs left unchanged ----------------------------------------------------------------


def newton_inputs(problem):
    X, y = problem
    hessian = X.T @ X / len(X)
    return {"w": fill((X.shape[1],), len(X)), "grad_fn": affine_map(hessian, -X.T @ y / len(X)),
            "hess_fn": constant(hessian)}


# each function's inputs, and the test of its values that this contract test requires
UNCHANGED = {
    "least_squares_loss": ("test_least_squares_loss_value", problems().map(
        lambda p: {"w": p[2], "X": p[0], "y": p[1]})),
    "fit_least_squares": ("test_fit_least_squares_zero_gradient", problems().map(
        lambda p: {"X": p[0], "y": p[1]})),
    "fit_ridge": ("test_fit_ridge_zero_gradient", st.builds(
        lambda p, lam: {"X": p[0], "y": p[1], "lam": lam}, problems(min_n=2), LAMBDAS)),
    "gaussian_nll": ("test_gaussian_nll_value", st.builds(
        lambda p, beta: {"w": p[2], "beta": beta, "X": p[0], "y": p[1]}, problems(), BETAS)),
    "binary_cross_entropy": ("test_bce_value_nonnegative", binary_problems().map(
        lambda p: {"logits": p[0], "y": p[1]})),
    "l1_penalty": ("test_l1_penalty_value_and_subgradient", st.builds(
        lambda w, lam: {"w": w, "lam": lam}, weights_with_zeros(), LAMBDAS)),
    "l2_penalty": ("test_l2_penalty_value_and_gradient", st.builds(
        lambda w, lam: {"w": w, "lam": lam}, weights_with_zeros(), LAMBDAS)),
    "newton_step": ("test_newton_step_solves_least_squares", well_posed().map(newton_inputs)),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@given(data=st.data())
def test_inputs_unchanged(student, function, data):
    """The function leaves its array arguments unchanged (it returns new arrays)."""
    assert_inputs_unchanged(getattr(student, function),
                            **data.draw(UNCHANGED[function][1], label="inputs"))
