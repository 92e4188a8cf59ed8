"""The exact failing call as Python a student can paste next to their module.

The last call of a test (:class:`autograder.sandbox.calllog.CallLog`) is the one that raised,
or whose result the test found wrong. It is printed with the calls that made the handles it
passes back (a forward pass's ``cache``), every array in full with ``repr`` floats (which read
back to the same bits)::

    import numpy as np
    from activations import sigmoid_forward

    sigmoid_forward(np.array([1000.0, -1000.0, 642.1]))

Everything printed is a value the grader sent or received, formatted here: no text of the
submission is quoted (a string the student returned and the test passed back is printed with
``repr``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograder.sandbox.calllog import CallLog, LoggedCall, handles_in
from autograder.sandbox.codec import Handle
from autograder.sandbox.probes import Probe

MAX_ENTRIES = 200  # an array with more entries is replaced by zeros (and the call not exact)
MAX_CHAIN = 8  # calls shown before the failing one, at most


class _Render:
    """Renders values as Python expressions; collects the statements they need first."""

    def __init__(self, log: CallLog, names: dict[int, str]):
        self.log = log
        self.names = names  # id() of a LoggedCall -> the variable holding its result
        self.setup: list[str] = []
        self.imports: set[str] = set()
        self.exact = True
        self.variables = 0

    def variable(self, prefix: str) -> str:
        self.variables += 1
        return f"{prefix}_{self.variables}"

    def value(self, value: Any, call: LoggedCall) -> str:
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, np.generic):
            return f"np.{type(value).__name__}({self.scalar(value.item())})"
        if isinstance(value, (bool, int, float)) or value is None:
            return self.scalar(value)
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, tuple):
            items = [self.value(item, call) for item in value]
            return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
        if isinstance(value, list):
            return f"[{', '.join(self.value(item, call) for item in value)}]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{key!r}: {self.value(item, call)}"
                                   for key, item in value.items()) + "}"
        if isinstance(value, Handle):
            return self.handle(value, call)
        if isinstance(value, np.random.Generator):
            return self.generator(value)
        if isinstance(value, Probe):
            self.imports.add(f"from autograder.checks import {value.name}")
            return f"{value.name}({', '.join(self.value(a, call) for a in value.args)})"
        self.exact = False
        return f"...  # {type(value).__name__}"

    @staticmethod
    def scalar(value: Any) -> str:
        if isinstance(value, float) and not math.isfinite(value):
            return "np.nan" if math.isnan(value) else ("np.inf" if value > 0 else "-np.inf")
        return repr(value)

    def array(self, array: np.ndarray) -> str:
        dtype = "" if array.dtype == np.float64 else f", dtype=np.{array.dtype.name}"
        if array.size > MAX_ENTRIES:
            self.exact = False
            name = self.variable("array")
            self.setup += [f"# {name}: the test's array of shape {array.shape} has too many "
                           f"entries to print; zeros stand in for them",
                           f"{name} = np.zeros({array.shape}{dtype})"]
            return name
        if array.size == 0:
            return f"np.zeros({array.shape}{dtype})"
        return f"np.array({self.nested(array.tolist())}{dtype})"

    def nested(self, value: Any) -> str:
        if isinstance(value, list):
            return f"[{', '.join(self.nested(item) for item in value)}]"
        return self.scalar(value)

    def generator(self, rng: np.random.Generator) -> str:
        name = self.variable("rng")
        self.setup += [f"{name} = np.random.default_rng()",
                       f"{name}.bit_generator.state = {rng.bit_generator.state!r}"]
        return name

    def handle(self, handle: Handle, call: LoggedCall) -> str:
        found = self.log.producer(handle, call)
        if found is None:
            self.exact = False
            return f"...  # an object made by an earlier call ({handle.type_name})"
        producer, path = found
        name = self.names.get(id(producer))
        if name is None:
            self.exact = False
            return f"...  # an object made by {producer.function}()"
        return name + "".join(f"[{step!r}]" for step in path)


def call_chain(log: CallLog) -> list[LoggedCall]:
    """The last call of ``log`` and, before it, the calls that made the handles it
    (transitively) uses, in the order they were made; [] when the test made no call."""
    last = log.last()
    if last is None:
        return []
    needed, pending = [last], [last]
    while pending and len(needed) <= MAX_CHAIN:
        call = pending.pop()
        for value in (*call.args, *call.kwargs.values()):
            for handle in _handles(value):
                found = log.producer(handle, call)
                if found and found[0] not in needed:
                    needed.append(found[0])
                    pending.append(found[0])
    order = {id(call): i for i, call in enumerate(log.calls)}
    return sorted(needed, key=lambda call: order[id(call)])


def _handles(value: Any) -> list[Handle]:
    return [handle for _, handle in handles_in(value)]


def failing_call(log: CallLog) -> tuple[str, bool] | None:
    """``(Python code, exact)`` reproducing the last call of ``log``, or None when the test
    made no call; ``exact`` is False when some value could not be printed in full."""
    chain = call_chain(log)
    if not chain:
        return None
    names = {id(call): f"result_{i}" for i, call in enumerate(chain[:-1], start=1)}
    render = _Render(log, names)
    lines = []
    for call in chain:
        arguments = [render.value(arg, call) for arg in call.args]
        arguments += [f"{key}={render.value(value, call)}" for key, value in call.kwargs.items()]
        text = f"{call.function}({', '.join(arguments)})"
        lines.append(f"{names[id(call)]} = {text}" if id(call) in names else text)
    functions = sorted({call.function for call in chain})
    modules = sorted({call.module for call in chain})
    header = ["import numpy as np"] + sorted(render.imports)
    if len(modules) == 1:
        header.append(f"from {modules[0]} import {', '.join(functions)}")
    code = "\n".join(header) + "\n\n" + "\n".join(render.setup + lines)
    return code, render.exact
