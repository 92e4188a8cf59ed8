"""Trivial implementations, generated for every graded function: they must earn nothing.

A trivial implementation of ``f`` returns the reference's output *structure* (the same
tuples, dicts and array shapes and dtypes, the same integers) with every float replaced:

* ``zeros``: by 0;
* ``ones``: by 1;
* ``first-input``: an array by a copy of the function's first float input when it has the
  same shape (an identity), other floats by 0.

It calls the reference on copies of its arguments (so it changes no input and advances no
random generator) with numpy's warnings silenced, and raises ``NotImplementedError``, like a
stub, when the output has no float to replace (an output size, fold indices): such a
function has no trivial version, and its tests are not judged by this check.

A function whose correct output is itself trivial (``zeros_init`` is the constant 0) is
declared in the topic's ``tests/NN_topic/verify.toml``, with a reason::

    [trivial]
    "zeros:zeros_init" = "zero initialisation is the constant 0"

The submission is the reference with a block appended to the topic's module that replaces
every graded function at once by its trivial version; the trivial versions call an
untouched copy of the reference, built from the module's own source.
"""

from __future__ import annotations

import tomllib
from typing import Iterable

from autograder.course import Course, Topic

MODES = ("zeros", "ones", "first-input")

_TEMPLATE = '''

# ---- appended by autograder verify: trivial implementations ({mode}) ----
def _trivial_block(names, mode, source):
    import copy
    import types

    import numpy as np

    reference = types.ModuleType("_trivial_reference")
    exec(compile(source, "<reference>", "exec"), reference.__dict__)

    def first_float(args):
        for value in args:
            if isinstance(value, (float, np.floating)) or (
                    isinstance(value, np.ndarray) and value.dtype.kind == "f"):
                return value
        return None

    def replace(value, first, changed):
        if isinstance(value, (bool, np.bool_)):
            return value
        if isinstance(value, (float, np.floating)):
            changed.append(1)
            if mode == "first-input" and isinstance(first, (float, np.floating)):
                return type(value)(first)
            return type(value)(1.0 if mode == "ones" else 0.0)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            changed.append(1)
            if (mode == "first-input" and isinstance(first, np.ndarray)
                    and first.shape == value.shape):
                return first.astype(value.dtype, copy=True)
            return np.full_like(value, 1.0 if mode == "ones" else 0.0)
        if isinstance(value, (tuple, list)):
            items = [replace(item, first, changed) for item in value]
            return type(value)(items) if type(value) in (tuple, list) else type(value)(*items)
        if isinstance(value, dict):
            return {{key: replace(item, first, changed) for key, item in value.items()}}
        return value

    def trivial(name):
        def function(*args, **kwargs):
            args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
            with np.errstate(all="ignore"):
                value = getattr(reference, name)(*args, **kwargs)
            changed = []
            value = replace(value, first_float([*args, *kwargs.values()]), changed)
            if not changed:
                raise NotImplementedError(f"{{name}} returns no float: it has no trivial version")
            return value
        function.__name__ = name
        return function

    return {{name: trivial(name) for name in names}}


globals().update(_trivial_block({names!r}, {mode!r}, {source!r}))
'''


def trivial_source(reference_source: str, functions: Iterable[str], mode: str) -> str:
    """The block to append to a topic's reference module so that every function in
    ``functions`` becomes its trivial version in ``mode`` (one of :data:`MODES`)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    return _TEMPLATE.format(names=sorted(set(functions)), mode=mode, source=reference_source)


def declarations(course: Course, topic: Topic, table: str) -> dict[str, str]:
    """The ``table`` of the topic's ``verify.toml`` (``trivial`` or ``equivalent``): each
    key with its one-line reason."""
    path = course.tests / topic.name / "verify.toml"
    if not path.is_file():
        return {}
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get(table, {})
    bad = [key for key, reason in entries.items() if not (isinstance(reason, str) and reason)]
    if bad:
        raise ValueError(f"{path}: every entry of [{table}] needs a one-line reason: {bad}")
    return entries
