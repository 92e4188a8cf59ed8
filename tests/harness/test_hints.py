"""Hints: the zoo's own hint for an exact zoo mistake, a class hint learnt from the course's
zoo for a mistake it does not hold, their leave-one-out measure, the patterns file `release`
keeps current, and when (the due date) and where (feedback files, terminal, Gradescope,
PrairieLearn) students read them."""

from __future__ import annotations

import datetime
import json

import pytest
from rich.console import Console

from autograder.course import Course, CourseError, Topic
from autograder.course.hints import leave_one_out, record, stale
from autograder.course.verify import Bug, patched_reference
from autograder.exports import write_exports
from autograder.exports.common import HINT, hints_shown
from autograder.exports.gradescope import to_gradescope
from autograder.exports.prairielearn import to_prairielearn
from autograder.exports.terminal import print_feedback
from autograder.grading import zoo
from autograder.grading.mistakes import MISTAKES, class_hint
from autograder.grading.runner import GradingOptions, grade
from autograder.results import GradingResult, Lateness, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class

NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.timezone.utc)


def failure(function, kind, test="t", diagnosis=None, evidence="e"):
    return {test: {"function": function, "status": "failed", "kind": kind,
                   "diagnosis": diagnosis, "evidence": evidence}}


def bug(mistake, failures, hint=None):
    return {"hint": hint or f"a {mistake} bug", "mistake": mistake, "failures": failures}


def test_the_exact_zoo_hint_needs_exactly_one_matching_mistake():
    mine = zoo.failures([Outcome("t1", "f", 1.0, "visible", "failed", "", 0,
                                 {"kind": "value", "evidence": "x"}),
                         Outcome("t2", "g", 1.0, "visible", "passed", "")])
    assert mine == failure("f", "value", "t1", evidence="x")
    bugs = {"a": bug("sign", mine, "forgot the -1"), "b": bug("sign", failure("f", "gradient"))}
    assert zoo.zoo_hint(mine, bugs) == "forgot the -1"
    assert zoo.hints(mine, bugs, []) == {"f": "forgot the -1"}
    bugs["c"] = bug("factor", mine, "a different mistake")
    assert zoo.zoo_hint(mine, bugs) is None  # ambiguous: no hint rather than a wrong one
    assert zoo.zoo_hint({}, bugs) is None


def test_leave_one_out_holds_each_bug_out_and_counts_right_false_and_silent_hints():
    """Seven in-place bugs of seven functions and a wrong-formula bug that also mutates its
    input: held out, an in-place bug has six of its class and one other to learn from, a
    confidence of 6/(7 + 1) = 0.75, so it gets the in-place hint (right); the formula bug
    gets it too (false). Two sign bugs: held out, each has one left, so no hint (a rule
    needs three bugs). With one in-place bug fewer (5/7 < 0.75) the in-place bugs get
    none: each bug's own entry is out of what it is measured with."""
    in_place = {f"p{i}": bug("in-place", failure(f"f{i}", "mutation", f"t_{i}")) for i in range(7)}
    course_zoo = {
        "01_a": {**dict(list(in_place.items())[:4]),
                 "s": bug("sign", failure("f0", "value", diagnosis="factor:-1")),
                 "w": bug("formula", {**failure("h", "mutation", "t_h"),
                                      **failure("h", "value", "t_v")})},
        "02_b": {**dict(list(in_place.items())[4:]),
                 "v": bug("sign", failure("g", "gradient", diagnosis="factor:-1"))},
    }
    scores = {score.topic: score for score in leave_one_out(course_zoo)}
    first, second = scores["01_a"], scores["02_b"]
    assert (first.bugs, first.right, first.wrong) == (6, 4, 1)
    assert (second.bugs, second.right, second.wrong) == (4, 3, 0)
    assert ("w", "formula", ["in-place"]) in first.given
    assert not any(name in ("s", "v") for name, _, _ in first.given + second.given)
    del course_zoo["02_b"]["p6"]
    scores = {score.topic: score for score in leave_one_out(course_zoo)}
    assert (scores["01_a"].right, scores["01_a"].wrong, scores["02_b"].right) == (0, 1, 0)


