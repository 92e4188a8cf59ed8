"""One CPU core for a grading and its sandbox worker, and no two gradings on one core.

A grading and its worker take turns: the grader sends a call and waits for the reply, the
worker answers and waits for the next call. On two cores, each turn wakes the other core
from idle, which on a virtual machine (a CI runner, a cloud grader) costs far more than the
turn's own work: a pipe ping-pong between two processes on this project's 2-core machine
cost 18 + 20 us of CPU per round trip across cores and 3 + 6 us on one core, and the whole
course graded in one process took about 11 % less CPU time with grader and worker on one core.
So a grading runs on one core, with its worker (a child inherits the core).

Which core: one that no other grading of the same user holds, whichever command, process
or thread runs it (``batch``'s pool, the two halves of ``grade --jobs 2``, two commands
started by hand). A grading claims a core with a non-blocking ``flock`` on the core's lock
file in a private folder of the temporary directory, and holds it until it ends (the kernel
frees it when the process dies; the worker does not inherit it). It tries the core it runs
on first. When every core is held, it runs unpinned and the scheduler shares them out.

Pinning is a hint: where the affinity cannot be set (not Linux, a container that forbids
it) grading runs as before; where no lock can be taken (no private folder), a grading keeps
to the core it runs on.
"""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

FOLDER = Path(tempfile.gettempdir()) / f"autograder-cores-{os.getuid()}"
"""Where the cores' lock files are (one per core: ``core-N``), private to the user."""


def current() -> int | None:
    """The core the calling thread runs on now, or None (from ``/proc/thread-self/stat``)."""
    try:
        with open("/proc/thread-self/stat", "rb") as stat_file:
            fields = stat_file.read().rpartition(b")")[2].split()
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


def _folder() -> Path | None:
    """:data:`FOLDER`, made if missing; None unless it is a folder of this user's own (not
    one another user made, nor a link planted in a shared temporary directory)."""
    try:
        FOLDER.mkdir(mode=0o700, exist_ok=True)
        info = FOLDER.lstat()
    except OSError:
        return None
    return FOLDER if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() else None


def _claim(folder: Path, core: int) -> int | None:
    """A descriptor holding ``core``'s lock, or None when another grading holds it."""
    try:
        fd = os.open(folder / f"core-{core}",
                     os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _free_core(allowed: set[int]) -> tuple[int | None, int | None]:
    """A core of ``allowed`` that no other grading holds, the current one first, and the
    descriptor holding it: ``(core, fd)``; ``(current core, None)`` where there are no
    locks; ``(None, None)`` when every core is held."""
    here = current()
    folder = _folder()
    if folder is None:
        return (here if here in allowed else None), None
    for core in sorted(allowed, key=lambda c: (c != here, c)):
        fd = _claim(folder, core)
        if fd is not None:
            return core, fd
    return None, None


@contextmanager
def one_core() -> Iterator[None]:
    """Run the calling thread, and the processes and threads it starts meanwhile, on a core
    that no other grading holds (see the module docstring); a thread already held to one
    core stays there. The thread's cores are restored afterwards."""
    try:
        before = os.sched_getaffinity(0)
    except (AttributeError, OSError):
        before = set()
    core, fd = _free_core(before) if len(before) > 1 else (None, None)
    held = core is not None and _hold({core})
    try:
        yield
    finally:
        if held:
            _hold(before)
        if fd is not None:
            os.close(fd)
