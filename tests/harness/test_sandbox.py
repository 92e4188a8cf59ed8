"""The worker boundary: calls, handles, timeouts, crashes and import failures."""

import textwrap
import time

import numpy as np
import pytest

from autograder.sandbox import probes
from autograder.sandbox.client import (
    BudgetExhausted,
    CallTimeout,
    ModuleUnavailable,
    Sandbox,
    StudentError,
    WorkerCrashed,
)
from autograder.sandbox.cpuclock import GRACE, WALL_FACTOR
from autograder.sandbox.worker import watched_call

MODULE = '''
import os, sys
import numpy as np

class Cache:
    def __init__(self, x):
        self.x = x

def forward(x):
    return x * 2, Cache(x)

def backward(dout, cache):
    return dout * cache.x

def in_place(x):
    x += 1
    return x

def overflow(x):
    return np.exp(x)

def raises(x):
    raise ValueError("negative input")

def loop():
    while True:
        pass

def die():
    os._exit(7)

def leave():
    sys.exit(1)

def shout():
    print("hello from the student")
    return None

def update(params, rng, w, items):
    params["running"] = params.get("running", 0.0) + 1.0
    w[0] = rng.standard_normal()
    items.append("seen")
    return None

def nested(cache, config, scale):
    np.multiply(cache[1][0], scale, out=cache[1][0])  # an array inside a tuple, in place
    config["steps"] = config["steps"] + [0] * (scale != 1)
    return None

def apply(f, x):
    return f(x)

def give_back(f):
    return f

def read_probe(f):
    names = ("name", "args", "__name__", "__closure__", "__wrapped__", "__dict__", "_fn",
             "__self__", "func")
    return sorted(name for name in names if hasattr(f, name))

def subclass():
    class Lying(np.ndarray):
        def __eq__(self, other):
            return True
    return np.zeros(3).view(Lying)
'''


@pytest.fixture
def student(tmp_path):
    (tmp_path / "mod.py").write_text(MODULE)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    with Sandbox(tmp_path, call_timeout=2.0) as sandbox:
        yield sandbox.module("mod", "mod.py")


def test_arrays_cross_and_caches_stay_behind_handles(student):
    x = np.arange(4.0)
    out, cache = student.forward(x)
    assert np.array_equal(out, 2 * x)
    assert "Cache" in repr(cache)
    assert np.array_equal(student.backward(np.ones(4), cache), x)


def test_mutated_arguments_are_reported_by_name(student):
    result = student.in_place.call(np.zeros(2))
    assert result.mutated == ("x",)
    assert student.forward.call(np.zeros(2)).mutated == ()


def test_dicts_and_generators_come_back_changed_arrays_do_not(student):
    params, w, items = {"mode": "train"}, np.zeros(2), []
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    result = student.update.call(params, rng, w, items=items)
    assert params == {"mode": "train", "running": 1.0}  # like CS231n's bn_param
    twin.standard_normal()  # the student drew one number from rng
    assert rng.standard_normal() == twin.standard_normal()  # rng came back advanced
    assert np.all(w == 0) and items == []  # the test's data stays intact...
    assert set(result.mutated) == {"params", "w", "items"}  # ...and the change is reported


def test_a_call_for_its_value_only_still_gives_back_dicts_and_generators(student):
    """``student.f(...)`` (the value only) skips watching arrays, not the state it must
    write back; the worker's watch then names only what is written back."""
    params, w = {"mode": "train"}, np.zeros(2)
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    assert student.update(params, rng, w, items=[]) is None
    twin.standard_normal()
    assert params == {"mode": "train", "running": 1.0}
    assert rng.standard_normal() == twin.standard_normal()
    assert np.all(w == 0)

    def update(params, w):
        params["n"] = 1
        w[0] = 1.0
    for report, mutated in ((True, ["params", "w"]), (False, ["params"])):
        watched = watched_call(update, ({}, np.zeros(2)), {}, ["params", "w"],
                               lambda obj: None, [], report)
        assert watched.mutated == mutated