def test_a_class_hint_names_the_function_and_a_formula_class_gives_none():
    learnt = zoo.examples({f"b{i}": bug("in-place", failure(f"g{i}", "mutation", f"t{i}"))
                           for i in range(4)}, "01_a")
    found = zoo.hints(failure("svm_loss", "mutation", "test_x"), {}, learnt)
    assert found == {"svm_loss": class_hint("in-place", "svm_loss")}
    assert "svm_loss()" in found["svm_loss"]
    learnt = zoo.examples({f"b{i}": bug("formula", failure(f"g{i}", "value", f"t{i}"))
                           for i in range(4)}, "01_a")
    assert MISTAKES["formula"] is None
    assert zoo.hints(failure("f", "value"), {}, learnt) == {}


def test_a_bug_declares_the_class_of_its_mistake(tmp_path):
    path = tmp_path / "b.py"
    path.write_text('"""f flips."""\nCAUGHT_BY = ["t"]\nMISTAKE = "sign"\n')
    assert Bug.load(Topic("01_a"), path).mistake == "sign"
    for line in ("", 'MISTAKE = "typo"\n'):
        path.write_text(f'"""f flips."""\nCAUGHT_BY = ["t"]\n{line}')
        with pytest.raises(ValueError, match="MISTAKE"):
            Bug.load(Topic("01_a"), path)


def toy_course(tmp_path):
    for folder in ("tests/02_toy/bugs", "solutions/02_toy"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "tests/02_toy/test_toy.py").write_text("# graded tests\n")
    (tmp_path / "solutions/02_toy/toy.py").write_text("def f(x):\n    return x\n")
    (tmp_path / "tests/02_toy/bugs/neg.py").write_text(
        '"""f flips the sign."""\nCAUGHT_BY = ["t1"]\nMISTAKE = "sign"\n\n'
        'def f(x):\n    return -x\n')
    return Course(tmp_path)


def test_recorded_patterns_are_used_only_while_the_topic_and_its_bugs_are_unchanged(tmp_path):
    from autograder.course.verify import bugs_of

    course, topic = toy_course(tmp_path), Topic("02_toy")
    assert stale(course, topic, 10).endswith("missing")
    graded = {bugs_of(course, topic)[0]: [Outcome("t1", "f", 1.0, "visible", "failed", "", 0,
                                                  {"kind": "value", "evidence": "a"})]}
    record(course, topic, graded, 10)
    assert stale(course, topic, 10) is None
    assert "recorded with 10" in stale(course, topic, 50)
    assert zoo.load(course, topic) == {"neg": bug("sign", failure("f", "value", "t1", evidence="a"),
                                                  "f flips the sign.")}
    (tmp_path / "tests/02_toy/bugs/neg.py").write_text(
        '"""f doubles."""\nCAUGHT_BY = ["t1"]\nMISTAKE = "factor"\n\ndef f(x):\n    return 2 * x\n')
    assert "the bugs changed" in stale(course, topic, 10)
    (tmp_path / "tests/02_toy/test_toy.py").write_text("# the tests changed\n")
    assert "tests or the reference changed" in stale(course, topic, 10)
    assert zoo.load(course, topic) == {}  # stale: no hint rather than a wrong one


def test_the_course_chooses_when_students_read_hints(tmp_path):
    course = Course(tmp_path)
    assert course.hints == "after_due_date"
    (tmp_path / "course.toml").write_text('[feedback]\nhints = "always"\n')
    assert course.hints == "always"
    (tmp_path / "course.toml").write_text('[feedback]\nhints = "sometimes"\n')
    with pytest.raises(CourseError, match="hints must be one of"):
        course.hints


def hinted(due=None, hint="relu_backward() flips a sign \x1b[31m<b>bold</b>."):
    result = GradingResult("alice", [TopicResult("02_activations", [
        Outcome("test_relu_backward_gradcheck", "relu_backward", 2.0, "visible", "failed",
                "relu_backward is the gradient\ndx is wrong", 0.1,
                {"kind": "gradient", "hint": hint})])], {})
    if due:
        result.lateness = Lateness("2026-12-01T10:00:00+00:00", "file", due, 0.0, "none", 0.0)
    return result


