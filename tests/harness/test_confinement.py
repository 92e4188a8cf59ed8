"""Each sandbox's own share of the machine: its uid, its temporary space, its process cap.

The layers that this machine lacks are skipped (``autograder doctor`` says which); CI runs
this file with every layer on, and again with ``AUTOGRADER_DISABLE_LAYERS=bubblewrap``.
"""

import dataclasses
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from autograder.grading import intake
from autograder.sandbox import layers
from autograder.sandbox.client import Sandbox, SandboxFailure

ISOLATION = layers.detect()
PROBES = '''
import os, tempfile, threading

def tmp():
    folder = tempfile.gettempdir()
    return folder, os.stat(folder).st_mode & 0o7777, os.stat(folder).st_uid, os.getuid()

def threads(limit):
    threading.stack_size(64 * 1024)
    hold, started = threading.Event(), 0
    try:
        while started < limit:
            threading.Thread(target=hold.wait, daemon=True).start()
            started += 1
    except RuntimeError:
        pass
    return started

def write(path):
    try:
        with open(path, "w") as out:
            out.write("x")
        return "written"
    except OSError as exc:
        return exc.strerror

def read(path):
    try:
        with open(path) as source:
            return source.read(10)
    except OSError as exc:
        return exc.strerror

def tmp_size():
    info = os.statvfs("/tmp")
    return info.f_blocks * info.f_frsize
'''


def staged(tmp_root):
    """A staged submission holding the probes, as grading stages one."""
    source = Path(tempfile.mkdtemp(dir=tmp_root))
    (source / "probes.py").write_text(PROBES)
    target = Path(tempfile.mkdtemp(prefix="autograder-", dir="/tmp"))
    intake.stage(source, target)
    return target


@pytest.fixture
def submission(tmp_path):
    folder = staged(tmp_path)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def probes(sandbox):
    return sandbox.module("probes", "probes.py")


def test_a_root_worker_with_no_cap_is_refused(submission):
    if os.geteuid() != 0:
        pytest.skip("the grader does not run as root here")
    uncapped = dataclasses.replace(ISOLATION, uid=None, process_cap=None)
    assert "refusing to run student code as root" in uncapped.refusal
    with Sandbox(submission, isolation=uncapped) as sandbox:
        with pytest.raises(SandboxFailure, match="refusing to run student code as root"):
            probes(sandbox).tmp()


def test_threads_and_processes_are_capped(submission):
    if ISOLATION.refusal:
        pytest.skip(ISOLATION.refusal)
    with Sandbox(submission, isolation=ISOLATION) as sandbox:
        started = probes(sandbox).threads(5000)
    assert started < ISOLATION.limits.processes


def test_without_bubblewrap_the_worker_has_a_private_tmpdir_removed_afterwards(submission):
    isolation = dataclasses.replace(ISOLATION, bwrap=None)
    if isolation.refusal:
        pytest.skip(isolation.refusal)
    with Sandbox(submission, isolation=isolation) as sandbox:
        folder, mode, owner, uid = probes(sandbox).tmp()
    assert folder.startswith(tempfile.gettempdir() + "/autograder-tmp-")
    assert (mode, owner) == (0o700, uid)
    assert not os.path.exists(folder)


def test_under_bubblewrap_tmp_is_sized_and_the_rest_read_only(submission):
    if not ISOLATION.bwrap:
        pytest.skip("bubblewrap is off here")
    with Sandbox(submission, isolation=ISOLATION) as sandbox:
        assert probes(sandbox).tmp_size() == ISOLATION.tmp_bytes
        for path in ("/x", "/dev/x", "/dev/shm/x", "/submission/x"):
            assert probes(sandbox).write(path) == "Read-only file system", path
        assert probes(sandbox).write("/tmp/x") == "written"


def test_each_sandbox_has_a_uid_of_its_own_that_alone_reads_its_staging(submission, tmp_path):
    if ISOLATION.uid is None:
        pytest.skip("the uid layer is off here")
    isolation = dataclasses.replace(ISOLATION, bwrap=None)  # bubblewrap would hide the other
    other = staged(tmp_path)
    try:
        with Sandbox(submission, isolation=isolation) as one, \
                Sandbox(other, isolation=isolation) as two:
            uids = {probes(one).tmp()[3], probes(two).tmp()[3]}
            assert len(uids) == 2 and all(uid in layers.UID_RANGE for uid in uids)
            assert probes(one).read(str(other / "probes.py")) == "Permission denied"
            assert probes(one).read(str(submission / "probes.py")).startswith("\nimport")
            info = other.stat()
            assert stat.S_IMODE(info.st_mode) == 0o750 and info.st_gid == probes(two).tmp()[3]
    finally:
        shutil.rmtree(other, ignore_errors=True)


def test_what_a_uid_leaves_in_shared_temporary_folders_is_removed(submission):
    if ISOLATION.uid is None:
        pytest.skip("the uid layer is off here")
    isolation = dataclasses.replace(ISOLATION, bwrap=None)
    left = [f"{folder}/autograder-test-left-{os.getpid()}" for folder in ("/tmp", "/var/tmp")]
    with Sandbox(submission, isolation=isolation) as sandbox:
        for path in left:
            assert probes(sandbox).write(path) == "written"
            assert os.path.exists(path)
    assert not any(map(os.path.exists, left))
