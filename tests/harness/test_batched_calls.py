"""Many calls in one request: the sandbox's map and forward -> backward pipeline, and the
checks that use them."""

import numpy as np
import pytest

from autograder.checks import check_backward, fill
from autograder.checks.contracts import (
    call_each, chain_outcomes, forward_backward, value_of, values_in_order)
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

def momentum(w, dw, config):
    config.setdefault("v", np.zeros_like(w))
    config["v"] = 0.9 * config["v"] - dw
    if np.any(np.isnan(dw)):
        raise ValueError("nan gradient")
    return w + config["v"], config

def walk(x, rng):
    return x + rng.standard_normal(x.shape)

def shrinking(w, dw, config):
    return (w - dw, config) if w[0] >= 0 else w

def tally(config):
    config["n"] = config.get("n", 0) + 1
    return config["n"]
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


def test_a_map_logs_each_item_as_it_was_sent(student):
    """Items sharing a dict that each call changes in place were all sent before the first
    change was written back: the log shows that, not the dict as it ended."""
    config = {}
    results = student.tally.map([((config,), {}), ((config,), {})])
    assert [result.value for result in results] == [1, 1]
    assert [call.args for call in student.sandbox.calls.calls] == [({},), ({},)]
    assert config == {"n": 1}  # written back, as after any call that changed it


def test_a_chain_logs_each_step_as_it_was_sent_and_fed(student):
    """A dict shared by the steps is logged as sent; a fed argument as the step before left
    it (as a loop of single calls would log them)."""
    shared, carried = {}, {}
    student.tally.chain([((shared,), {}), ((shared,), {})], {})
    assert [call.args for call in student.sandbox.calls.calls] == [({},), ({},)]
    student.sandbox.calls.clear()
    student.tally.chain([((carried,), {}), ((None,), {}), ((None,), {})], {0: None})
    assert [call.args for call in student.sandbox.calls.calls] == [
        ({},), ({"n": 1},), ({"n": 2},)]
    assert shared == {"n": 1} and carried == {"n": 3}


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


def loop(fn, w, grads, config):
    """What a chain of optimizer steps does, one call at a time."""
    values = []
    for g in grads:
        w, config = fn(w.copy(), g.copy(), {**config})
        values.append((w, config))
    return values


def test_a_chain_makes_the_calls_of_a_loop_that_feeds_each_value_back(student):
    sandbox, w = student.sandbox, np.arange(3.0)
    grads = [fill((3,), seed) for seed in range(4)]
    for batched in (True, False):  # in one request; through a plain callable, in a loop
        fn = student.momentum if batched else lambda *args: student.momentum(*args)
        sandbox.clear()
        sandbox.returns.reset()
        outcomes = chain_outcomes(fn, [((w.copy(), g, {}), {}) for g in grads],
                                  feed={0: 0, 2: 1})
        if batched:
            chained = sandbox.returns.hexdigest(), [c.args for c in sandbox.calls.calls]
        got = [outcome.value for outcome in outcomes]
        expected = loop(student.momentum, w, grads, {})
        assert len(got) == 4
        for (got_w, got_config), (w_k, config_k) in zip(got, expected):
            assert np.array_equal(got_w, w_k) and np.array_equal(got_config["v"], config_k["v"])
    assert student.sandbox.call_count >= 8
    sandbox.clear()
    sandbox.returns.reset()
    loop(student.momentum, w, grads, {})
    looped = sandbox.returns.hexdigest(), [c.args for c in sandbox.calls.calls]
    assert chained[0] == looped[0]  # the same values returned, in the same order
    for got_args, loop_args in zip(chained[1], looped[1], strict=True):  # and the same calls
        assert all(np.array_equal(a, b) if isinstance(a, np.ndarray) else
                   a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
                   for a, b in zip(got_args, loop_args, strict=True))
    assert np.array_equal(w, np.arange(3.0))


def test_a_chain_carries_a_random_generator_as_each_call_left_it(student):
    x, seed = np.zeros(2), 5
    rng = np.random.default_rng(seed)
    one_by_one = [student.walk(x, rng) for _ in range(3)]
    chained = chain_outcomes(student.walk, [((x, np.random.default_rng(seed)), {})] * 3,
                             feed={1: None})
    assert all(np.array_equal(a.value, b) for a, b in zip(chained, one_by_one, strict=True))
    assert len({tuple(value) for value in one_by_one}) == 3  # the generator did move on


def test_a_chain_ends_where_a_loop_would_stop(student):
    w, bad = np.arange(3.0), np.array([np.nan, 0.0, 0.0])
    grads = [np.ones(3), bad, np.ones(3), np.ones(3)]
    outcomes = chain_outcomes(student.momentum, [((w, g, {}), {}) for g in grads],
                              feed={0: 0, 2: 1})
    assert len(outcomes) == 2 and isinstance(outcomes[1], ValueError)
    assert student.sandbox.calls.last().raised == "ValueError"
    # a value that does not hold what the next call needs ends it, that value last
    outcomes = chain_outcomes(student.shrinking, [((np.ones(2), np.ones(2), {}), {})] * 5,
                              feed={0: 0, 2: 1})
    assert len(outcomes) == 3 and isinstance(outcomes[2].value, np.ndarray)
    assert np.array_equal(student.scale(np.ones(1)), [2.0])  # the worker is in sync


def test_a_batch_checked_in_order_names_the_call_it_reached_as_the_failing_one(student):
    from autograder.grading.failing_call import failing_call

    sandbox = student.sandbox
    values = values_in_order(student.scale,
                             [((np.ones(1),), {"by": by}) for by in (1.0, 2.0, 3.0)])
    next(values)
    assert "by=1.0" in failing_call(sandbox.calls)[0]
    next(values)
    code, _ = failing_call(sandbox.calls)
    assert "by=2.0" in code and "by=3.0" not in code
    student.scale(np.ones(1), by=4.0)  # a call made after it is the latest again
    assert "by=4.0" in failing_call(sandbox.calls)[0]
    grads = [np.ones(3), np.array([np.nan, 0.0, 0.0]), np.ones(3)]
    outcomes = chain_outcomes(student.momentum, [((np.zeros(3), g, {}), {}) for g in grads],
                              feed={0: 0, 2: 1})
    value_of(outcomes[0])
    assert "nan" not in failing_call(sandbox.calls)[0]
    with pytest.raises(ValueError):
        value_of(outcomes[1])
    assert "nan" in failing_call(sandbox.calls)[0]
