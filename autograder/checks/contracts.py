"""Numeric contracts for graded tests, each raising AssertionError with a readable message.

They accept a student function proxied into the sandbox (whose calls report mutated
arguments and numpy warnings from inside the worker) or any plain Python callable (checked
in-process, as the harness's own tests do).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autograder.sandbox.client import CallResult, StudentFunction, call_in_process


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


def forward_backward(forward: Callable, backward: Callable, kwargs: dict,
                     dout: Any) -> tuple[CallResult, CallResult]:
    """``out, cache = forward(**kwargs)``, then ``backward(dout, cache)``, each with its
    report; one request when both are functions of the same student module (the cache
    stays in the sandbox). Raises what either raises, and AssertionError when the forward
    does not return a pair."""
    if (isinstance(forward, StudentFunction) and isinstance(backward, StudentFunction)
            and forward.module is backward.module):
        module = forward.module
        first, second = module.sandbox.pipeline(module, forward.__name__, kwargs,
                                                backward.__name__, dout)
        if isinstance(first, BaseException):
            raise first
        expect_tuple(first.value, 2, f"{function_name(forward)}()")
        if isinstance(second, BaseException):
            raise second
        return first, second
    first = call_with_report(forward, **kwargs)
    _, cache = expect_tuple(first.value, 2, f"{function_name(forward)}()")
    return first, call_with_report(backward, dout, cache)


def function_name(fn: Callable) -> str:
    return getattr(fn, "__name__", "the function")


def assert_inputs_unchanged(fn: Callable, *args: Any, **kwargs: Any) -> CallResult:
    """``fn`` must not modify any of its arguments in place; returns the call's result."""
    return assert_unchanged(fn, call_with_report(fn, *args, **kwargs))


def assert_unchanged(fn: Callable, result: CallResult) -> CallResult:
    """The call of ``fn`` that gave ``result`` must not have modified its arguments."""
    if result.mutated:
        names = ", ".join(result.mutated)
        raise AssertionError(
            f"{function_name(fn)}() modified its input {names} in place; it must return new arrays "
            f"and leave its arguments unchanged"
        )
    return result


def assert_no_warnings(fn: Callable, *args: Any, **kwargs: Any) -> CallResult:
    """``fn`` must not emit numpy floating-point warnings (overflow, invalid, divide)."""
    result = call_with_report(fn, *args, **kwargs)
    if result.warnings:
        raise AssertionError(
            f"{function_name(fn)}() emitted warnings: {'; '.join(result.warnings[:3])} "
            f"(compute it in a numerically stable way)"
        )
    return result


def expect_tuple(value: Any, length: int, what: str) -> tuple:
    """``value`` must be a tuple (or list) of ``length`` items, e.g. ``(out, cache)``."""
    if not isinstance(value, (tuple, list)) or len(value) != length:
        got = f"{len(value)} items" if isinstance(value, (tuple, list)) else type(value).__name__
        raise AssertionError(f"{what} should return a tuple of {length} values, got {got}")
    return tuple(value)


def expect_array(value: Any, what: str, like: np.ndarray | None = None,
                 shape: tuple[int, ...] | None = None, finite: bool = True) -> np.ndarray:
    """``value`` must be an exact float64 ndarray (of ``like``'s or the given shape), finite."""
    if type(value) is not np.ndarray:
        raise AssertionError(f"{what} should be a numpy array, got {type(value).__name__}")
    if value.dtype != np.float64:
        raise AssertionError(f"{what} should have dtype float64, got {value.dtype}")
    shape = like.shape if like is not None else shape
    if shape is not None and value.shape != shape:
        raise AssertionError(f"{what} should have shape {shape}, got {value.shape}")
    if finite and not np.all(np.isfinite(value)):
        bad = np.argwhere(~np.isfinite(value))[0]
        raise AssertionError(f"{what} contains {value[tuple(bad)]} at index {tuple(bad)}")
    return value


def expect_scalar(value: Any, what: str) -> float:
    """``value`` must be a finite real number (a Python or numpy float, or a 0-d array)."""
    if type(value) is np.ndarray and value.shape == ():
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (float, int, np.floating,
                                                                      np.integer)):
        raise AssertionError(f"{what} should be a number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise AssertionError(f"{what} should be finite, got {value}")
    return float(value)


def assert_close(got: Any, expected: Any, what: str, rtol: float = 1e-7,
                 atol: float = 1e-10) -> None:
    """``got`` must equal ``expected`` within ``|got - expected| <= atol + rtol |expected|``."""
    got_array, expected_array = np.asarray(got, dtype=np.float64), np.asarray(expected)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{what} has shape {got_array.shape}, expected "
                             f"{expected_array.shape}")
    excess = np.abs(got_array - expected_array) - (atol + rtol * np.abs(expected_array))
    if excess.size and not np.all(excess <= 0):
        worst = np.unravel_index(np.nanargmax(np.where(np.isnan(excess), np.inf, excess)),
                                 excess.shape)
        where = f" at index {tuple(int(i) for i in worst)}" if got_array.ndim else ""
        raise AssertionError(
            f"{what} is wrong{where}: got {float(got_array[worst]):.10g}, expected "
            f"{float(expected_array[worst]):.10g}"
        )
