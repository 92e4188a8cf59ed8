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
from typing import Any, Iterator

import numpy as np

from autograder.sandbox.codec import Handle

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


class CallLog:
    """The most recent calls of one test, oldest first."""

    def __init__(self) -> None:
        self.calls: list[LoggedCall] = []

    def record(self, module: str, function: str, args: tuple, kwargs: dict) -> LoggedCall:
        entry = LoggedCall(module, function, _copied(args), _copied(kwargs))
        self.calls.append(entry)
        del self.calls[:-MAX_CALLS]
        return entry

    def clear(self) -> None:
        self.calls.clear()

    def last(self) -> LoggedCall | None:
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


_IMMUTABLE = frozenset({type(None), bool, int, float, str, Handle})


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
