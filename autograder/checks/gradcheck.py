"""Gradient checks: an analytic gradient against central differences of the function.

``f`` is a scalar function of one tensor ``x`` (to check a layer's ``backward``, use
:func:`projected`, which turns ``forward`` into ``L(x) = sum(forward(x) * dout)``, whose
gradient is exactly what ``backward(dout, cache)`` returns). Each tensor of a multi-input
layer is checked on its own by fixing the others.

* **directional** (default, cheap): along a few random unit directions ``v``, compare
  ``(f(x + h v) - f(x - h v)) / 2h`` with ``<grad, v>``. The error is measured relative to
  ``max(|numeric|, |analytic|, ||grad||)``: the last term is a safe denominator that keeps
  round-off in a small directional derivative from failing a correct gradient, while a
  gradient scaled by 1.001 still errs by about 1e-3 / sqrt(x.size) >> ``rtol``.
* **full** (one pair of evaluations per entry, for small tensors): names the worst index.

Round-off: ``f`` is a sum whose terms have a total size ``scale`` (for a projected layer,
``sum |out * dout|``), and each evaluation errs by a few ulp of that, so the difference
quotient errs by about ``eps * scale / step`` however small the true derivative is (a bias
gradient that cancels over the batch, a vanishing gradient through time). That much,
``ROUNDOFF_ULPS * eps * scale / step`` (about 2e-8 ``scale`` at the default step), is
allowed on top of the relative tolerance; a wrong gradient errs by far more.

Kink guard: with ``kink_distance(x)``, the smallest change of any entry of ``x`` that could
reach a point where ``f`` is not differentiable, the step is shrunk so that ``x +- h v`` never
crosses a kink; an input too close to a kink is rejected as a Hypothesis example.
"""

from __future__ import annotations

import copy
import functools
from typing import Callable, Iterator

import numpy as np
from hypothesis import reject

from autograder.checks.contracts import call_each, expect_tuple, function_name, type_name
from autograder.checks.dependencies import working_forward_backward
from autograder.checks.failures import CheckFailure, Comparison
from autograder.sandbox.client import StudentFunction

DEFAULT_STEP = 1e-5
DEFAULT_RTOL = 1e-6
ROUNDOFF_ULPS = 1000


def projected(forward: Callable[[np.ndarray], np.ndarray], dout: np.ndarray) -> Callable:
    """``x -> sum(forward(x) * dout)``: its gradient is the backward pass applied to dout."""
    return lambda x: float(np.sum(np.asarray(forward(x), dtype=np.float64) * dout))


def away_from(*points: float) -> Callable[[np.ndarray], float]:
    """``kink_distance`` for element-wise functions with kinks at ``points`` (ReLU: 0)."""
    return lambda x: float(min(np.min(np.abs(x - p), initial=np.inf) for p in points))


def check_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, grad: object, *,
                   name: str = "x", mode: str = "directional", directions: int = 3,
                   step: float = DEFAULT_STEP, rtol: float = DEFAULT_RTOL, seed: int = 0,
                   kink_distance: Callable[[np.ndarray], float] | None = None,
                   scale: float | None = None,
                   f_many: Callable[[list[np.ndarray]], list[float]] | None = None) -> None:
    """Assert that ``grad`` is the gradient of the scalar function ``f`` at ``x``.

    Inputs:
    - f: function of an array shaped like x, returning a float.
    - f_many: ``f`` of many points at once (for a student's function, one request to the
      sandbox); the perturbed points are then all evaluated before they are compared.
    - x: float64 array, the point of evaluation.
    - grad: the analytic gradient to check, expected to be a float64 array of x's shape.
    - name: what to call the tensor in messages (e.g. "dx", "dalpha").
    - scale: total size of the terms f sums, for the round-off allowance (default |f(x)|).
    Raises AssertionError with both values and the relative error on a mismatch.
    """
    if type(grad) is not np.ndarray or grad.shape != x.shape:
        got = f"shape {grad.shape}" if type(grad) is np.ndarray else type_name(grad)
        message = f"{name} should be an array of shape {x.shape}, got {got}"
        raise CheckFailure(message, kind="shape", hidden_message=message)
    if not np.all(np.isfinite(grad)):
        raise CheckFailure(f"{name} contains nan or inf", kind="nonfinite",
                           hidden_message=f"{name} contains nan or inf")
    kinked = kink_distance is not None
    if kinked:
        step = min(step, 0.5 * kink_distance(x))
        if step < DEFAULT_STEP / 1000:
            reject()  # too close to a kink for a finite difference to mean anything
    if scale is None:
        scale = abs(f(x))
    noise = ROUNDOFF_ULPS * np.finfo(np.float64).eps * scale / step
    if mode == "full":
        _check_full(f, x, grad, name, step, rtol, noise, kinked, f_many)
    else:
        _check_directions(f, x, grad, name, step, rtol, noise, directions, seed, kinked,
                          f_many)


def _differences(f, points: list[np.ndarray], step: float, f_many) -> Iterator[float]:
    """Central differences ``(f(p+) - f(p-)) / 2 step`` over ``points = [p+, p-, ...]``,
    evaluated lazily one by one, or all at once with ``f_many``."""
    values = iter(f_many(points)) if f_many else (f(point) for point in points)
    for plus, minus in zip(values, values):
        yield (plus - minus) / (2 * step)


