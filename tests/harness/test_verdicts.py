"""The machinery that proves verdicts: trivial implementations, mutants, required evidence,
documented rules, opaque probes and inputs drawn where a needed forward works."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks.dependencies import Untestable, through, working_forward
from autograder.checks.marks import graded, points_of
from autograder.course.mutants import sample
from autograder.course.mutation_operators import mutants_of, solution_lines
from autograder.course.trivial import trivial_source
from autograder.course.verify import docstring_rules
from autograder.grading.runner import withhold_unproven
from autograder.results import TestResult as Result
from autograder.results import TopicResult

MODULE = '''import numpy as np


def layer_forward(x, w):
    """Doc.

    Rules:
    - any-rank: x of any rank.
    """
    ### BEGIN SOLUTION
    out = np.sum(x * w, axis=-1, keepdims=True) / x.shape[-1]
    return out, (x, w)
    ### END SOLUTION


def size(n):
    ### BEGIN SOLUTION
    return n - 1
    ### END SOLUTION
'''


def _exec(source: str) -> dict:
    namespace: dict = {}
    exec(compile(source, "<module>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("mode, value", [("zeros", 0.0), ("ones", 1.0)])
def test_trivial_versions_keep_the_structure_and_replace_floats(mode, value):
    module = _exec(MODULE + trivial_source(MODULE, ["layer_forward", "size"], mode))
    x, w = np.arange(6.0).reshape(2, 3), np.ones(3)
    out, (cache_x, cache_w) = module["layer_forward"](x, w)
    assert out.shape == (2, 1) and np.all(out == value) and np.all(cache_x == value)
    assert np.all(x == np.arange(6.0).reshape(2, 3))  # inputs untouched
    with pytest.raises(NotImplementedError):  # an int output has no trivial version
        module["size"](3)


def test_first_input_version_copies_the_input_where_shapes_match():
    module = _exec(MODULE + trivial_source(MODULE, ["layer_forward"], "first-input"))
    x = np.arange(6.0).reshape(2, 3)
    out, (cache_x, _) = module["layer_forward"](x, np.ones(3))
    assert np.all(out == 0) and np.array_equal(cache_x, x) and cache_x is not x


def test_mutants_stay_inside_solution_blocks_and_include_numpy_operators():
    mutants = mutants_of(MODULE)
    lines = solution_lines(MODULE)
    changes = {line[1:].strip() for m in mutants for line in m.diff.splitlines()
               if line.startswith("+") and not line.startswith("+++")}
    for change in ("axis=None", "keepdims=False", "np.mean(", "x.shape[1]", "np.sum(x, axis",
                   "return n + 1"):
        assert any(change in line for line in changes), change
    for mutant in mutants:
        changed = [i for i, (a, b) in enumerate(zip(MODULE.splitlines(),
                                                    mutant.source.splitlines()), 1) if a != b]
        assert changed and set(changed) <= lines, mutant.diff
    assert len({m.id for m in mutants}) == len(mutants)
    assert "out = np.sum(x * w, axis=-1, keepdims=True)" in changes  # /N removed


def test_sampling_is_deterministic_and_nested():
    mutants = mutants_of(MODULE)
    assert sample(mutants, 3) == sample(mutants, 3)
    assert set(m.id for m in sample(mutants, 3)) <= set(m.id for m in sample(mutants, 6))


def test_properties_pay_only_with_their_required_value_tests():
    result = TopicResult("t", [Result("test_values", "f", 2, "visible", "failed", "x"),
                               Result("test_invariance", "f", 2, "visible", "passed", "y")])
    withhold_unproven(result, {"test_invariance": ("test_values",)})
    assert result.tests[1].status == "failed" and "test_values" in result.tests[1].feedback
    assert result.score == 0


def test_contract_weight_scales_only_contract_tests():
    contract = graded(2, "f", contract="inputs unchanged").kwargs
    assert points_of(contract, 0.0) == 0.0 and points_of(contract, 0.5) == 1.0
    assert points_of(graded(2, "f").kwargs, 0.0) == 2.0


def test_docstring_rules_are_read():
    assert docstring_rules(MODULE) == {"layer_forward": ["any-rank"]}


def _forward_failing_on_odd(x):
    if x.size % 2:
        raise ValueError("odd")
    return x * 2.0, x


def test_backward_is_tested_where_the_forward_works():
    seen = []

    @through
    @given(n=st.integers(1, 6))
    def check(n):
        out, _ = working_forward(_forward_failing_on_odd, {"x": np.ones(n)}, (n,))
        seen.append(out.size)

    check()
    assert seen and all(size % 2 == 0 for size in seen)


def test_a_forward_that_never_works_makes_the_test_untestable():
    @through
    @given(n=st.integers(1, 3))
    def check(n):
        working_forward(lambda x: x, {"x": np.ones(n)}, (n,))

    with pytest.raises(Untestable, match="Could not be tested") as info:
        check()
    assert info.value.needed == {"<lambda>": "it did not return a pair (out, cache)"}
    assert "fix <lambda>() first" in str(info.value)
    assert "did not return" not in info.value.hidden_message()  # what it did is not shown


def test_a_forward_not_implemented_yet_makes_the_test_untestable_at_once():

    def stub(x):
        raise NotImplementedError

    @through
    @given(n=st.integers(1, 3))
    def check(n):
        working_forward(stub, {"x": np.ones(n)}, (n,))

    with pytest.raises(Untestable, match="stub\\(\\): it is not implemented yet"):
        check()


# functions whose arguments are all immutable (ints, floats, tuples) or a generator that
# must advance: "inputs unchanged" cannot fail for them, so no test pays for it
NOTHING_TO_CHANGE = {"kfold_indices", "xavier_init", "he_init", "zeros_init", "step_decay",
                     "exponential_decay", "conv_output_size", "conv_param_count",
                     "same_padding", "bptt_gain"}


def test_every_graded_function_states_its_rules_and_keeps_its_inputs():
    """Every graded function's reference docstring has a ``Rules:`` list, each rule is
    named by a test and each rule a test names is stated (verify's check, on every topic);
    every function that takes arrays has a public inputs-unchanged test naming that rule."""
    from pathlib import Path

    from autograder.course import Course
    from autograder.course.verify import untested_rules
    from autograder.grading.runner import collect

    course = Course(Path(__file__).resolve().parents[2])
    inventory = collect(course, course.topics())
    for topic, tests in inventory.items():
        assert untested_rules(course, topic, tests) == []
        stated = docstring_rules((course.solutions / topic.relpath).read_text("utf-8"))
        for function in dict.fromkeys(test.function for test in tests):
            assert stated.get(function), f"{topic.name}: {function}() states no Rules"
            public = [t for t in tests if t.function == function and t.visibility == "visible"
                      and t.contract == "inputs unchanged" and "inputs-unchanged" in t.rules]
            assert bool(public) != (function in NOTHING_TO_CHANGE), (topic.name, function)
