"""Proof of separation: from inside the worker, the reference solutions and the graded tests
are neither loaded nor readable, and the escape routes the layers close stay closed."""

from pathlib import Path

import pytest

from autograder.course import Course
from autograder.sandbox import layers
from autograder.sandbox.doctor import run_probe, secret_paths

COURSE = Course(Path(__file__).resolve().parents[2])
ISOLATION = layers.detect()


@pytest.fixture(scope="module")
def probe():
    return run_probe(COURSE, ISOLATION)


def test_no_reference_or_test_module_is_loaded_in_the_worker(probe):
    _, found = probe
    assert found["modules"] == []


@pytest.mark.skipif(not (ISOLATION.bwrap or ISOLATION.uid is not None),
                    reason="no filesystem layer here (bubblewrap or root); see autograder doctor")
def test_reference_and_tests_are_unreadable_from_the_worker(probe):
    _, found = probe
    paths = secret_paths(COURSE)
    assert any("solutions" in p for p in paths) and any("hidden" in p for p in paths)
    readable = [path for path in paths if found[path] == "READABLE"]
    assert readable == []


@pytest.mark.skipif(not ISOLATION.seccomp, reason="seccomp is unavailable here")
def test_sockets_and_new_processes_are_refused(probe):
    applied, found = probe
    assert applied["seccomp"] == "on"
    assert found["socket"].startswith("blocked") and found["fork"].startswith("blocked")


def test_the_worker_reports_its_limits(probe):
    applied, _ = probe
    assert applied["rlimits"] == "on"