def _check_directions(f, x, grad, name, step, rtol, noise, directions, seed, kinked,
                      f_many) -> None:
    rng = np.random.default_rng(seed)
    floor = float(np.linalg.norm(grad))
    vs = []
    for _ in range(directions):
        v = rng.standard_normal(x.shape)
        vs.append(v / (np.linalg.norm(v) or 1.0))
    points = [point for v in vs for point in (x + step * v, x - step * v)]
    for k, (v, numeric) in enumerate(zip(vs, _differences(f, points, step, f_many))):
        analytic = float(np.sum(grad * v))
        beyond_noise = max(abs(numeric - analytic) - noise, 0.0)
        error = beyond_noise / max(abs(numeric), abs(analytic), floor, 1e-300)
        if error > rtol:
            raise CheckFailure(
                f"{name} does not match the numerical gradient: along random direction "
                f"{k + 1}, the directional derivative is {numeric:.10g} numerically and "
                f"{analytic:.10g} from {name} (relative error {error:.2e} > {rtol:.0e})",
                kind="gradient",
                comparison=lambda: _comparison(
                    name, grad, numerical_gradient(f, x, step, f_many), x, kinked))


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       step: float = DEFAULT_STEP, f_many=None) -> np.ndarray:
    """The central-difference gradient of ``f`` at ``x``, one pair of evaluations per entry
    (all at once with ``f_many``, as for :func:`check_gradient`)."""
    numeric = np.zeros_like(x, dtype=np.float64)
    points = []
    for index in np.ndindex(x.shape):
        e = np.zeros_like(x, dtype=np.float64)
        e[index] = step
        points += [x + e, x - e]
    for index, difference in zip(np.ndindex(x.shape), _differences(f, points, step, f_many)):
        numeric[index] = difference
    return numeric


def _comparison(name: str, grad: np.ndarray, numeric: np.ndarray, x: np.ndarray,
                kinked: bool) -> Comparison:
    """The gradients compared; ``x`` only for a function with kinks (an error on one side of
    0 means something only there)."""
    return Comparison(name, grad, numeric, got_label=f"{name} (yours)",
                      expected_label="numerical", x=x if kinked else None)


def _check_full(f, x, grad, name, step, rtol, noise, kinked, f_many) -> None:
    numeric = numerical_gradient(f, x, step, f_many)
    floor = 1e-8 * max(1.0, float(np.max(np.abs(grad), initial=0.0)))
    beyond_noise = np.maximum(np.abs(numeric - grad) - noise, 0.0)
    error = beyond_noise / np.maximum(np.maximum(np.abs(numeric), np.abs(grad)), floor)
    if error.size and error.max() > rtol:
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(error), error.shape))
        raise CheckFailure(
            f"{name} does not match the numerical gradient: worst at index {worst}, "
            f"numerical {numeric[worst]:.10g} vs {name} {grad[worst]:.10g} "
            f"(relative error {error[worst]:.2e} > {rtol:.0e})",
            kind="gradient", comparison=_comparison(name, grad, numeric, x, kinked))


def check_backward(forward: Callable, backward: Callable, inputs: dict[str, object],
                   wrt: tuple[str, ...], dout: np.ndarray, *,
                   truth: Callable | None = None,
                   kink_distance: dict[str, Callable[[np.ndarray], float]] | None = None,
                   **options: object) -> None:
    """Check a CS231n layer: ``backward(dout, cache)`` against numerical gradients.

    ``forward(**inputs)`` returns ``(out, cache)``; ``backward(dout, cache)`` returns the
    gradients of the tensors named in ``wrt``, in that order (one array, or a tuple of them).
    The numerical gradients are those of ``truth(**inputs) -> out``, a trusted closed form of
    the layer, when given (so that a wrong forward with a matching wrong backward earns
    nothing), else of ``forward`` itself. The cache comes from the student's forward on
    inputs where it works (:func:`~autograder.checks.dependencies.working_forward`, with
    the shape of ``truth``'s output): decorate the test with ``@through(forward name)``.
    Each tensor is checked on its own with
    :func:`check_gradient`, the other inputs fixed. Student functions get copies of the
    inputs and of ``dout``: changing them in place is reported by the tests of that
    (``assert_inputs_unchanged``), not as a wrong gradient at a moved point.
    """
    evaluate = truth or (lambda **kwargs: forward(**kwargs)[0])
    shape = np.shape(truth(**copy.deepcopy(inputs))) if truth is not None else None
    grads = working_forward_backward(forward, backward, copy.deepcopy(inputs), dout.copy(),
                                     shape)[1].value
    if len(wrt) == 1:
        grads = (grads,)
    else:
        grads = expect_tuple(grads, len(wrt), f"{function_name(backward)}()")

    def output(**kwargs: object) -> np.ndarray:
        # on copies: a forward that wrongly changes its inputs must not move the point
        return np.asarray(evaluate(**copy.deepcopy(kwargs)), dtype=np.float64)

    def outputs(name: str, values: list[np.ndarray]) -> list[float]:
        # the student's forward at every point of a check, in one request to the sandbox
        calls = [((), {**inputs, name: value}) for value in values]
        return [float(np.sum(np.asarray(result.value[0], dtype=np.float64) * dout))
                for result in call_each(forward, calls)]

    batched = truth is None and isinstance(forward, StudentFunction)
    scale = float(np.sum(np.abs(output(**inputs) * dout)))
    for name, grad in zip(wrt, grads):
        f = projected(lambda value, name=name: output(**{**inputs, name: value}), dout)
        distance = (kink_distance or {}).get(name)
        check_gradient(f, inputs[name], grad, name=f"d{name}", kink_distance=distance,
                       scale=scale, f_many=functools.partial(outputs, name) if batched else None,
                       **options)
