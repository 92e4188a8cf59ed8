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
expected shape; Hypothesis then draws other inputs. A forward whose values are wrong is not
rejected: its cache may still be right, and the backward is checked against trusted
gradients anyway. Only when the forward works on
none of them does :func:`through` end the test with :class:`Untestable`: the grader reports
it with a status of its own, ``untestable`` (0 points, and the feedback says which function to
fix first; see :mod:`autograder.grading.feedback`). A forward that is not implemented yet makes
its backward's tests untestable at once.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np
from hypothesis import HealthCheck, reject, settings
from hypothesis.errors import FailedHealthCheck, Unsatisfiable

from autograder.checks.contracts import (
    assert_inputs_unchanged,
    forward_backward_outcomes,
    function_name,
)
from autograder.checks.strategies import fill
from autograder.sandbox.client import CallResult

REASON_CHARS = 300  # of what a needed function raised, quoted in the feedback
NOT_IMPLEMENTED = "it is not implemented yet (it raises NotImplementedError)"
_LAST_FAILURE: dict[str, str] = {}


class Untestable(AssertionError):
    """The graded function could not be tested: a function it needs fails on every input.

    ``needed`` maps each such function's name to why it failed (text that may quote what the
    student's code raised, so only visible tests show it: :meth:`hidden_message` names the
    functions only)."""

    def __init__(self, needed: dict[str, str]):
        self.needed = dict(needed)
        reasons = "; ".join(f"{name}(): {why[:REASON_CHARS]}"
                            for name, why in self.needed.items())
        super().__init__(f"{self.hidden_message()} For example, {reasons}")

    def _names(self) -> str:
        return " and ".join(f"{name}()" for name in self.needed)

    def _lead(self) -> str:
        if set(self.needed.values()) == {NOT_IMPLEMENTED}:  # grader-made: hidden tests say it
            return (f"Could not be tested: this test needs {self._names()}, which is not "
                    f"implemented yet")
        return (f"Could not be tested: this test needs {self._names()}, which did not work on "
                f"any input drawn for it")

    def _advice(self) -> str:
        return (f"This is not a failure of the function graded here, but it earns no points "
                f"until {self._names()} works: fix {self._names()} first (its own tests say "
                f"what is wrong).")

    def hidden_message(self) -> str:
        return f"{self._lead()}. {self._advice()}"




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
    if isinstance(result, NotImplementedError):  # a stub: nothing to test through yet
        raise Untestable({name: NOT_IMPLEMENTED}) from None
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
            raise Untestable(_LAST_FAILURE) from None
    return run


def assert_leaves_inputs(student: Any, function: str, kwargs: dict, seed: int,
                         forward: str | None = None,
                         shape: tuple[int, ...] | None = None) -> None:
    """The student's ``function`` leaves its arguments unchanged: called on ``kwargs``, or,
    for a backward pass, on ``(dout, cache)`` from its ``forward`` called on ``kwargs``
    (:func:`working_forward`; decorate the test with :func:`through`), ``dout`` filled from
    ``seed`` with the shape of the forward's output. Give that ``shape`` when the test knows
    it: a forward that returns another shape then is not used, so that a correct backward
    is not called with a ``dout`` it cannot fit."""
    if forward is None:
        assert_inputs_unchanged(getattr(student, function), **kwargs)
        return
    out, cache = working_forward(getattr(student, forward), kwargs, shape)
    assert_inputs_unchanged(getattr(student, function), fill(np.shape(out), seed), cache)
