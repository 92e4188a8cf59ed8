"""Numeric contracts for graded tests, each raising a
:class:`~autograder.checks.failures.CheckFailure` (an AssertionError) with a readable message.

They accept a student function proxied into the sandbox (whose calls report mutated
arguments and numpy warnings from inside the worker) or any plain Python callable (checked
in-process, as the harness's own tests do).
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterator

import numpy as np

from autograder.checks.failures import CheckFailure, Comparison
from autograder.sandbox.chaining import chained
from autograder.sandbox.client import CallResult, StudentFunction, call_in_process
from autograder.sandbox.codec import Handle


def call_with_report(fn: Callable, *args: Any, **kwargs: Any) -> CallResult:
    """Call ``fn`` and report which arguments it modified and which warnings it emitted."""
    if isinstance(fn, StudentFunction):
        return fn.call(*args, **kwargs)
    return call_in_process(fn, *args, **kwargs)


def call_each(fn: Callable, items: list[tuple[tuple, dict]]) -> list[CallResult]:
    """``call_with_report(fn, *args, **kwargs)`` for each ``(args, kwargs)`` of ``items``,
    for inputs known up front: a student function gets them all in one request to the
    sandbox. Every item is called; the first that raised then raises."""
    if isinstance(fn, StudentFunction):
        results = fn.map(items)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return results
    return [call_in_process(fn, *args, **kwargs) for args, kwargs in items]


Outcome = CallResult | Exception  # a call's result, or what it raised


def value_of(outcome: Outcome) -> Any:
    """The value of one call of a batch (:func:`values_in_order`, :func:`chain_outcomes`),
    or what it raised, raised. The call becomes the one feedback shows as the failing call
    (as if it had been made last), so that a test checking a batch's results in order
    fails as a loop of single calls would, naming the same call."""
    entry = getattr(outcome, "log_entry", None)
    if entry is not None:
        log, logged = entry
        log.focus(logged)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome.value


def results_in_order(fn: Callable, items: list[tuple[tuple, dict]]) -> Iterator[CallResult]:
    """The reports (value, mutated arguments, warnings) of ``fn(*args, **kwargs)`` for each
    ``(args, kwargs)`` of ``items``, for inputs known up front: a student function gets all
    the calls in one request to the sandbox; a plain callable is called as the iteration
    goes. Each is taken as :func:`value_of` takes a value: a call that raised raises only
    when the iteration reaches it, after the results before it were checked, and the call
    reached is the one feedback shows as failing."""
    if isinstance(fn, StudentFunction):
        return map(_taken, fn.map(items))  # the request now, not at the first result
    return (call_in_process(fn, *args, **kwargs) for args, kwargs in items)


def _taken(outcome: Outcome) -> CallResult:
    value_of(outcome)
    return outcome


def values_in_order(fn: Callable, items: list[tuple[tuple, dict]]) -> Iterator[Any]:
    """The values of :func:`results_in_order`: a student function gets all the calls in one
    request; a call that raised raises when the iteration reaches it."""
    return (result.value for result in results_in_order(fn, items))


def chain_outcomes(fn: Callable, items: list[tuple[tuple, dict]],
                   feed: dict[int | str, int | None]) -> list[Outcome]:
    """Call ``fn`` once per ``(args, kwargs)`` of ``items`` with a state carried from call
    to call: each call after the first gets as its argument ``key`` (a position or a
    keyword), for each ``key: index`` of ``feed``, item ``index`` of the previous call's
    value, or with ``index`` None the previous call's argument ``key`` (a dict or a random
    generator) as that call left it. A student function gets the whole chain in one
    request to the sandbox (:meth:`~autograder.sandbox.client.Sandbox.chain`). The outcomes
    end at the first call that raised (its exception last) or whose value does not hold the
    items to feed (that call's result last), so that a test taking them in order with
    :func:`value_of` fails where a loop of single calls would."""
    if isinstance(fn, StudentFunction):
        return fn.chain(items, feed)

    def call(args: tuple, kwargs: dict) -> tuple[Outcome, Any, bool]:
        try:
            result = call_in_process(fn, *args, **kwargs)
        except Exception as exc:
            return exc, None, False
        return result, result.value, True
    return list(chained(items, feed, call, copy.deepcopy))


def forward_backward_outcomes(forward: Callable, backward: Callable, kwargs: dict,
                              dout: Any) -> tuple[Outcome, Outcome | None]:
    """``out, cache = forward(**kwargs)``, then ``backward(dout, cache)``, each with its
    report or the exception it raised, in one request when both are functions of the same
    student module (the cache stays in the sandbox). The backward's outcome is None when
    the forward raised; it is not meaningful when the forward did not return a pair."""
    if (isinstance(forward, StudentFunction) and isinstance(backward, StudentFunction)
            and forward.module is backward.module):
        module = forward.module
        return module.sandbox.pipeline(module, forward.__name__, kwargs, backward.__name__,
                                       dout)
    try:
        first = call_with_report(forward, **kwargs)
    except Exception as exc:
        return exc, None
    if not isinstance(first.value, (tuple, list)) or len(first.value) != 2:
        return first, None
    try:
        return first, call_with_report(backward, dout, first.value[1])
    except Exception as exc:
        return first, exc


def forward_backward(forward: Callable, backward: Callable, kwargs: dict,
                     dout: Any) -> tuple[CallResult, CallResult]:
    """:func:`forward_backward_outcomes`, raising what either call raised, and a
    :class:`CheckFailure` when the forward does not return a pair."""
    first, second = forward_backward_outcomes(forward, backward, kwargs, dout)
    if isinstance(first, BaseException):
        raise first
    expect_tuple(first.value, 2, f"{function_name(forward)}()")
    if isinstance(second, BaseException):
        raise second
    return first, second


def function_name(fn: Callable) -> str:
    """The name feedback uses for ``fn`` (a student's function through the sandbox keeps
    its own name)."""
    return getattr(fn, "__name__", "the function")


def assert_inputs_unchanged(fn: Callable, *args: Any, **kwargs: Any) -> CallResult:
    """``fn`` must not modify any of its arguments in place; returns the call's result."""
    return assert_unchanged(fn, call_with_report(fn, *args, **kwargs), kwargs)


def assert_unchanged(fn: Callable, result: CallResult, kwargs: dict) -> CallResult:
    """The call of ``fn`` (with keyword arguments ``kwargs``) that gave ``result`` must not
    have modified its arguments."""
    if result.mutated:
        names = ", ".join(result.mutated)
        rule = "it must return new arrays and leave its arguments unchanged"
        # a positional argument is named by the submission's own signature: a hidden test
        # names only the keywords the test itself passed
        known = [name for name in result.mutated if name in kwargs]
        hidden = (f"{function_name(fn)}() modified its input {', '.join(known)} in place"
                  if len(known) == len(result.mutated) else
                  f"{function_name(fn)}() modified one of its input arrays in place")
        raise CheckFailure(f"{function_name(fn)}() modified its input {names} in place; {rule}",
                           kind="mutation", hidden_message=f"{hidden}; {rule}")
    return result


def assert_no_warnings(fn: Callable, *args: Any, **kwargs: Any) -> CallResult:
    """``fn`` must not emit numpy floating-point warnings (overflow, invalid, divide)."""
    result = call_with_report(fn, *args, **kwargs)
    if result.warnings:
        advice = "(compute it in a numerically stable way)"
        raise CheckFailure(
            f"{function_name(fn)}() emitted warnings: {'; '.join(result.warnings[:3])} {advice}",
            kind="warning",
            hidden_message=f"{function_name(fn)}() emitted warnings {advice}")
    return result


def type_name(value: Any) -> str:
    """What ``value`` is, for messages: a value the sandbox kept (a :class:`Handle`) is named
    by what it is in the worker (``numpy.matrix``, ``numpy array of dtype complex128``)."""
    return value.type_name if isinstance(value, Handle) else type(value).__name__


def expect_tuple(value: Any, length: int, what: str) -> tuple:
    """``value`` must be a tuple (or list) of ``length`` items, e.g. ``(out, cache)``."""
    if not isinstance(value, (tuple, list)) or len(value) != length:
        got = f"{len(value)} items" if isinstance(value, (tuple, list)) else type_name(value)
        message = f"{what} should return a tuple of {length} values, got {got}"
        raise CheckFailure(message, kind="structure", hidden_message=message)
    return tuple(value)


def expect_array(value: Any, what: str, like: np.ndarray | None = None,
                 shape: tuple[int, ...] | None = None, finite: bool = True) -> np.ndarray:
    """``value`` must be an exact float64 ndarray (of ``like``'s or the given shape), finite."""
    if type(value) is not np.ndarray:
        _fail(f"{what} should be a numpy array, got {type_name(value)}", "type")
    if value.dtype != np.float64:
        _fail(f"{what} should have dtype float64, got {value.dtype}", "dtype")
    shape = like.shape if like is not None else shape
    if shape is not None and value.shape != shape:
        _fail(f"{what} should have shape {shape}, got {value.shape}", "shape",
              Comparison(what, value, np.empty(shape)))
    if finite and not np.all(np.isfinite(value)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
        _fail(f"{what} contains {value[bad]} at index {bad}", "nonfinite")
    return value


def _fail(message: str, kind: str, comparison: Comparison | None = None) -> None:
    """A failure whose grader-made message carries no reference value (shown by hidden tests
    too)."""
    raise CheckFailure(message, kind=kind, hidden_message=message, comparison=comparison)


def expect_scalar(value: Any, what: str) -> float:
    """``value`` must be a finite real number (a Python or numpy float, or a 0-d array)."""
    if type(value) is np.ndarray and value.shape == ():
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (float, int, np.floating,
                                                                      np.integer)):
        _fail(f"{what} should be a number, got {type_name(value)}", "type")
    if not np.isfinite(value):
        _fail(f"{what} should be finite, got {value}", "nonfinite")
    return float(value)


def assert_close(got: Any, expected: Any, what: str, rtol: float = 1e-7,
                 atol: float = 1e-10) -> None:
    """``got`` must equal ``expected`` within ``|got - expected| <= atol + rtol |expected|``."""
    got_array, expected_array = np.asarray(got, dtype=np.float64), np.asarray(expected)
    if got_array.shape != expected_array.shape:
        _fail(f"{what} has shape {got_array.shape}, expected {expected_array.shape}", "shape",
              Comparison(what, got_array, expected_array))
    excess = np.abs(got_array - expected_array) - (atol + rtol * np.abs(expected_array))
    if excess.size and not np.all(excess <= 0):
        worst = np.unravel_index(np.nanargmax(np.where(np.isnan(excess), np.inf, excess)),
                                 excess.shape)
        where = f" at index {tuple(int(i) for i in worst)}" if got_array.ndim else ""
        raise CheckFailure(
            f"{what} is wrong{where}: got {float(got_array[worst]):.10g}, expected "
            f"{float(expected_array[worst]):.10g}",
            comparison=Comparison(what, got_array, expected_array.astype(np.float64)))
