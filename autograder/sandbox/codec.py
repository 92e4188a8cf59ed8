"""Plain-data wire format between the grader and the sandboxed worker.

Only plain data crosses the boundary, never a pickle:

* ``None``, ``bool``, ``int`` (64-bit), ``float``, ``str`` (exact types, no subclasses);
* exact ``np.ndarray`` and numpy scalars of a whitelisted native dtype, under a byte cap;
* ``tuple``, ``list`` and ``dict`` (``str`` keys) of these, nested at most ``MAX_DEPTH`` deep;
* :class:`Handle`: an opaque reference to an object that stays inside the worker;
* ``np.random.Generator`` over a PCG64 bit generator (``np.random.default_rng``), as its
  state;
* :class:`autograder.sandbox.probes.Probe`, grader to worker only: a trusted function, sent as its
  factory's name and arguments and rebuilt by the worker (a worker's probe stays behind a
  handle, and the grader refuses to decode one).

A frame on the pipe is ``<u32 header length><u64 data length><msgpack header><data>``. The
header is the message with every array replaced by a reference ``(dtype, shape, offset)``
into the data region, where the raw array bytes follow each other, 16-byte aligned. Arrays
are decoded as writable views of the data region, so an array is copied exactly once on each
side. The grader checks both lengths against caps before it allocates anything, and while
decoding it counts what it builds: a frame may decode into at most :data:`MAX_OBJECTS`
objects (an array, a handle or a generator counts as several, by its weight in memory: about
100 MiB of objects in all, besides the array data) and
its nested lists may copy at most :data:`MAX_HEADER_BYTES` more, so a header that is small on
the wire cannot make the grader build millions of objects (measured: a 16 MiB header of
empty dicts was 1.3 GiB of objects). The encoder refuses the same values, with a message
saying what was refused and why.
"""

from __future__ import annotations

import math
import os
import select
import struct
from dataclasses import dataclass
from typing import Any, Callable

import msgpack
import numpy as np

from autograder.sandbox import probes

MAX_DEPTH = 32
MAX_OBJECTS = 1_000_000
# what one extension counts as, in objects of ~80 bytes (measured: an array ~120 bytes, a
# handle with its 200-character type name ~350, a generator ~1,400)
EXT_WEIGHT, HANDLE_WEIGHT, GENERATOR_WEIGHT = 2, 5, 20
MAX_ARRAY_BYTES = 256 * 2**20
MAX_HEADER_BYTES = 16 * 2**20
MAX_DATA_BYTES = 1 * 2**30
_ALIGN = 16
_PREFIX = struct.Struct("<IQ")
_IOV_MAX = 512

_EXT_ARRAY = 1
_EXT_SCALAR = 2
_EXT_LIST = 3
_EXT_HANDLE = 4
_EXT_PROBE = 5
_EXT_GENERATOR = 6
_EXT_WEIGHTS = {_EXT_GENERATOR: GENERATOR_WEIGHT, _EXT_HANDLE: HANDLE_WEIGHT}

ALLOWED_DTYPES = frozenset(
    np.dtype(name)
    for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64",
    )
)
_NUMPY_SCALAR_TYPES = frozenset(dtype.type for dtype in ALLOWED_DTYPES)
IMMUTABLE_SCALARS = frozenset({type(None), bool, int, float, str})  # plain data never changed
_DTYPE_BY_STR = {dtype.str: dtype for dtype in ALLOWED_DTYPES if dtype.isnative}


class CodecError(ValueError):
    """A value or a frame that the wire format refuses to carry."""


class FrameTimeout(TimeoutError):
    """No complete frame arrived before the deadline."""


class PeerClosed(EOFError):
    """The other end closed its pipe (for the grader: the worker died)."""


@dataclass(frozen=True)
class Handle:
    """An object that stays in the worker, named by ``id``; ``type_name`` is for messages."""

    id: int
    type_name: str

    def __repr__(self) -> str:
        return f"<opaque {self.type_name} object in the sandbox>"


def is_plain_array(value: Any) -> bool:
    """True for an exact ``np.ndarray`` of a whitelisted, native-byte-order dtype."""
    return type(value) is np.ndarray and value.dtype in ALLOWED_DTYPES and value.dtype.isnative


