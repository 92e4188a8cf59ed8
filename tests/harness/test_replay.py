"""Replayed grading gives exactly what full Hypothesis gives (scores, statuses, feedback).

A toy course exercises every path of :mod:`autograder.grading.replay` (examples replayed,
a failure handed to Hypothesis, assume() on the submission's output, st.data() before and
after a call, a submission that keeps state between calls); the real course is compared on
its reference, its stubs and a bug of every topic, and on the demo class. The whole zoo
is compared by ``python tests/harness/replay_equivalence.py``.
"""

from __future__ import annotations

import json
import pickle
import shutil
import textwrap
import warnings
from pathlib import Path

import pytest

from autograder.course import Course, Topic
from autograder.course.verify import bugs_of, patched_reference
from autograder.grading import replay
from autograder.grading.runner import GradingOptions, grade, graded_test_files, watch
from autograder.results import without_timings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 10

TOY = '''
def double(x):
    return 2.0 * x
'''

TOY_TESTS = '''
from hypothesis import assume, given
from hypothesis import strategies as st

from autograder.checks import graded

NUMBERS = st.floats(-10, 10, allow_nan=False)


@graded(points=1, function="double")
@given(x=NUMBERS)
def test_double(student, x):
    "double(x) is 2x."
    assert student.double(x) == 2 * x, f"double({x}) = {student.double(x)}"


@graded(points=1, function="double")
@given(x=NUMBERS)
def test_assume_on_the_output(student, x):
    "double(x) has the sign of x."
    out = student.double(x)
    assume(out != 0)
    assert (out > 0) == (x > 0)


@graded(points=1, function="double")
@given(data=st.data())
def test_draws_before_calling(student, data):
    "double is linear."
    x = data.draw(NUMBERS, label="x")
    y = data.draw(NUMBERS, label="y")
    assert student.double(x + y) == student.double(x) + student.double(y)


@graded(points=1, function="double")
@given(data=st.data())
def test_draws_after_calling(student, data):
    "double(3) is 6, and double(k) is 2k for k up to it."
    top = int(abs(student.double(3.0)))
    k = data.draw(st.integers(0, min(top, 100)), label="k")
    assert student.double(float(k)) == 2.0 * k
'''

SUBMISSIONS = {
    "correct": TOY,
    "wrong above 5": "def double(x):\n    return 2.0 * x + (x > 5)\n",
    "zero below 0": "def double(x):\n    return 2.0 * x if x >= 0 else 0.0\n",
    # state kept between calls: replay must call it exactly as Hypothesis does
    "wrong after 40 calls": "CALLS = [0]\n\ndef double(x):\n    CALLS[0] += 1\n"
                            "    return 2.0 * x + (CALLS[0] > 40)\n",
}


