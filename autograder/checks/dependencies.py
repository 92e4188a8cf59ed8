"""Grade one function at a time when its test needs another of the student's functions.

A backward pass can only be called with the cache of the student's own forward pass (the
cache's layout is the student's choice). A correct backward must not lose its points to a
broken forward, so a backward test draws its inputs among those on which the forward works::

    @graded(points=2, function="conv_backward")
    @through
    @given(problem=conv_problems(), seed=SEEDS)
    def test_conv_backward(student, problem, seed):
        out, cache = working_forward(student.conv_forward, problem, shape=out_shape(problem))
        ...

:func:`working_forward` rejects (as a Hypothesis example) every input on which the forward
raises or returns something other than ``(out, cache)`` with ``out`` a float64 array of the
expected shape; Hypothesis then draws other inputs (a forward that raises
``NotImplementedError`` is a stub: that error ends the test). A forward whose values are wrong is not
rejected: its cache may still be right, and the backward is checked against trusted
gradients anyway. Only when the forward works on
none of them does :func:`through` fail the test, saying that it could not be tested and why.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np
from hypothesis import HealthCheck, reject, settings
from hypothesis.errors import FailedHealthCheck, Unsatisfiable

from autograder.checks.contracts import forward_backward_outcomes, function_name
from autograder.sandbox.client import CallResult


class Untestable(AssertionError):
    """The graded function could not be tested: a function it needs fails on every input."""


_LAST_FAILURE: dict[str, str] = {}


def working_forward(forward: Callable, kwargs: dict, shape: tuple[int, ...] | None = None
                    ) -> tuple[Any, Any]:
    """``(out, cache)`` of ``forward(**kwargs)`` when it works on these inputs (no exception,
    a pair, ``out`` a float64 array of ``shape`` when given), else the Hypothesis example is
    rejected."""
    try:
        result = forward(**kwargs)
    except Exception as exc:  # a student's error (StudentError), or a plain callable's
        result = exc
    return _working(function_name(forward), result, shape)


def working_forward_backward(forward: Callable, backward: Callable, kwargs: dict, dout: Any,
                             shape: tuple[int, ...] | None = None
                             ) -> tuple[CallResult, CallResult]:
    """``forward(**kwargs)`` as :func:`working_forward` takes it, then
    ``backward(dout, cache)``: their reports, in one request to the sandbox for a student's
    pair (:func:`~autograder.checks.contracts.forward_backward_outcomes`). Raises what the
    backward raised."""
    first, second = forward_backward_outcomes(forward, backward, kwargs, dout)
    _working(function_name(forward), first.value if isinstance(first, CallResult) else first,
             shape)
    if isinstance(second, BaseException):
        raise second
    return first, second


def _working(name: str, result: Any, shape: tuple[int, ...] | None) -> tuple[Any, Any]:
    """``(out, cache)`` when the forward's ``result`` (a value, or the exception it raised)
    is usable; else the example is rejected, and why is kept for :func:`through`."""
    if isinstance(result, NotImplementedError):
        raise result  # a stub: the feedback says it is not implemented yet
    if isinstance(result, Exception):
        _LAST_FAILURE[name] = f"it raised {result}"
        reject()
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        _LAST_FAILURE[name] = "it did not return a pair (out, cache)"
        reject()
    out = result[0]
    if shape is not None and not (type(out) is np.ndarray and out.shape == tuple(shape)
                                  and out.dtype == np.float64):
        got = f"shape {out.shape}" if type(out) is np.ndarray else type(out).__name__
        _LAST_FAILURE[name] = f"its output should be a float64 array of shape {shape}, got {got}"
        reject()
    return out, result[1]


def through(test: Callable) -> Callable:
    """Decorate a ``@given`` test whose inputs come from :func:`working_forward`: when none
    of the drawn inputs could be used, the test fails with :class:`Untestable`, naming the
    function that fails and how. Many rejected inputs are expected here, not a health
    problem of the strategy."""
    current = settings.default  # the grading profile, loaded before test modules import
    test = settings(current, suppress_health_check=(*current.suppress_health_check,
                                                    HealthCheck.filter_too_much))(test)

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        _LAST_FAILURE.clear()
        try:
            return test(*args, **kwargs)
        except (Unsatisfiable, FailedHealthCheck):
            if not _LAST_FAILURE:
                raise
            names = " and ".join(f"{name}()" for name in _LAST_FAILURE)
            reasons = "; ".join(f"{name}(): {why}" for name, why in _LAST_FAILURE.items())
            raise Untestable(
                f"could not be tested because {names} fails on every input drawn for this "
                f"test (e.g. {reasons}); fix it first, its own tests say what is "
                f"wrong") from None
    return run