class _Encoder:
    """Turns a value into (msgpack header, raw buffers).

    ``on_opaque(obj) -> Handle`` decides what happens to a value that is not plain data: the
    worker keeps it and sends a handle; the grader (``on_opaque=None``) refuses it.
    """

    def __init__(self, on_opaque: Callable[[Any], Handle] | None):
        self.on_opaque = on_opaque
        self.buffers: list[memoryview] = []
        self.offset = 0
        self.objects = 0

    def wire(self, value: Any, depth: int = 0) -> Any:
        # the commonest kinds first; each kind counts as the decoder will count it
        if depth > MAX_DEPTH:
            raise CodecError(f"value nested deeper than {MAX_DEPTH} levels")
        kind = type(value)
        if kind is float or kind is str or kind is bool or value is None:
            return value
        if kind is np.ndarray:
            self._count(EXT_WEIGHT)
            if is_plain_array(value):
                return _extension((_EXT_ARRAY, self._array_ref(value)))
        elif kind is tuple:
            self._count(len(value))
            return [self.wire(item, depth + 1) for item in value]
        elif kind is dict:
            self._count(2 * len(value))
            if all(type(key) is str for key in value):
                return {key: self.wire(item, depth + 1) for key, item in value.items()}
        elif kind is int:
            if not -(2**63) <= value < 2**64:
                raise CodecError("integer does not fit in 64 bits")
            return value
        elif kind is list:
            self._count(len(value) + EXT_WEIGHT)
            items = [self.wire(item, depth + 1) for item in value]
            return msgpack.ExtType(_EXT_LIST, msgpack.packb(items))
        elif kind in _NUMPY_SCALAR_TYPES:
            self._count(EXT_WEIGHT)
            return msgpack.ExtType(_EXT_SCALAR, self._array_ref(np.asarray(value)))
        elif kind is Handle:
            self._count(HANDLE_WEIGHT)
            return msgpack.ExtType(_EXT_HANDLE, msgpack.packb([value.id, value.type_name]))
        elif kind is np.random.Generator:
            self._count(GENERATOR_WEIGHT)
            if type(value.bit_generator) is np.random.PCG64:
                return msgpack.ExtType(_EXT_GENERATOR, msgpack.packb(_generator_state(value)))
        elif kind is probes.Probe:
            self._count(EXT_WEIGHT)
            if self.on_opaque is None:
                args = [self.wire(arg, depth + 1) for arg in value.args]
                return msgpack.ExtType(_EXT_PROBE, msgpack.packb([value.name, args]))
        if self.on_opaque is None:
            raise CodecError(f"{describe(value)} is not plain data and cannot cross the "
                             "sandbox")
        return self.wire(self.on_opaque(value), depth)

    def _count(self, objects: int) -> None:
        self.objects += objects
        if self.objects > MAX_OBJECTS:
            raise CodecError(f"a value made of more than {MAX_OBJECTS:,} objects (every item "
                             f"of a tuple, list or dict counts, an array {EXT_WEIGHT}): "
                             "numbers belong in a numpy array")

    def _array_ref(self, array: np.ndarray) -> bytes:
        # nbytes is shape x itemsize, known without touching the data: a broadcast view of
        # 10**12 elements is refused here before any copy is attempted.
        if array.nbytes > MAX_ARRAY_BYTES:
            raise CodecError(
                f"array of {array.nbytes} bytes exceeds the {MAX_ARRAY_BYTES}-byte limit"
            )
        ref = _pack_ref(array.dtype.str, array.shape, self.offset)
        nbytes = array.nbytes
        if nbytes:
            if not array.flags.c_contiguous:
                array = np.ascontiguousarray(array)
            self.buffers.append(memoryview(array).cast("B"))
            padded = -(-nbytes // _ALIGN) * _ALIGN
            if padded > nbytes:
                self.buffers.append(_PADDING[:padded - nbytes])
            self.offset += padded
            if self.offset > MAX_DATA_BYTES:
                raise CodecError(f"message exceeds the {MAX_DATA_BYTES}-byte limit")
        return ref


_PADDING = memoryview(bytes(_ALIGN))
_extension = msgpack.ExtType._make  # without ExtType's checks of our own constant code and bytes
_DIMS = [struct.Struct(f"<{ndim}Q") for ndim in range(65)]  # numpy allows 64 axes
_REF = struct.Struct("<QB")  # data offset, number of dimensions; then the dims, the dtype


def _pack_ref(dtype_str: str, shape: tuple[int, ...], offset: int) -> bytes:
    """An array reference: where its bytes are in the data region, its shape and dtype."""
    return _REF.pack(offset, len(shape)) + _DIMS[len(shape)].pack(*shape) + dtype_str.encode()


def _unpack_ref(ref: bytes) -> tuple[str, tuple[int, ...], int]:
    try:
        offset, ndim = _REF.unpack_from(ref)
        if ndim > 32:
            raise CodecError("array of more than 32 dimensions")
        shape = _DIMS[ndim].unpack_from(ref, _REF.size)
        return ref[_REF.size + 8 * ndim:].decode("ascii"), shape, offset
    except (struct.error, UnicodeDecodeError) as exc:
        raise CodecError(f"malformed array reference: {exc}") from None


def describe(value: Any) -> str:
    """What a value that is not plain data is, for messages (the worker names its handles
    with it): its type, and for a numpy array the dtype or subclass that keeps it from
    crossing the sandbox, e.g. ``numpy array of dtype complex128``, ``numpy.matrix``."""
    kind = type(value)
    module = kind.__module__ if isinstance(kind.__module__, str) else "?"
    name = kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
    if isinstance(value, np.ndarray):
        try:
            dtype = str(np.ndarray.__dict__["dtype"].__get__(value))  # not a subclass's
        except Exception:
            dtype = "?"
        if kind is np.ndarray:
            return f"numpy array of dtype {dtype}"[:200]
        name = f"{name} (a numpy array subclass, dtype {dtype})"
    return name[:200]


def _generator_state(rng: np.random.Generator) -> list:
    state = rng.bit_generator.state
    return [f"{state['state']['state']:x}", f"{state['state']['inc']:x}",
            int(state["has_uint32"]), int(state["uinteger"])]


def _generator(payload: list) -> np.random.Generator:
    try:
        state, inc, has_uint32, uinteger = payload
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = {
            "bit_generator": "PCG64", "state": {"state": int(state, 16), "inc": int(inc, 16)},
            "has_uint32": int(has_uint32), "uinteger": int(uinteger)}
        return rng
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"malformed generator state: {exc}") from None