def test_after_the_due_date_means_the_students_own_due_date():
    assert not hints_shown(hinted(), "after_due_date", NOW)  # no due date known
    assert not hints_shown(hinted("2026-12-08T00:00:00+00:00"), "after_due_date", NOW)
    assert hints_shown(hinted("2026-12-07T11:00:00+00:00"), "after_due_date", NOW)
    assert hints_shown(hinted(), "always", NOW) and not hints_shown(hinted(), "never", NOW)
    with pytest.raises(ValueError):
        hints_shown(hinted(), "sometimes")


def test_feedback_files_carry_the_hint_once_due(tmp_path):
    past, future = "2020-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"
    for due, shown in ((past, True), (future, False)):
        write_exports([hinted(due)], tmp_path / due[:4], ["feedback"], hints="after_due_date")
        for name in ("feedback.md", "feedback.html"):
            text = (tmp_path / due[:4] / "students/alice" / name).read_text()
            assert ("flips a sign" in text) is shown
            assert "\x1b" not in text
    page = (tmp_path / "2020/students/alice/feedback.html").read_text()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold" not in page


def test_the_terminal_shows_the_hint_inert():
    console = Console(record=True, width=200, force_terminal=True)
    print_feedback(console, hinted(), hints=True)
    text = console.export_text()
    assert f"{HINT} relu_backward() flips a sign" in text and "\x1b[31m" not in text
    console = Console(record=True, width=200)
    print_feedback(console, hinted(), hints=False)
    assert "flips a sign" not in console.export_text()


def test_gradescope_leaves_a_hint_not_yet_due_to_its_own_due_date():
    future = hinted("2999-01-01T00:00:00+00:00")
    tests = to_gradescope(future, hints="after_due_date")["tests"]
    assert "flips a sign" not in tests[0]["output"]
    [entry] = [test for test in tests if test["name"].endswith(": hint")]
    assert entry["visibility"] == "after_due_date" and entry["max_score"] == entry["score"] == 0
    assert "flips a sign" in entry["output"] and "\x1b" not in entry["output"]
    shown = to_gradescope(hinted("2020-01-01T00:00:00+00:00"), hints="after_due_date")["tests"]
    assert len(shown) == 1 and "flips a sign" in shown[0]["output"]
    assert "flips a sign" not in json.dumps(to_gradescope(future, hints="never"))


def test_prairielearn_shows_the_hint_inert_when_shown():
    [test] = to_prairielearn(hinted(), hints=True)["tests"]
    assert "flips a sign" in test["output"] and "\x1b" not in test["output"]
    assert "flips a sign" not in json.dumps(to_prairielearn(hinted()))


SVM_IN_PLACE = '''
def svm_loss(x, y, delta=1.0):
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    x -= correct - delta          # a mistake the zoo does not hold: svm_loss writes into x
    x[np.arange(N), y] = 0.0
    margins = np.maximum(0.0, x)
    loss = margins.sum() / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = -dx.sum(axis=1)
    return float(loss), dx / N
'''


def graded_with_a_new_mistake(tmp_path):
    course, topic = Course.find(), Topic("03_losses")
    if stale(course, topic, 50):
        pytest.skip(f"{stale(course, topic, 50)}: run `autograder release`")
    submission = patched_reference(course, tmp_path / "sub", topic, SVM_IN_PLACE)
    return grade(course, submission, [topic], GradingOptions(examples=10))


def test_grading_names_the_class_of_a_mistake_the_zoo_does_not_hold(tmp_path):
    result = graded_with_a_new_mistake(tmp_path)
    failing = [test for test in result.topics[0].tests if test.status != "passed"]
    assert failing and all(test.function == "svm_loss" for test in failing)
    assert {test.details.get("hint") for test in failing} == {class_hint("in-place", "svm_loss")}
