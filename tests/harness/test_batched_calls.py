"""Many calls in one request: the sandbox's map and forward -> backward pipeline, and the
checks that use them."""

import numpy as np
import pytest

from autograder.checks import check_backward, fill
from autograder.checks.contracts import call_each, forward_backward
from autograder.sandbox.client import BudgetExhausted, CallTimeout, Sandbox, StudentError

MODULE = '''
import time
import numpy as np

class Cache:
    def __init__(self, x):
        self.x = x

def scale(x, by=2.0):
    if by < 0:
        raise ValueError("negative factor")
    return x * by

def in_place(x):
    x += 1
    return x

def overflow(x):
    return np.exp(x)

def spin(x):
    while x > 0:
        pass

def burn(seconds):
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass

def forward(x):
    return x * 3, Cache(x)

def backward(dout, cache):
    return dout * 3

def wrong_backward(dout, cache):
    return dout * 2.9

def forward_without_cache(x):
    return x * 3

def forward_raises(x):
    raise RuntimeError("no forward")
'''


@pytest.fixture
def student(tmp_path):
    (tmp_path / "mod.py").write_text(MODULE)
    with Sandbox(tmp_path, call_timeout=1.0) as sandbox:
        yield sandbox.module("mod", "mod.py")


def test_map_answers_each_item_in_order_with_its_own_report(student):
    x = np.arange(3.0)
    results = student.scale.map([((x,), {}), ((x,), {"by": -1.0}), ((x,), {"by": 0.5})])
    assert np.array_equal(results[0].value, 2 * x)
    assert isinstance(results[1], StudentError) and isinstance(results[1], ValueError)
    assert results[1].function == "scale"
    assert np.array_equal(results[2].value, 0.5 * x)
    assert student.sandbox.call_count == 3
    # the log ends at the item that raised: the call a test stopping there reports
    assert [call.kwargs for call in student.sandbox.calls.calls] == [{}, {"by": -1.0}]
    assert student.sandbox.calls.last().raised == "ValueError"
    mutated, plain = student.in_place.map([((np.zeros(2),), {}), ((np.zeros(0),), {})])
    assert mutated.mutated == ("x",) and plain.mutated == ()
    warned, quiet = student.overflow.map([((np.array([1000.0]),), {}), ((np.zeros(1),), {})])
    assert any("overflow" in w for w in warned.warnings) and quiet.warnings == ()


def test_a_map_item_that_times_out_ends_the_map_and_the_next_call_works(student):
    with pytest.raises(CallTimeout):
        student.spin.map([((0,), {}), ((1,), {}), ((0,), {})])
    assert np.array_equal(student.scale(np.ones(1)), [2.0])  # a fresh worker, in sync


def test_each_map_item_counts_against_the_budget(tmp_path):
    (tmp_path / "mod.py").write_text(MODULE)
    with Sandbox(tmp_path, call_timeout=5.0) as sandbox:
        sandbox.module("mod", "mod.py").burn.map([((0.2,), {})] * 3)
        assert sandbox.spent >= 0.6
    with Sandbox(tmp_path, call_timeout=5.0, budget=0.5) as sandbox:
        module = sandbox.module("mod", "mod.py")
        with pytest.raises((BudgetExhausted, CallTimeout)):  # 2 s of work, a 0.5 s budget
            module.burn.map([((0.2,), {})] * 10)
        assert sandbox.spent < 2.0


def test_pipeline_passes_the_cache_without_a_round_trip(student):
    sandbox, x, dout = student.sandbox, np.arange(3.0), np.ones(3)
    first, second = sandbox.pipeline(student, "forward", {"x": x}, "backward", dout)
    assert np.array_equal(first.value[0], 3 * x) and "Cache" in repr(first.value[1])
    assert np.array_equal(second.value, 3 * dout)
    assert np.array_equal(student.backward(dout, first.value[1]), 3 * dout)  # kept there
    failed, nothing = sandbox.pipeline(student, "forward_raises", {"x": x}, "backward", dout)
    assert isinstance(failed, RuntimeError) and nothing is None
    _, stopped = sandbox.pipeline(student, "forward_without_cache", {"x": x}, "backward", dout)
    assert isinstance(stopped, StudentError)
    with pytest.raises(AssertionError, match=r"forward_without_cache\(\) should return a tuple"):
        forward_backward(student.forward_without_cache, student.backward, {"x": x}, dout)


def test_checks_give_the_same_verdicts_batched_and_one_by_one(student):
    x = fill((2, 3), 1)
    plain_forward = lambda x: (x * 3, None)  # noqa: E731
    for forward in (student.forward, plain_forward):
        check_backward(forward, student.backward, {"x": x}, ("x",), fill((2, 3), 2))
        with pytest.raises(AssertionError, match="dx does not match"):
            check_backward(forward, student.wrong_backward, {"x": x}, ("x",), fill((2, 3), 2))
    calls_before = student.sandbox.call_count
    check_backward(student.forward, student.backward, {"x": x}, ("x",), fill((2, 3), 2),
                   mode="full")
    # the pair, the scale, then one request for the 2 * 6 perturbed points
    assert student.sandbox.call_count - calls_before == 2 + 1 + 12
    for result in call_each(student.forward, [((), {"x": x})] * 2):
        assert np.array_equal(result.value[0], 3 * x)


def test_batched_calls_are_logged_and_digested_as_single_calls_are(student):
    """The exact failing call and the similarity digest see a pipeline's two calls, and a
    map's, as they see the same calls made one by one."""
    from autograder.grading.failing_call import failing_call

    sandbox, x, dout = student.sandbox, np.arange(3.0), np.ones(3)
    digests = []
    for batched in (True, False):
        sandbox.clear()
        sandbox.returns.reset()
        if batched:
            sandbox.pipeline(student, "forward", {"x": x}, "backward", dout)
            student.scale.map([((x,), {}), ((x,), {"by": 0.5})])
        else:
            _, cache = student.forward(x=x)
            student.backward(dout, cache)
            student.scale(x)
            student.scale(x, by=0.5)
        digests.append(sandbox.returns.hexdigest())
        assert [call.function for call in sandbox.calls.calls] == [
            "forward", "backward", "scale", "scale"]
    assert digests[0] == digests[1]
    sandbox.clear()
    sandbox.pipeline(student, "forward", {"x": x}, "backward", dout)
    code, exact = failing_call(sandbox.calls)
    assert exact and "result_1 = forward(x=np.array([0.0, 1.0, 2.0]))" in code
    assert "backward(np.array([1.0, 1.0, 1.0]), result_1[1])" in code
