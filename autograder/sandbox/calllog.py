"""The calls a test made into the submission, as they were sent: the exact failing call.

A test may transform its drawn inputs before it calls the student (prepend extreme values,
copy, reshape), so Hypothesis's "falsifying example" is not always what the function
received. The :class:`~autograder.sandbox.client.Sandbox` records each call here, with a
copy of its arguments taken before they were sent; feedback prints the last one (and the
calls that made the handles it passes back, such as a forward pass's ``cache``) as Python
a student can paste (:mod:`autograder.grading.failing_call`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy as np

from autograder.sandbox.codec import IMMUTABLE_SCALARS, Handle

MAX_CALLS = 64  # a test's calls kept (the oldest are forgotten first)


@dataclass
class LoggedCall:
    """``module.function(*args, **kwargs)`` as sent; ``value`` is what it returned (None until
    it returns), ``raised`` the type of the exception it raised, if any."""

    module: str
    function: str
    args: tuple
    kwargs: dict
    value: Any = None
    raised: str | None = None

    def feed_in(self, args: tuple, kwargs: dict, keys: Iterable[int | str]) -> None:
        """Log copies of the arguments ``keys`` (positions or keywords) of ``args`` and
        ``kwargs`` instead of those sent: a chain's step gets them from the step before."""
        positional = list(self.args)
        for key in keys:
            if type(key) is str:
                self.kwargs[key] = _copied(kwargs[key])
            else:
                positional[key] = _copied(args[key])
        self.args = tuple(positional)


def entry(module: str, function: str, args: tuple, kwargs: dict) -> LoggedCall:
    """A call as it is sent: a copy of its arguments, which the call may change."""
    return LoggedCall(module, function, _copied(args), _copied(kwargs))


class CallLog:
    """The most recent calls of one test, oldest first, and the call a failure of the test
    is about (:meth:`last`)."""

    def __init__(self) -> None:
        self.calls: list[LoggedCall] = []
        self.focused: LoggedCall | None = None

    def record(self, module: str, function: str, args: tuple, kwargs: dict) -> LoggedCall:
        """Log a call about to be sent."""
        return self.add(entry(module, function, args, kwargs))

    def add(self, logged: LoggedCall) -> LoggedCall:
        """Log a call whose :func:`entry` was taken when it was sent (several calls of one
        request are logged once their replies say how far they got)."""
        self.calls.append(logged)
        del self.calls[:-MAX_CALLS]
        self.focused = None
        return logged

    def focus(self, entry: LoggedCall) -> None:
        """Make ``entry`` the call :meth:`last` reports, until the next call: a test that
        made several calls in one request and checks their results in order has reached
        it, so a failure now is about it, as in a loop of single calls."""
        self.focused = entry

    def clear(self) -> None:
        self.calls.clear()
        self.focused = None

    def last(self) -> LoggedCall | None:
        """The call a failure now is about: the focused one while it is still kept, else
        the latest."""
        if self.focused is not None and any(call is self.focused for call in self.calls):
            return self.focused
        return self.calls[-1] if self.calls else None

    def producer(self, handle: Handle, before: LoggedCall) -> tuple[LoggedCall, tuple] | None:
        """The latest call before ``before`` whose value holds ``handle``, and where in that
        value it is (a path of indices and keys), or None."""
        index = next(i for i, call in enumerate(self.calls) if call is before)
        for call in reversed(self.calls[:index]):
            for path, found in handles_in(call.value):
                if found == handle:
                    return call, path
        return None


_IMMUTABLE = IMMUTABLE_SCALARS | {Handle}


def _copied(value: Any) -> Any:
    """A deep copy of plain data as tests send it (arrays, containers, scalars), faster than
    ``copy.deepcopy`` on these; anything else is deep-copied."""
    kind = type(value)
    if kind is np.ndarray:
        return value.copy()
    if kind in _IMMUTABLE or isinstance(value, np.generic):
        return value
    if kind is tuple:
        return tuple(_copied(item) for item in value)
    if kind is list:
        return [_copied(item) for item in value]
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is np.random.Generator and type(value.bit_generator) is np.random.PCG64:
        twin = np.random.Generator(np.random.PCG64(0))  # a seed: no read of OS entropy
        twin.bit_generator.state = value.bit_generator.state
        return twin
    return copy.deepcopy(value)


def handles_in(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Handle]]:
    """Every handle inside a decoded value, with its path."""
    if isinstance(value, Handle):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from handles_in(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from handles_in(item, path + (key,))