def test_changes_inside_containers_are_reported_and_only_they(student):
    """An argument counts as changed when anything inside it changed, however deep: an array
    in a tuple, a list in a dict; a NaN left alone is unchanged."""
    def arguments():
        return (np.zeros(2), (np.ones(3), np.ones(2))), {"eps": float("nan"), "steps": [1]}
    assert student.nested.call(*arguments(), 1).mutated == ()
    assert student.nested.call(*arguments(), 2).mutated == ("cache", "config")


def test_probes_cross_as_trusted_functions(student):
    f = probes.quadratic(np.diag([1.0, 2.0]), np.array([0.5, 0.0]), 3.0)
    x = np.array([1.0, -1.0])
    assert student.apply(f, x) == f(x) == 0.5 * (1 + 2) + 0.5 + 3.0
    assert "Opaque" in repr(student.give_back(f))  # a worker's probe stays behind a handle


def test_probes_cannot_be_read_by_student_code(student):
    """The function a student receives has no name, arguments or closure to recover the
    probe from (a submission must compute, not recognise quadratic and return its form)."""
    f = probes.quadratic(np.diag([1.0, 2.0]), np.array([0.5, 0.0]), 3.0)
    assert student.read_probe(f) == []


def test_numpy_warnings_are_reported(student):
    assert any("overflow" in w for w in student.overflow.call(np.array([1000.0])).warnings)


def test_student_exceptions_keep_their_builtin_type_and_their_frames(student):
    with pytest.raises(ValueError, match="negative input") as info:
        student.raises(1)
    assert isinstance(info.value, StudentError)
    assert "mod.py" in info.value.student_traceback
    assert "sandbox.py" not in info.value.student_traceback


def test_timeout_kills_the_worker_and_the_next_call_works(student):
    start = time.monotonic()
    with pytest.raises(CallTimeout):
        student.loop()
    assert time.monotonic() - start < 10
    out, _ = student.forward(np.ones(1))
    assert out[0] == 2


def test_crash_is_reported_and_the_worker_restarts(student):
    with pytest.raises(WorkerCrashed, match="exit status 7"):
        student.die()
    assert student.forward(np.ones(1))[0][0] == 2


def test_handles_do_not_survive_a_restart(student):
    _, cache = student.forward(np.ones(2))
    with pytest.raises(WorkerCrashed):
        student.die()
    with pytest.raises(StudentError, match="unknown handle"):
        student.backward(np.ones(2), cache)


def test_sys_exit_in_a_call_is_an_error_not_a_crash(student):
    with pytest.raises(StudentError, match="SystemExit"):
        student.leave()


def test_output_is_captured_not_parsed(student):
    assert student.shout() is None
    time.sleep(0.2)
    assert "hello from the student" in student.sandbox.output


def test_output_is_complete_once_the_worker_died(tmp_path):
    """Feedback quotes the output's last lines after a crash: they must not depend on how far
    the drain thread had got (a race that made two gradings differ on a loaded machine)."""
    (tmp_path / "mod.py").write_text(textwrap.dedent("""
        import os
        def chatty_crash():
            for i in range(3000):
                print("line", i)
            os._exit(3)
    """))
    with Sandbox(tmp_path) as sandbox:
        for _ in range(5):
            with pytest.raises(WorkerCrashed, match="exit status 3"):
                sandbox.module("mod", "mod.py").chatty_crash()
            assert sandbox.output.rstrip().endswith("line 2999")


def test_array_subclasses_do_not_cross_as_arrays(student):
    value = student.subclass()
    assert not isinstance(value, np.ndarray)


def test_syntax_error_names_the_line(student):
    broken = student.sandbox.module("broken", "broken.py")
    with pytest.raises(ModuleUnavailable) as info:
        broken.f()
    assert "SyntaxError" in str(info.value)
    assert "line 1" in info.value.cause.student_traceback
    with pytest.raises(ModuleUnavailable):  # remembered, not retried
        broken.f()
    assert student.forward(np.ones(1))[0][0] == 2


def test_missing_module_is_reported(student):
    with pytest.raises(ModuleUnavailable, match="missing"):
        student.sandbox.module("nope", "nope.py").f()


