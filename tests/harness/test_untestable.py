""""Could not be tested" is a status of its own: a backward test whose student forward works
on no input is ``untestable`` (0 points, not a failure of the backward), and every report
says so and names the function to fix first."""

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from autograder.classbook.gradebook import Gradebook
from autograder.course import Course, Topic
from autograder.course.verify import patched_reference
from autograder.exports import class_report, gradescope, junit, prairielearn, terminal
from autograder.exports.csv_grades import write_grades_csv
from autograder.exports.feedback import to_html, to_markdown
from autograder.grading.runner import GradingOptions, grade
from autograder.platforms.classroom import runner_results
from autograder.results import STATUSES, GradingResult

ROOT = Path(__file__).resolve().parents[2]
COURSE = Course(ROOT)
ACTIVATIONS = Topic("02_activations")

# prelu_forward raises on every input (its backward is the reference's, correct);
# elu_forward is not implemented yet (its backward is correct too)
BROKEN_FORWARDS = '''
def prelu_forward(x, alpha):
    raise ValueError(f"SECRET-{x.shape}")


def elu_forward(x, alpha=1.0):
    raise NotImplementedError
'''
VISIBLE = "test_prelu_backward_gradcheck"
HIDDEN = "test_backward_matches_reference[prelu_backward]"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> GradingResult:
    folder = patched_reference(COURSE, tmp_path_factory.mktemp("untestable") / "bob",
                               ACTIVATIONS, BROKEN_FORWARDS)
    return grade(COURSE, folder, [ACTIVATIONS], GradingOptions(examples=10))


def _tests(result: GradingResult) -> dict:
    return {test.name: test for test in result.topics[0].tests}


def test_a_correct_backward_behind_a_broken_forward_is_untestable(graded):
    tests = _tests(graded)
    for name in (VISIBLE, HIDDEN, "test_elu_backward_gradcheck",
                 "test_backward_matches_reference[elu_backward]"):
        assert tests[name].status == "untestable", (name, tests[name].feedback)
        assert tests[name].score == 0
    visible = tests[VISIBLE].feedback
    assert "fix prelu_forward() first" in visible and "not a failure of the function" in visible
    assert "SECRET" in visible  # a visible test quotes what the forward raised
    hidden = tests[HIDDEN].feedback
    assert "fix prelu_forward() first" in hidden and "SECRET" not in hidden
    elu = tests["test_elu_backward_gradcheck"].feedback
    assert "elu_forward(): it is not implemented yet" in elu
    hidden = tests["test_backward_matches_reference[elu_backward]"].feedback
    assert "needs elu_forward(), which is not implemented yet" in hidden
    # the forwards' own tests fail or err as usual; the other functions are unaffected
    assert tests["test_prelu_values"].status == "error"
    assert tests["test_maxout_backward_gradcheck"].status == "passed"


def test_every_status_has_a_style_a_junit_element_and_a_runner_status():
    from autograder.platforms.classroom import RUNNER_STATUS

    assert set(terminal.STATUS_STYLE) == set(STATUSES)
    assert set(junit.TAGS) | {"passed"} == set(STATUSES)
    assert set(RUNNER_STATUS) == set(STATUSES)
    from autograder.exports.feedback import STYLE

    assert all(f".{status} " in STYLE for status in STATUSES)


def test_feedback_pages_and_the_terminal_say_could_not_be_tested(graded):
    markdown, page = to_markdown(graded), to_html(graded)
    assert f"### UNTESTABLE `02_activations::{VISIBLE}`" in markdown
    assert "could not be tested (UNTESTABLE)" in markdown
    assert f"<span class='untestable'>UNTESTABLE</span> <code>02_activations::{VISIBLE}" in page
    console = Console(record=True, width=200)
    console.print(terminal.submission_table(graded))
    terminal.print_feedback(console, graded)
    text = console.export_text()
    assert "untestable" in text and f"UNTESTABLE 02_activations::{VISIBLE}" in text
    console = Console(record=True, width=300)
    console.print(terminal.class_table([graded]))
    assert "untestable" in console.export_text()


def test_junit_reports_an_untestable_test_as_skipped(graded):
    root = junit.to_junit([graded]).getroot()
    root = ET.fromstring(ET.tostring(root))
    case = next(c for c in root.iter("testcase") if c.get("name") == VISIBLE)
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("type") == "untestable"
    assert "prelu_forward" in skipped.get("message")
    untestable = sum(t.status == "untestable" for t in graded.topics[0].tests)
    assert int(root.get("skipped")) == untestable > 0
    assert int(root.get("failures")) == sum(t.status == "failed" for t in graded.topics[0].tests)


def test_platforms_carry_the_real_status(graded):
    document = gradescope.to_gradescope(graded)
    entry = next(t for t in document["tests"] if t["name"].endswith(VISIBLE))
    assert entry["status"] == "failed" and entry["extra_data"]["status"] == "untestable"
    assert "fix prelu_forward() first" in entry["output"]
    hidden = next(t for t in document["tests"] if t["name"].endswith(HIDDEN))
    assert "SECRET" not in hidden["output"]
    pl = next(t for t in prairielearn.to_prairielearn(graded)["tests"]
              if t["name"].endswith(VISIBLE))
    assert pl["message"].startswith("untestable: Could not be tested") and pl["points"] == 0
    runner = runner_results(graded.to_dict(), [ACTIVATIONS])[ACTIVATIONS.module]
    statuses = {t["name"]: t["status"] for t in runner["tests"]}
    assert statuses[VISIBLE] == "fail"  # a test that earns nothing, not a grader error


def test_the_gradebook_csv_and_class_report_keep_it_apart(graded, tmp_path):
    with Gradebook(tmp_path / "book.sqlite") as book:
        run = book.record("bob", "bob", "digest", "suite", graded, "graded", "now")
        again = _tests(book.result(run.id))
    assert again[VISIBLE].status == "untestable" and again[VISIBLE].score == 0
    write_grades_csv([graded], tmp_path / "grades.csv")
    row = next(csv.DictReader((tmp_path / "grades.csv").open()))
    assert float(row["02_activations"]) == graded.score < graded.max_score
    stats = {s.name: s for s in class_report.graded_test_stats([graded])}
    visible = stats[VISIBLE]
    assert visible.statuses["untestable"] == 1 and visible.attempted == 0
    assert visible.failing == 0 and visible.pass_rate is None  # nothing known about it
    # a backward whose forward is not implemented: untestable, not "not implemented"
    assert stats["test_elu_backward_gradcheck"].statuses["untestable"] == 1
    json.dumps(graded.to_dict())  # the JSON contract holds the new status as any other