def both_ways(course: Course, submission: Path, topics: list[Topic]) -> tuple[dict, dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a replay that diverged from Hypothesis fails here
        replayed = grade(course, submission, topics, GradingOptions(examples=EXAMPLES))
    full = grade(course, submission, topics, GradingOptions(examples=EXAMPLES, replay=False))
    return without_timings(replayed), without_timings(full)


@pytest.fixture(scope="module")
def toy(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("toy_course")
    for folder, text in (("solutions", TOY), ("assignments", TOY)):
        (root / folder / "01_toy").mkdir(parents=True)
        (root / folder / "01_toy" / "toy.py").write_text(text)
    (root / "tests" / "01_toy").mkdir(parents=True)
    (root / "tests" / "01_toy" / "test_toy.py").write_text(textwrap.dedent(TOY_TESTS))
    return Course(root)


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_toy_course_replayed_as_hypothesis_runs_it(toy, tmp_path, name):
    (tmp_path / "01_toy").mkdir()
    (tmp_path / "01_toy" / "toy.py").write_text(SUBMISSIONS[name])
    replayed, full = both_ways(toy, tmp_path, [Topic("01_toy")])
    assert replayed == full
    if name != "correct":
        assert replayed["score"] < replayed["max_score"]


def test_recordings_say_which_tests_replay(toy):
    grade(toy, toy.solutions, [Topic("01_toy")], GradingOptions(examples=EXAMPLES))
    [path] = graded_test_files(toy, [Topic("01_toy")])
    with open(replay.cache_path(toy.root, path, EXAMPLES), "rb") as stream:
        recordings = pickle.load(stream)
    assert {name: r.replayable for name, r in recordings.items()} == {
        "test_double": True, "test_assume_on_the_output": True,
        "test_draws_before_calling": True, "test_draws_after_calling": False}
    assert "after calling the submission" in recordings["test_draws_after_calling"].why_not
    assert all(r.complete for r in recordings.values())
    assert len(recordings["test_double"].examples) == EXAMPLES
    outcomes = [example.outcome for example in recordings["test_assume_on_the_output"].examples]
    assert outcomes.count(replay.PASSED) == EXAMPLES and replay.REJECTED in outcomes
    assert all(len(example.draws) == 2
               for example in recordings["test_draws_before_calling"].examples)


def test_a_changed_test_file_is_recorded_again(toy, tmp_path):
    course = Course(tmp_path / "course")
    shutil.copytree(toy.root, course.root, ignore=shutil.ignore_patterns(".autograder-cache"))
    [path] = graded_test_files(course, [Topic("01_toy")])
    before = replay.cache_path(course.root, path, EXAMPLES)
    grade(course, course.solutions, [Topic("01_toy")], GradingOptions(examples=EXAMPLES))
    assert before.is_file() and replay.missing(course.root, [path], EXAMPLES) == []
    path.write_text(path.read_text() + "\n# changed\n")
    assert replay.cache_path(course.root, path, EXAMPLES) != before
    assert replay.missing(course.root, [path], EXAMPLES) == [path]
    grade(course, course.solutions, [Topic("01_toy")], GradingOptions(examples=EXAMPLES))
    assert not before.exists()  # the stale recording is dropped
    assert replay.missing(course.root, [path], EXAMPLES) == []


def test_watch_rounds_match_single_gradings(toy, tmp_path):
    submission = tmp_path / "mine"
    (submission / "01_toy").mkdir(parents=True)
    module = submission / "01_toy" / "toy.py"
    versions = [SUBMISSIONS[name] for name in ("wrong above 5", "correct", "zero below 0")]
    module.write_text(versions[0])
    rounds, saves = [], versions[1:]

    def save() -> bool:
        if not saves:
            return False
        module.write_text(saves.pop(0))
        return True

    options = GradingOptions(examples=EXAMPLES, visible_only=True)
    watch(toy, submission, [Topic("01_toy")], options, rounds.append, save)
    assert len(rounds) == 3
    for version, result in zip(versions, rounds):
        module.write_text(version)
        alone = grade(toy, submission, [Topic("01_toy")], options)
        assert without_timings(result) == without_timings(alone)
    assert [r.score for r in rounds][1] == 4.0


def sample(course: Course, topic: Topic) -> list[tuple[str, object]]:
    """The reference, the stubs and a bug of ``topic``."""
    return [("solutions", None), ("assignments", None),
            *((bug.name, bug) for bug in bugs_of(course, topic)[:1])]


COURSE = Course(ROOT)


@pytest.mark.parametrize("topic", COURSE.topics(), ids=lambda t: t.name)
def test_course_replayed_as_hypothesis_runs_it(topic, tmp_path):
    for name, bug in sample(COURSE, topic):
        submission = (patched_reference(COURSE, tmp_path / name, topic, bug.source) if bug
                      else COURSE.root / name)
        replayed, full = both_ways(COURSE, submission, [topic])
        assert replayed == full, name


def test_demo_class_replayed_as_hypothesis_grades_it():
    topics = [Topic("02_activations"), Topic("03_losses")]
    for student in sorted(p for p in (ROOT / "examples" / "demo_class").iterdir() if p.is_dir()):
        replayed, full = both_ways(COURSE, student, topics)
        assert replayed == full, student.name


def test_two_gradings_are_identical(tmp_path):
    topic = Topic("03_losses")
    bug = bugs_of(COURSE, topic)[0]
    results = []
    for attempt in ("first", "second"):
        submission = patched_reference(COURSE, tmp_path / attempt, topic, bug.source)
        result = without_timings(grade(COURSE, submission, [topic],
                                       GradingOptions(examples=EXAMPLES)))
        result.pop("submission")
        results.append(json.dumps(result, sort_keys=True))
    assert results[0] == results[1]


def test_topics_graded_in_parallel_as_in_one_process():
    topics = [Topic("02_activations"), Topic("03_losses"), Topic("05_optimizers")]
    options = GradingOptions(examples=EXAMPLES)
    one = grade(COURSE, COURSE.assignments, topics, options)
    two = grade(COURSE, COURSE.assignments, topics, options, jobs=2)
    assert without_timings(one) == without_timings(two)
