"""A running digest of the values a submission's functions return during one graded test.

Grading is derandomized, so every submission's functions are called on the same inputs, in
the same order, for as long as they return the same values. Two submissions whose digests of
a failing test are equal returned bit-for-bit the same values (and raised at the same calls)
all through that test: the behavioural half of ``autograder similarity``.

The digest is made in the grader from the decoded plain data, never from text the student's
code printed or wrote into an exception message: each value is fed to the hash as a
self-delimiting token stream (a type tag and a length before every item, an array's dtype
and shape before its raw bytes, a float as its exact ``repr``), directly, without encoding it
again for the wire. It is 64 bits of BLAKE2b as 16 hex digits: short enough for a gradebook
column, and a chance collision between two different runs of values is negligible (about 1
in 10^19 per pair). Digests compare between gradings by the same autograder version.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable

import numpy as np

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
        _feed(self._hash.update, value)
        if value is not None:
            self._values += 1

    def add_raised(self) -> None:
        self._hash.update(_RAISED)

    def hexdigest(self) -> str | None:
        """The digest, or None when no call returned anything but None: a stub that raises
        ``NotImplementedError`` or returns nothing has no output to compare."""
        return self._hash.hexdigest() if self._values else None


_SCALARS = {type(None): b"N", bool: b"B", int: b"I", float: b"F", str: b"S"}


def _token(update: Callable[[bytes], None], tag: bytes, payload: bytes) -> None:
    update(tag + len(payload).to_bytes(8, "little") + payload)


def _feed(update: Callable[[bytes], None], value: Any) -> None:
    """Feed ``value`` (plain data as the codec decodes it) to ``update`` as tokens. A
    handle counts by its type name only: its number counts the objects the worker kept
    before, which is not part of what the function returned."""
    kind = type(value)
    if kind is np.ndarray:
        _token(update, b"A", f"{value.dtype.str}{value.shape}".encode())
        if value.size:  # (a view with a zero in its shape cannot be cast to bytes)
            update(memoryview(np.ascontiguousarray(value)).cast("B"))
    elif kind in _SCALARS:
        _token(update, _SCALARS[kind], (value if kind is str else repr(value)).encode())
    elif kind in (tuple, list, dict):
        _token(update, {tuple: b"T", list: b"L", dict: b"D"}[kind], str(len(value)).encode())
        for item in (value.items() if kind is dict else value):
            if kind is dict:
                _token(update, b"K", item[0].encode())
                item = item[1]
            _feed(update, item)
    elif kind is codec.Handle:
        _token(update, b"H", value.type_name.encode())
    elif isinstance(value, np.generic):
        _token(update, b"G", value.dtype.str.encode() + value.tobytes())
    else:  # a random generator: its state
        _token(update, b"R", repr(getattr(getattr(value, "bit_generator", None), "state",
                                          kind.__name__)).encode())
