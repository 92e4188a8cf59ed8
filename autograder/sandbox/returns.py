"""A running digest of the values a submission's functions return during one graded test.

Grading is derandomized, so every submission's functions are called on the same inputs, in
the same order, for as long as they return the same values. Two submissions whose digests of
a failing test are equal returned bit-for-bit the same values (and raised at the same calls)
all through that test: the behavioural half of ``autograder similarity``.

The digest is made in the grader from the decoded plain data (re-encoded with
:func:`autograder.sandbox.codec.encode`, whose frames are self-delimiting), never from text the
student's code printed or wrote into an exception message. It is 64 bits of BLAKE2b as 16 hex
digits: short enough for a gradebook column, and a chance collision between two different
runs of values is negligible (about 1 in 10^19 per pair).
"""

from __future__ import annotations

import hashlib
from typing import Any

from autograder.sandbox import codec

_RAISED = b"\0raised\0"  # a call that raised: where, not what (its message is the student's)


class ReturnDigest:
    """Fed by :class:`autograder.sandbox.client.Sandbox` with every value a call returned;
    reset by the grading plugin before each test."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._hash = hashlib.blake2b(digest_size=8)
        self._values = 0

    def add(self, value: Any) -> None:
        for chunk in codec.encode(_without_handle_ids(value)):
            self._hash.update(chunk)
        if value is not None:
            self._values += 1

    def add_raised(self) -> None:
        self._hash.update(_RAISED)

    def hexdigest(self) -> str | None:
        """The digest, or None when no call returned anything but None: a stub that raises
        ``NotImplementedError`` or returns nothing has no output to compare."""
        return self._hash.hexdigest() if self._values else None


def _without_handle_ids(value: Any) -> Any:
    """``value`` with each object the worker kept (a handle) named by its type only: a
    handle's number counts the objects the worker kept before, which is not part of what
    the function returned."""
    if isinstance(value, codec.Handle):
        return f"\0handle\0{value.type_name}"
    if isinstance(value, tuple):
        return tuple(_without_handle_ids(item) for item in value)
    if isinstance(value, list):
        return [_without_handle_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_handle_ids(item) for key, item in value.items()}
    return value
