"""Trusted functions that graded tests hand to student code, e.g. the ``f`` of
``numerical_gradient(f, x)`` or the ``grad_fn`` of ``newton_step``.

A lambda cannot cross into the sandbox (only plain data does), and the worker must never run
grader-supplied code it did not already have. A probe is therefore a *factory of this module*
named by its function name, plus plain-data arguments: the codec carries ``(name, args)`` and
the worker rebuilds the function with the same factory. In the test's own process a probe is
an ordinary callable, so the same test also runs in-process.

To add one, decorate a factory ``name(*args) -> function`` with :func:`probe`; its arguments
must be plain data (arrays, numbers, tuples) and passed positionally.

What the student's code receives is :class:`Opaque`: a callable with no name, arguments,
closure or wrapped function to read (its only attribute is ``__call__``), so that a
submission cannot recognise ``quadratic`` and return its closed form instead of computing.
Tests draw the probes' parameters with Hypothesis, so no closed form per probe exists either.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import numpy as np

FACTORIES: dict[str, Callable[..., Callable]] = {}


class Probe:
    """A function built by a registered factory from plain-data ``args``."""

    def __init__(self, name: str, args: tuple, fn: Callable):
        self.name = name
        self.args = args
        self._fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<probe {self.name}>"


def probe(factory: Callable[..., Callable]) -> Callable[..., Probe]:
    """Register ``factory``; calling the result builds a :class:`Probe`."""
    FACTORIES[factory.__name__] = factory

    @functools.wraps(factory)
    def build(*args: Any) -> Probe:
        return Probe(factory.__name__, args, factory(*args))

    return build


class Opaque:
    """A probe as the worker hands it to student code: callable, and nothing else. The
    function lives in a table of this module, not on the object."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _HIDDEN[id(self)](*args, **kwargs)

    def __repr__(self) -> str:
        return "<function>"

    def __reduce__(self):
        raise TypeError("a probe cannot be copied")


_HIDDEN: dict[int, Callable] = {}


def rebuild(name: str, args: tuple) -> Opaque:
    """The probe ``name(*args)``, as received over the wire, made opaque."""
    if type(name) is not str or name not in FACTORIES:
        raise ValueError(f"unknown probe {name!r}")
    fn = FACTORIES[name](*args)
    opaque = Opaque()
    _HIDDEN[id(opaque)] = fn
    return opaque


@probe
def quadratic(A: np.ndarray, b: np.ndarray, c: float = 0.0) -> Callable:
    """f(x) = 0.5 v^T A v + b^T v + c with v = x.ravel(); A (D, D), b (D,). Returns a float.

    Its gradient is 0.5 (A + A^T) v + b (reshaped like x), its Hessian 0.5 (A + A^T).
    """
    A, b = np.array(A, dtype=np.float64), np.array(b, dtype=np.float64)

    def f(x: np.ndarray) -> float:
        v = np.ravel(np.asarray(x, dtype=np.float64))
        return float(0.5 * v @ A @ v + b @ v + c)

    return f


@probe
def affine_map(M: np.ndarray, v: np.ndarray) -> Callable:
    """x -> M @ x + v, for x of shape (D,); M (K, D), v (K,). E.g. the gradient of a
    quadratic."""
    M, v = np.array(M, dtype=np.float64), np.array(v, dtype=np.float64)
    return lambda x: M @ np.asarray(x, dtype=np.float64) + v


@probe
def constant(value: np.ndarray) -> Callable:
    """x -> a fresh copy of ``value`` (e.g. the Hessian of a quadratic), whatever x is."""
    value = np.array(value, dtype=np.float64)
    return lambda x: value.copy()


@probe
def sin_sum(weights: np.ndarray) -> Callable:
    """f(x) = sum(weights * sin(x)), x shaped like weights. Returns a float; its gradient is
    weights * cos(x)."""
    weights = np.array(weights, dtype=np.float64)
    return lambda x: float(np.sum(weights * np.sin(np.asarray(x, dtype=np.float64))))
