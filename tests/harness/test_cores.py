"""A grading and its sandbox worker share one core; a pool's processes take a core each."""

import multiprocessing
import os

import pytest

from autograder.grading import cores
from autograder.grading.pool import grading_pool
from autograder.sandbox.client import Sandbox

pytestmark = pytest.mark.skipif(len(cores.usable()) < 2,
                                reason="needs a machine with two usable cores")

WHERE = "import os\n\ndef where():\n    return sorted(os.sched_getaffinity(0))\n"


def test_a_worker_started_on_one_core_stays_there_and_the_thread_is_let_go(tmp_path):
    (tmp_path / "m.py").write_text(WHERE)
    before = os.sched_getaffinity(0)
    core = cores.usable()[-1]
    with cores.one_core(core):
        assert os.sched_getaffinity(0) == {core}
        with Sandbox(tmp_path) as sandbox:
            assert sandbox.module("m", "m.py").where() == [core]
    assert os.sched_getaffinity(0) == before


def test_by_default_the_thread_stays_on_the_core_it_runs_on():
    with cores.one_core():
        (core,) = os.sched_getaffinity(0)
        assert core in cores.usable()
        with cores.one_core():  # a thread held to one core already is left there
            assert os.sched_getaffinity(0) == {core}


def test_each_process_claims_the_next_core_round_the_usable_ones():
    usable, before = cores.usable(), os.sched_getaffinity(0)
    counter = multiprocessing.Value("i", 1)
    try:
        for turn in range(1, len(usable) + 2):
            cores.claim(counter, usable)
            assert os.sched_getaffinity(0) == {usable[turn % len(usable)]}
    finally:
        os.sched_setaffinity(0, before)


def test_a_pools_first_process_takes_the_first_core_it_is_given():
    usable = cores.usable()
    with grading_pool(1, first_core=1) as pool:
        assert pool.submit(os.sched_getaffinity, 0).result() == {usable[1]}