def encode(value: Any, on_opaque: Callable[[Any], Handle] | None = None) -> list:
    """Encode ``value`` as the list of byte chunks of one frame (prefix, header, data...)."""
    encoder = _Encoder(on_opaque)
    header = msgpack.packb(encoder.wire(value))
    if len(header) > MAX_HEADER_BYTES:
        raise CodecError(f"message header exceeds the {MAX_HEADER_BYTES}-byte limit")
    return [_PREFIX.pack(len(header), encoder.offset), header, *encoder.buffers]


def decode(header: bytes, data, on_handle: Callable[[Handle], Any] | None = None,
           accept_probes: bool = False) -> Any:
    """Decode one frame's header and data region (a writable buffer, see :func:`read_frame`).

    ``on_handle`` maps a received :class:`Handle` to a value (the worker looks its object up);
    without it handles are returned as they are. Only the worker ``accept_probes``.
    """
    depth = 0
    objects, copied = MAX_OBJECTS, MAX_HEADER_BYTES

    def spend(amount: int) -> None:
        nonlocal objects
        objects -= amount
        if objects < 0:
            raise CodecError(f"message decodes into more than {MAX_OBJECTS:,} objects")

    def counted(container: Any) -> Any:  # msgpack calls this for each array and map built
        spend(len(container) * (2 if type(container) is dict else 1))
        return container

    def array_from(ref: bytes) -> np.ndarray:
        dtype_str, shape, offset = _unpack_ref(ref)
        dtype = _DTYPE_BY_STR.get(dtype_str)
        if dtype is None:
            raise CodecError(f"dtype {dtype_str!r} is not allowed")
        count = math.prod(shape)
        nbytes = count * dtype.itemsize
        if nbytes > MAX_ARRAY_BYTES or offset + nbytes > len(data):
            raise CodecError("array reference points outside the message")
        if count == 0:
            return np.empty(shape, dtype)
        return np.frombuffer(data, dtype, count, offset).reshape(shape)

    def ext_hook(code: int, payload: bytes) -> Any:
        nonlocal copied
        spend(_EXT_WEIGHTS.get(code, EXT_WEIGHT))
        if code == _EXT_ARRAY:
            return array_from(payload)
        if code == _EXT_SCALAR:
            return array_from(payload)[()]
        if code == _EXT_HANDLE:
            handle_id, type_name = msgpack.unpackb(payload)
            if type(handle_id) is not int or type(type_name) is not str:
                raise CodecError("malformed handle")
            handle = Handle(handle_id, type_name[:200])
            return on_handle(handle) if on_handle else handle
        if code == _EXT_GENERATOR:
            return _generator(msgpack.unpackb(payload))
        if code == _EXT_PROBE and accept_probes:
            name, args = _nested(payload)
            try:
                return probes.rebuild(name, args)
            except Exception as exc:
                raise CodecError(f"malformed probe: {exc}") from None
        if code == _EXT_LIST:
            copied -= len(payload)
            if copied < 0:
                raise CodecError(f"nested lists copy more than {MAX_HEADER_BYTES} bytes")
            return list(_nested(payload))
        raise CodecError(f"unknown extension type {code}")

    def _nested(payload: bytes) -> Any:
        nonlocal depth
        depth += 1
        try:
            if depth > MAX_DEPTH:
                raise CodecError(f"value nested deeper than {MAX_DEPTH} levels")
            return _unpack(payload)
        finally:
            depth -= 1

    def _unpack(raw: bytes) -> Any:
        return msgpack.unpackb(raw, ext_hook=ext_hook, use_list=False, strict_map_key=True,
                               list_hook=counted, object_hook=counted,
                               max_array_len=MAX_OBJECTS, max_map_len=MAX_OBJECTS)

    try:
        return _unpack(header)
    except CodecError:
        raise
    except Exception as exc:  # msgpack raises several types on malformed input
        raise CodecError(f"malformed message: {type(exc).__name__}: {exc}") from None