def test_import_that_hangs_times_out(tmp_path):
    (tmp_path / "slow.py").write_text(textwrap.dedent("""
        while True:
            pass
    """))
    with Sandbox(tmp_path, call_timeout=1.0) as sandbox:
        with pytest.raises(ModuleUnavailable) as info:
            sandbox.module("slow", "slow.py").f()
    assert info.value.status == "timeout"


def test_the_time_budget_ends_a_submission(tmp_path):
    (tmp_path / "mod.py").write_text(MODULE)
    with Sandbox(tmp_path, call_timeout=0.5, budget=1.2) as sandbox:
        module = sandbox.module("mod", "mod.py")
        with pytest.raises(BudgetExhausted):
            for _ in range(10):  # each call is cut to what is left of the budget
                with pytest.raises(CallTimeout):
                    module.loop()
        assert sandbox.spent < 1.5
        start = time.monotonic()
        with pytest.raises(BudgetExhausted):
            module.forward(np.ones(1))
        assert time.monotonic() - start < 0.1  # refused at once, not after a timeout


def test_timeouts_count_cpu_time_not_waiting(tmp_path):
    """A call slowed down without computing (here: asleep, as on a loaded machine) is not
    timed out at its CPU limit; one that waits past WALL_FACTOR times the limit is, and a
    busy one at the limit. The budget charges waiting at 1 / WALL_FACTOR of its wall time."""
    (tmp_path / "mod.py").write_text(textwrap.dedent("""
        import time
        def nap(seconds):
            time.sleep(seconds)
            return seconds
        def spin():
            while True:
                pass
    """))
    with Sandbox(tmp_path, call_timeout=0.6) as sandbox:
        module = sandbox.module("mod", "mod.py")
        assert module.nap(1.2) == 1.2
        assert sandbox.spent < 1.2 / WALL_FACTOR + GRACE
        with pytest.raises(CallTimeout, match="waiting"):
            module.nap(60)
        with pytest.raises(CallTimeout, match="0.6 s of CPU time"):
            module.spin()


def test_memory_is_limited(tmp_path):
    (tmp_path / "mod.py").write_text("import numpy as np\ndef hog():\n    np.ones(10**10)\n")
    with Sandbox(tmp_path) as sandbox:
        with pytest.raises(MemoryError):
            sandbox.module("mod", "mod.py").hog()


def test_the_worker_is_the_first_the_kernel_kills_out_of_memory(tmp_path):
    """A grading container smaller than the worker's address space (Gradescope's default
    768 MB) must lose the worker, not the grader, to the OOM killer."""
    (tmp_path / "adj.py").write_text(
        "def read():\n    return int(open('/proc/self/oom_score_adj').read())\n")
    with Sandbox(tmp_path, call_timeout=5.0) as sandbox:
        assert sandbox.module("adj", "adj.py").read() == 1000
    assert int(open("/proc/self/oom_score_adj").read()) < 1000


def test_global_random_state_is_the_same_at_the_start_of_every_test(tmp_path):
    """A submission drawing from np.random, random or an unseeded default_rng() gets the same
    numbers in every grading, whatever ran before in its worker: the worker seeds them at its
    start and between tests."""
    (tmp_path / "draws.py").write_text(
        "import random\nimport numpy as np\n\n"
        "def draw():\n"
        "    return np.random.rand(3), random.random(), np.random.default_rng().random()\n")
    firsts = []
    for _ in range(2):
        with Sandbox(tmp_path) as sandbox:
            module = sandbox.module("draws", "draws.py")
            first = module.draw()
            second = module.draw()  # the streams go on, and a new generator differs
            assert not np.array_equal(second[0], first[0]) and second[2] != first[2]
            sandbox.clear()  # between tests
            again = module.draw()
            assert np.array_equal(again[0], first[0]) and again[1:] == first[1:]
            firsts.append(first)
    assert np.array_equal(firsts[0][0], firsts[1][0]) and firsts[0][1:] == firsts[1][1:]
