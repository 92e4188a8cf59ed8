"""One CPU core for a grading and its sandbox worker.

A grading and its worker take turns: the grader sends a call and waits for the reply, the
worker answers and waits for the next call. On two cores, each turn wakes the other core
from idle, which on a virtual machine (a CI runner, a cloud grader) costs far more than the
turn's own work: a pipe ping-pong between two processes on this project's 2-core machine
cost 18 + 20 us of CPU per round trip across cores and 3 + 6 us on one core, and the whole
course graded in one process took about 11 % less CPU time with grader and worker on one core.
So a grading runs on one core, with its worker (a child inherits the core), and parallel
gradings each get a core of their own, in turn (``usable()[i % n]``).

Pinning is a hint: where the affinity cannot be set (not Linux, a container that forbids
it) grading runs as before.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator


def usable() -> list[int]:
    """The cores this process may run on (one, 0, where that cannot be told)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return [0]


def current() -> int | None:
    """The core the calling thread runs on now, or None (from ``/proc/thread-self/stat``)."""
    try:
        with open("/proc/thread-self/stat", "rb") as stat:
            fields = stat.read().rpartition(b")")[2].split()
        return int(fields[36])  # field 39, "processor", counted after the command name
    except (OSError, IndexError, ValueError):
        return None


def _hold(cores: set[int]) -> bool:
    """Hold the calling thread to ``cores``; False where that cannot be done."""
    try:
        os.sched_setaffinity(0, cores)
    except (AttributeError, OSError):
        return False
    return True


@contextmanager
def one_core(core: int | None = None) -> Iterator[None]:
    """Run the calling thread, and the processes and threads it starts meanwhile, on
    ``core`` (default: the core it runs on now, unless it is already held to one core);
    the thread's cores are restored afterwards."""
    try:
        before = os.sched_getaffinity(0)
    except (AttributeError, OSError):
        before = set()
    if core is None and len(before) > 1:
        core = current()
    held = core in before and len(before) > 1 and _hold({core})
    try:
        yield
    finally:
        if held:
            _hold(before)


def claim(next_core, cores: list[int]) -> None:
    """Pool initializer: hold this process to the next of ``cores`` (``next_core``: a
    shared counter), so that a pool's processes spread over the cores one each."""
    with next_core.get_lock():
        index = next_core.value
        next_core.value += 1
    _hold({cores[index % len(cores)]})