def through_the_wire(value: Any, on_opaque: Callable[[Any], Handle],
                     on_handle: Callable[[Handle], Any]) -> Any:
    """``value`` as it would come back after a trip to the other side and back: arrays
    copied (writable), non-plain objects kept behind handles and looked up again."""
    chunks = encode(value, on_opaque)
    data = np.empty(sum(len(memoryview(chunk).cast("B")) for chunk in chunks[2:]), np.uint8)
    offset = 0
    for chunk in chunks[2:]:
        view = memoryview(chunk).cast("B")
        data[offset:offset + len(view)] = view
        offset += len(view)
    return decode(bytes(chunks[1]), data, on_handle)


def write_frame(fd: int, chunks: list, time_left: Callable[[], float] | None = None) -> None:
    """Write the chunks of an encoded frame to ``fd`` (one ``writev`` when the pipe takes it).

    With ``time_left`` (seconds to wait before asking it again; 0 when time is up) the
    descriptor must be non-blocking; once time is up :class:`FrameTimeout` is raised (the
    reader stopped reading).
    """
    views = [memoryview(chunk).cast("B") for chunk in chunks]
    first = 0  # views before it are written (an index: a frame may hold a million arrays)
    while first < len(views):
        try:  # a pipe almost always has room: wait only when it has none
            written = os.writev(fd, views[first:first + _IOV_MAX])
        except BlockingIOError:  # only with time_left, on a non-blocking descriptor
            _wait(fd, time_left, for_write=True)
            continue
        while first < len(views) and written >= len(views[first]):
            written -= len(views[first])
            first += 1
        if written:
            views[first] = views[first][written:]


def read_frame(fd: int, time_left: Callable[[], float] | None = None
               ) -> tuple[bytes, np.ndarray]:
    """Read one frame from ``fd``; returns ``(header, data)`` for :func:`decode`.

    ``time_left`` as for :func:`write_frame` (the descriptor must then be non-blocking).
    Lengths are checked against the caps before the buffers are allocated.
    """
    if time_left is not None:  # the other side is still at work: no read that fails first
        _wait(fd, time_left, for_write=False)
    prefix = _read_exact(fd, bytearray(_PREFIX.size), time_left)
    header_len, data_len = _PREFIX.unpack(prefix)
    if header_len > MAX_HEADER_BYTES or data_len > MAX_DATA_BYTES:
        raise CodecError(f"frame of {header_len} + {data_len} bytes exceeds the limits")
    header = bytes(_read_exact(fd, bytearray(header_len), time_left))
    data = _read_exact(fd, np.empty(data_len, np.uint8), time_left)  # no zero-fill needed
    return header, data


def _read_exact(fd: int, buffer, time_left: Callable[[], float] | None):
    view = memoryview(buffer).cast("B")
    while view:
        try:
            got = os.readv(fd, [view])
        except BlockingIOError:  # only with time_left, on a non-blocking descriptor
            _wait(fd, time_left, for_write=False)
            continue
        if got == 0:
            raise PeerClosed()
        view = view[got:]
    return buffer


def _wait(fd: int, time_left: Callable[[], float], for_write: bool) -> None:
    fds = ([], [fd], []) if for_write else ([fd], [], [])
    while True:
        remaining = time_left()
        if remaining <= 0:
            raise FrameTimeout()
        if any(select.select(*fds, remaining)):
            return
