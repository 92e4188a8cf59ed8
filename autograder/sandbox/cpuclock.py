"""How long a call into the worker may still run, counted in the worker's CPU time.

A wall-clock timeout fails correct code on a loaded machine (a batch sharing its cores, a CI
runner next to another job): the same submission would score differently depending on what
else was running. So a call is limited by the CPU time the worker spends on it, read from
``/proc/<pid>/stat`` (all threads of the process; load does not inflate it). A call that
waits without computing (``time.sleep``, a blocked read) uses no CPU time, so the wall clock
still ends it after :data:`WALL_FACTOR` times the limit.

Reading ``/proc`` costs tens of microseconds, as much as a small call, so a call's first
:data:`GRACE` seconds are counted as CPU time without reading it: almost every call ends
before then, and a call is charged at most :data:`GRACE` seconds more than it used. Where
``/proc`` cannot be read, both limits are wall time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WALL_FACTOR = 4.0
"""A call may take this many times its CPU limit in wall time before it is stopped anyway."""

GRACE = 0.5
"""Seconds of a call counted as CPU time without reading it; also the interval between
two readings while a call runs."""

_TICKS = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def _stat_fields(pid: int) -> list[bytes] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, or None."""
    try:
        stat = (_PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    return stat[stat.rindex(b")") + 2:].split()  # the name may hold spaces and parentheses


def process_tree(root_pid: int) -> list[int]:
    """``root_pid`` and every process descending from it (empty if /proc cannot tell)."""
    children: dict[int, list[int]] = {}
    try:
        listing = [int(name) for name in os.listdir(_PROC) if name.isdigit()]
    except OSError:
        return []
    for pid in listing:
        fields = _stat_fields(pid)
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(pid)
    found, pending = [], [root_pid]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found if _stat_fields(root_pid) is not None else []


def cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU time of ``pids`` (with their reaped children), or None."""
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / _TICKS if pids else None


class CallClock:
    """The time left to one call: ``limit`` seconds of CPU time of the processes ``pids``,
    and at most ``WALL_FACTOR * limit`` seconds of wall time (``limit`` of wall time if
    ``pids`` is empty, i.e. CPU time cannot be read)."""

    def __init__(self, pids: list[int], limit: float):
        self.pids = pids
        self.limit = limit
        self.started = time.monotonic()
        self.wall_limit = limit * WALL_FACTOR if pids else limit
        self._baseline: tuple[float, float] | None = None  # (wall, cpu) at the first reading

    def wall_used(self) -> float:
        return time.monotonic() - self.started

    def cpu_used(self) -> float:
        """CPU seconds of the call so far (its first GRACE seconds counted as CPU time)."""
        wall = self.wall_used()
        reading = cpu_seconds(self.pids) if wall >= GRACE else None
        if reading is None:
            return wall
        if self._baseline is None:
            self._baseline = (wall, reading)
        return self._baseline[0] + reading - self._baseline[1]

    def charge(self) -> float:
        """What the call costs the submission's time budget: its CPU time, or its wall time
        divided by :data:`WALL_FACTOR` if that is more (a call that only waits is not free)."""
        wall = self.wall_used()
        return max(self.cpu_used(), wall / WALL_FACTOR) if self.pids else wall

    def describe(self) -> str:
        """Which limit a call that ran out of time reached, for its timeout message."""
        if not self.pids:
            return f"{self.limit:g} s"
        if self.wall_used() >= self.wall_limit:
            return f"{self.wall_limit:g} s of waiting ({self.limit:g} s of CPU time allowed)"
        return f"{self.limit:g} s of CPU time"

    def remaining(self) -> float:
        """Seconds to wait for the reply before asking again; 0 when the call is out of time."""
        wall = self.wall_used()
        wall_left = self.wall_limit - wall
        if wall_left <= 0 or not self.pids:
            return max(wall_left, 0.0)
        cpu_left = self.limit - self.cpu_used()
        return max(min(wall_left, cpu_left, GRACE), 0.0)
