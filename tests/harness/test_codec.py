"""The wire format carries plain data only, and refuses everything else before allocating."""

import os
import re
import tracemalloc

import msgpack
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.sandbox import codec, probes


def roundtrip(value, keep=None):
    read_fd, write_fd = os.pipe()
    try:
        codec.write_frame(write_fd, codec.encode(value, keep))
        return codec.decode(*codec.read_frame(read_fd))
    finally:
        os.close(read_fd)
        os.close(write_fd)


PLAIN_DTYPES = st.sampled_from(sorted(codec.ALLOWED_DTYPES, key=str))
ARRAYS = PLAIN_DTYPES.flatmap(
    lambda dtype: hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0,
                                                     max_side=4)))
LEAVES = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats() | st.text()
VALUES = st.recursive(LEAVES | ARRAYS, lambda inner: st.lists(inner, max_size=3)
                      | st.lists(inner, max_size=3).map(tuple)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


def same(a, b):
    if isinstance(a, np.ndarray):
        return (type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    return type(a) is type(b) and a == b


@given(VALUES)
def test_plain_data_roundtrips_exactly(value):
    assert same(value, roundtrip(value))


def test_numpy_scalars_and_handles_roundtrip():
    out = roundtrip((np.float64(1.5), np.int32(-3), codec.Handle(7, "dict")))
    assert type(out[0]) is np.float64 and out[0] == 1.5
    assert type(out[1]) is np.int32 and out[1] == -3
    assert out[2] == codec.Handle(7, "dict")


def test_generators_cross_with_their_state():
    rng = np.random.default_rng(11)
    rng.standard_normal(3)
    copy = roundtrip({"rng": rng})["rng"]
    assert copy is not rng and copy.standard_normal() == rng.standard_normal()


def test_probes_are_rebuilt_only_where_accepted():
    f = probes.sin_sum(np.array([2.0, 3.0]))
    read_fd, write_fd = os.pipe()
    try:
        codec.write_frame(write_fd, codec.encode(f))
        frame = codec.read_frame(read_fd)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    rebuilt = codec.decode(*frame, accept_probes=True)
    x = np.array([0.3, -1.2])
    assert rebuilt is not f and rebuilt(x) == f(x)
    with pytest.raises(codec.CodecError, match="unknown extension"):
        codec.decode(*frame)  # the grader never takes a function from the worker


def test_unregistered_probes_are_refused():
    impostor = probes.Probe("system", ("rm -rf /",), print)
    read_fd, write_fd = os.pipe()
    try:
        codec.write_frame(write_fd, codec.encode(impostor))
        with pytest.raises(codec.CodecError, match="unknown probe"):
            codec.decode(*codec.read_frame(read_fd), accept_probes=True)
    finally:
        os.close(read_fd)
        os.close(write_fd)


def test_decoded_arrays_are_writable():
    assert roundtrip(np.arange(3.0)).flags.writeable


class Sub(np.ndarray):
    pass


class ArrayLike:
    def __array__(self, dtype=None, copy=None):
        return np.zeros(3)


@pytest.mark.parametrize("value", [
    np.zeros(3).view(Sub), ArrayLike(), np.array([object()]), np.zeros(2, dtype=">f8"),
    np.zeros(2, dtype=np.complex128), b"bytes", {1: "int key"}, 2**64, set(),
    np.zeros(2, dtype=[("a", "f8")]),
])
def test_non_plain_values_are_refused(value):
    with pytest.raises(codec.CodecError):
        codec.encode(value)


def test_non_plain_values_become_handles_when_asked():
    kept = []

    def keep(obj):
        kept.append(obj)
        return codec.Handle(len(kept), type(obj).__name__)

    out = roundtrip((np.zeros(2), ArrayLike()), keep)
    assert isinstance(out[1], codec.Handle) and out[1].type_name == "ArrayLike"


def test_huge_broadcast_view_is_refused_without_copying():
    view = np.broadcast_to(np.zeros(1), (10**6, 10**6))  # 8 TB if it were copied
    with pytest.raises(codec.CodecError, match="exceeds"):
        codec.encode(view)


def test_nesting_depth_is_capped():
    value = []
    for _ in range(codec.MAX_DEPTH + 2):
        value = [value]
    with pytest.raises(codec.CodecError, match="nested"):
        codec.encode(value)


def frame(header_obj, data=b""):
    header = msgpack.packb(header_obj)
    return header, bytearray(data)


@pytest.mark.parametrize("ref", [
    codec._pack_ref("|O", (1,), 0),              # object dtype
    codec._pack_ref("<f8", (10**6,), 0),         # points past the data
    codec._pack_ref("<f8", (2**40, 2**40), 0),   # a huge shape
    codec._pack_ref("<f8", (1,), 2**63),         # an offset past the data
    codec._pack_ref("<c16", (1,), 0),            # complex is not whitelisted
    codec._pack_ref("<f8", (1,) * 40, 0),        # too many dimensions
    b"garbage",
    b"\x00" * 9 + b"\xff",                       # truncated dimensions
])
def test_malformed_array_references_are_refused(ref):
    header = msgpack.ExtType(1, ref)
    with pytest.raises(codec.CodecError):
        codec.decode(*frame(header, bytes(16)))


def test_oversized_frame_is_refused_before_allocation():
    read_fd, write_fd = os.pipe()
    os.write(write_fd, codec._PREFIX.pack(10, codec.MAX_DATA_BYTES + 1))
    with pytest.raises(codec.CodecError, match="exceeds"):
        codec.read_frame(read_fd)
    os.close(read_fd)
    os.close(write_fd)


def test_truncated_frame_reports_closed_peer():
    read_fd, write_fd = os.pipe()
    chunks = codec.encode(np.arange(100.0))
    os.write(write_fd, b"".join(bytes(c) for c in chunks)[:50])
    os.close(write_fd)
    with pytest.raises(codec.PeerClosed):
        codec.read_frame(read_fd)
    os.close(read_fd)


def _frame(header_object):
    """A forged frame's header and (empty) data region, as a hostile worker may send."""
    return msgpack.packb(header_object), np.empty(0, np.uint8)


def _nested_lists(levels, leaf):
    for _ in range(levels):
        leaf = msgpack.ExtType(codec._EXT_LIST, msgpack.packb([leaf]))
    return leaf


FORGED = {
    # 16 M objects from a 16 MiB header, in one array (past msgpack's per-array cap)
    "one array of nils": [None] * (codec.MAX_HEADER_BYTES - 16),
    # 1.3 M empty dicts in arrays of 1000: each array is allowed, together they are not
    "dicts in small arrays": [[{}] * 1000] * 1300,
    "generators": [msgpack.ExtType(codec._EXT_GENERATOR, msgpack.packb(["1", "1", 0, 0]))]
    * (codec.MAX_OBJECTS // codec.GENERATOR_WEIGHT + 1),
    # each level of nesting copies its payload again
    "nested lists": _nested_lists(30, "x" * 2**20),
}


@pytest.mark.parametrize("name", FORGED)
def test_a_small_frame_that_decodes_into_millions_of_objects_is_refused(name):
    header, data = _frame(FORGED[name])
    assert len(header) <= codec.MAX_HEADER_BYTES
    if name == "generators":  # built one by one: too slow to trace, see the weights below
        with pytest.raises(codec.CodecError, match="objects"):
            codec.decode(header, data)
        return
    with pytest.raises(codec.CodecError, match="objects|copy more than|max_array_len"):
        try:
            tracemalloc.start()
            codec.decode(header, data)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert peak < 200 * 2**20  # without the counts: 1.3 GiB for the dicts


def _decoding_peak(header, data):
    tracemalloc.start()
    try:
        codec.decode(header, data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("extension, weight", [
    (msgpack.ExtType(codec._EXT_GENERATOR, msgpack.packb(["1", "1", 0, 0])),
     codec.GENERATOR_WEIGHT),
    (msgpack.ExtType(codec._EXT_HANDLE, msgpack.packb([1, "x" * 200])), codec.HANDLE_WEIGHT),
    (msgpack.ExtType(codec._EXT_ARRAY, codec._pack_ref("<f8", (0,), 0)), codec.EXT_WEIGHT),
])
def test_each_extension_counts_at_least_its_memory_in_objects(extension, weight):
    """An object of the count is an empty dict's worth (the costliest plain object)."""
    per_dict = _decoding_peak(msgpack.packb([{}] * 2000), np.empty(0, np.uint8)) / 2000
    per_extension = _decoding_peak(msgpack.packb([extension] * 2000), np.empty(0, np.uint8)) / 2000
    assert per_extension <= (weight + 1) * per_dict


def test_values_past_the_object_limit_are_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr(codec, "MAX_OBJECTS", 10_000)  # counted as at the real limit, faster
    with pytest.raises(codec.CodecError, match="more than 10,000 objects.*numpy array"):
        codec.encode([None] * codec.MAX_OBJECTS)
    big_but_fine = tuple(np.zeros(3) for _ in range(codec.MAX_OBJECTS // 4))
    chunks = codec.encode(big_but_fine)
    data = np.frombuffer(b"".join(bytes(chunk) for chunk in chunks[2:]), np.uint8).copy()
    assert len(codec.decode(bytes(chunks[1]), data)) == codec.MAX_OBJECTS // 4


@pytest.mark.parametrize("value, described", [
    (np.zeros(2, complex), "numpy array of dtype complex128"),
    (np.zeros(2, object), "numpy array of dtype object"),
    (np.zeros(2, [("a", "<f8")]), "numpy array of dtype [('a', '<f8')]"),
    (np.zeros(2, ">f8"), "numpy array of dtype >f8"),
    (np.asmatrix(np.zeros((2, 2))), "numpy.matrix (a numpy array subclass, dtype float64)"),
    (np.ma.masked_array([1.0]), "numpy.ma.MaskedArray (a numpy array subclass, dtype "
                                "float64)"),
    (b"raw", "bytes"),
])
def test_refused_values_are_named_by_what_they_are(value, described):
    assert codec.describe(value) == described
    with pytest.raises(codec.CodecError, match=re.escape(described)):
        codec.encode(value)
