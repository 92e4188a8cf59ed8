"""``autograder doctor``: which isolation layers are active here, why not the others, and
what a probe submission can actually do from inside the sandbox."""

from __future__ import annotations

import tempfile
from pathlib import Path

from autograder.course.discovery import Course
from autograder.sandbox import layers
from autograder.sandbox.client import Sandbox

PROBE = '''
import os, socket, sys

def probe(paths):
    """What this process can reach: files, sockets, new processes, loaded modules."""
    found = {}
    for path in paths:
        try:
            with open(path, "rb") as f:
                f.read(1)
            found[path] = "READABLE"
        except OSError as exc:
            found[path] = "blocked (" + (exc.strerror or type(exc).__name__) + ")"
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        found["socket"] = "ALLOWED"
    except OSError as exc:
        found["socket"] = "blocked (" + str(exc.strerror) + ")"
    try:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        found["fork"] = "ALLOWED"
    except OSError as exc:
        found["fork"] = "blocked (" + str(exc.strerror) + ")"
    found["modules"] = sorted(m for m in sys.modules if "solution" in m or "reference" in m
                              or m.startswith(("test_", "tests")))
    return found
'''


def secret_paths(course: Course) -> list[str]:
    """Files the sandbox must not read: reference solutions and graded tests."""
    files = sorted(course.solutions.rglob("*.py")) + sorted(course.tests.rglob("test_*.py"))
    return [str(path) for path in files]


def run_probe(course: Course, isolation: layers.Isolation) -> tuple[dict, dict]:
    """Start a worker on a probe submission; returns (layers it applied, probe results)."""
    isolation.protect([course.solutions, course.tests])
    with tempfile.TemporaryDirectory(prefix="autograder-probe-") as folder:
        Path(folder, "probe.py").write_text(PROBE)
        Path(folder).chmod(0o755)
        Path(folder, "probe.py").chmod(0o644)
        with Sandbox(Path(folder), isolation=isolation) as sandbox:
            found = sandbox.module("probe", "probe.py").probe(secret_paths(course))
            return sandbox.layers, found
