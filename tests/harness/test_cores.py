"""A grading and its sandbox worker share one core, and no two gradings claim the same core."""

import os
import subprocess
import sys
import threading

import pytest

from autograder.grading import cores
from autograder.sandbox.client import Sandbox

pytestmark = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2,
                                reason="needs a machine with two usable cores")

WHERE = "import os\n\ndef where():\n    return sorted(os.sched_getaffinity(0))\n"


@pytest.fixture(autouse=True)
def own_locks(tmp_path, monkeypatch):
    """Lock files of these tests' own, away from gradings running elsewhere."""
    monkeypatch.setattr(cores, "FOLDER", tmp_path / "locks")


def claimed_in_threads(count: int) -> list[set[int]]:
    """The cores of ``count`` threads inside ``one_core()`` at the same time."""
    inside, leave = threading.Barrier(count + 1), threading.Event()
    seen: list[set[int]] = [set()] * count

    def grading(i: int) -> None:
        with cores.one_core():
            seen[i] = os.sched_getaffinity(0)
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=grading, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    inside.wait()
    result = list(seen)
    leave.set()
    for thread in threads:
        thread.join()
    return result


def test_a_worker_started_on_a_claimed_core_stays_there_and_the_thread_is_let_go(tmp_path):
    (tmp_path / "m.py").write_text(WHERE)
    before = os.sched_getaffinity(0)
    with cores.one_core():
        (core,) = os.sched_getaffinity(0)
        with Sandbox(tmp_path) as sandbox:
            assert sandbox.module("m", "m.py").where() == [core]
    assert os.sched_getaffinity(0) == before


def test_a_thread_already_on_one_core_stays_there():
    with cores.one_core():
        (core,) = os.sched_getaffinity(0)
        with cores.one_core():
            assert os.sched_getaffinity(0) == {core}


def test_gradings_at_the_same_time_claim_different_cores():
    usable = sorted(os.sched_getaffinity(0))
    seen = claimed_in_threads(len(usable))
    assert all(len(affinity) == 1 for affinity in seen)
    assert set().union(*seen) == set(usable)


def test_with_every_core_claimed_a_grading_runs_unpinned():
    usable = sorted(os.sched_getaffinity(0))
    seen = claimed_in_threads(len(usable) + 1)
    assert sorted(len(affinity) for affinity in seen) == [1] * len(usable) + [len(usable)]


def test_a_claim_ends_with_its_grading_or_its_process():
    usable = sorted(os.sched_getaffinity(0))
    with cores.one_core():
        pass
    holder = subprocess.Popen(  # claims a core, then is killed while it holds it
        [sys.executable, "-c", "import sys; from autograder.grading import cores; "
         f"cores.FOLDER = cores.Path({str(cores.FOLDER)!r}); "
         "c = cores.one_core(); c.__enter__(); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    assert set().union(*claimed_in_threads(len(usable))) == set(usable)


def test_the_lock_folder_must_be_the_users_own(tmp_path, monkeypatch):
    """A link planted where the folder goes (another user's, in a shared /tmp) is not
    used: gradings then keep to the core they run on, as where no lock can be taken."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "planted").symlink_to(target, target_is_directory=True)
    monkeypatch.setattr(cores, "FOLDER", tmp_path / "planted")
    with cores.one_core():
        assert len(os.sched_getaffinity(0)) == 1
    assert list(target.iterdir()) == []
