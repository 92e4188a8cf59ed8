"""The project's own test runs: a test that runs long says so while it runs.

Every 60 s a test is still running, a line ``[still running NODEID: N min]`` is written to
the terminal (not into the captured output), so that a slow test on a busy machine is not
mistaken for a hang. Grading runs pytest without a terminal: nothing happens there.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

EVERY_S = 60.0
_running: dict[str, float] = {}  # nodeid -> monotonic start, the test in progress


def _terminal_fd(config: pytest.Config) -> int:
    """The terminal's stdout, also while pytest captures fd 1 (its saved duplicate)."""
    capture = getattr(config.pluginmanager.get_plugin("capturemanager"), "_global_capturing",
                      None)
    saved = getattr(getattr(capture, "out", None), "targetfd_save", None)
    return saved if isinstance(saved, int) else sys.stdout.fileno()


@pytest.hookimpl(trylast=True)  # after the terminal reporter is registered
def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.get_plugin("terminalreporter") is None:
        return
    fd = _terminal_fd(config)

    def heartbeat() -> None:
        while True:
            time.sleep(EVERY_S)
            for nodeid, start in list(_running.items()):
                minutes = (time.monotonic() - start) / 60
                os.write(fd, f"\n[still running {nodeid}: {minutes:.0f} min]\n".encode())

    threading.Thread(target=heartbeat, name="test-heartbeat", daemon=True).start()


def pytest_runtest_logstart(nodeid: str) -> None:
    _running.clear()
    _running[nodeid] = time.monotonic()


def pytest_runtest_logfinish(nodeid: str) -> None:
    _running.pop(nodeid, None)
