"""Exports made from the results model: grades.csv, per-student files, junit.xml, the class
report (also rendered by headless Chromium), and `grade --format ...` / GITHUB_STEP_SUMMARY
through the command line."""

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.exports import EXPORTS, gradescope, render, student_id, write_exports
from autograder.exports.class_report import graded_test_stats, not_attempted
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script> & <b>"
CALL_A = "sigmoid_forward(np.array([1000.0]))"
CALL_B = "sigmoid_forward(np.array([-3.5, 2.0]))"
CALL_HEADING = "Failing call (paste it into Python next to your module to reproduce it):"


def feedback(reason, call=None):
    """``(feedback text, details)`` as the grader writes them for a failure on ``call``."""
    parts = ["sigmoid_forward is finite for |x| up to 1000.", reason]
    if call:
        parts.append(f"{CALL_HEADING}\n    {call}")
    return "\n".join(parts), ({"call": call} if call else {})


def student(submission, sigmoid, hidden, losses, loss_feedback="", duration=1.5):
    """A result with 2 topics: activations (a visible and a hidden test), losses (one)."""
    return GradingResult(submission, [
        TopicResult("02_activations", [
            outcome("test_sigmoid_extreme_inputs", "sigmoid_forward", 2.0, "visible",
                    *sigmoid, 0.25),
            outcome("test_forward_matches_reference[sigmoid_forward]", "sigmoid_forward",
                    3.0, "hidden", *hidden, 0.5),
        ]),
        TopicResult("03_losses", [
            Outcome("test_svm_loss_saturates", "svm_loss", 2.5, "after_due_date", losses,
                    loss_feedback or "svm_loss saturates.", 0.125),
        ]),
    ], {"autograder_version": "test", "duration_s": duration})


def outcome(name, function, points, visibility, status, text, duration):
    """A test result; ``text`` is its feedback, or ``(feedback, details)``."""
    feedback_text, details = (text, {}) if isinstance(text, str) else text
    return Outcome(name, function, points, visibility, status, feedback_text, duration,
                   details)


PASSED = ("passed", "sigmoid_forward is finite for |x| up to 1000.")


def make_class():
    return [
        student("subs/alice.zip", PASSED, ("passed", "agrees"), "passed"),
        student("bob", ("failed", feedback("overflow " + SCRIPT, CALL_A)),
                # a hidden test whose feedback (wrongly) carries a call: never exported
                ("failed", feedback("This hidden property does not hold.", CALL_B)),
                "error", "svm_loss() raised ValueError\n```\ntraceback with ``` fences"),
        student("carol.ipynb", ("failed", feedback("overflow", CALL_A)), ("passed", "agrees"),
                "timeout", "svm_loss() timed out after 5 s"),
        # control characters a submission printed: junit.xml must still parse
        student("dave", ("error", feedback("raised \x1b[31mKeyError\x00", CALL_B)),
                ("passed", "agrees"), "failed", "hinge loss should be 0, got 1.0"),
    ]


def all_tests(result):
    return [(topic.name, test) for topic in result.topics for test in topic.tests]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    results = make_class()
    paths = write_exports(results, out)
    return results, out, paths


def test_every_file_is_written(exported):
    results, out, paths = exported
    ids = ["alice", "bob", "carol", "dave"]
    assert [student_id(result) for result in results] == ids
    expected = {out / "grades.csv", out / "junit.xml", out / "report.html"}
    for sid in ids:
        expected |= {out / "students" / sid / name for name in (
            "results.json", "gradescope.json", "prairielearn.json", "feedback.md",
            "feedback.html")}
    assert set(paths) == expected and len(paths) == len(expected)
    assert all(path.is_file() and path.stat().st_size > 0 for path in paths)


def test_grades_csv_matches_each_results_json(exported):
    results, out, _ = exported
    with (out / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0])
    # nbgrader's grade export names (nbgrader/plugins/export.py: timestamp, raw_score,
    # late_submission_penalty, score, max_score)
    assert header == ["student_id", "duedate", "timestamp", "timestamp_source",
                      "02_activations", "03_losses", "raw_score", "late_submission_penalty",
                      "score", "max_score"]
    assert [row["student_id"] for row in rows] == ["alice", "bob", "carol", "dave"]
    for row, result in zip(rows, results):
        saved = json.loads((out / "students" / row["student_id"] / "results.json").read_text())
        assert saved == json.loads(result.to_json())
        for topic in saved["topics"]:
            assert float(row[topic["name"]]) == topic["score"]
        assert float(row["raw_score"]) == float(row["score"]) == saved["score"] == result.score
        assert float(row["late_submission_penalty"]) == 0
        assert row["timestamp"] == row["duedate"] == row["timestamp_source"] == ""
        assert float(row["max_score"]) == saved["max_score"] == result.max_score
    assert [float(row["score"]) for row in rows] == [7.5, 0.0, 3.0, 3.0]


def test_gradescope_files_have_exactly_the_spec_fields(exported):
    """Against Gradescope's autograder specification (gradescope-autograders.readthedocs.io
    /en/latest/specs/, "Output format" and "Controlling Test Case Visibility"): top-level
    score, execution_time, output, output_format/test_output_format/test_name_format,
    visibility, stdout_visibility, extra_data, tests; per test score, max_score, status,
    name, number, output, tags, visibility, extra_data."""
    results, out, _ = exported
    mapping = {"visible": "visible", "hidden": "after_published",
               "after_due_date": "after_due_date"}
    for result in results:
        data = json.loads((out / "students" / student_id(result) / "gradescope.json").read_text())
        assert set(data) == {"score", "execution_time", "output", "output_format",
                             "test_output_format", "test_name_format", "visibility",
                             "stdout_visibility", "extra_data", "tests"}
        assert data["output_format"] == data["test_output_format"] == "text"
        assert data["test_name_format"] == "text"
        assert data["score"] == result.score == sum(test["score"] for test in data["tests"])
        assert data["execution_time"] == result.metadata["duration_s"]
        assert data["visibility"] == "visible" and data["stdout_visibility"] == "hidden"
        model = all_tests(result)
        assert len(data["tests"]) == len(model)
        numbers = [test["number"] for test in data["tests"]]
        assert numbers == ["2.1", "2.2", "3.1"]  # grouped by topic, in order
        for exported_test, (topic, test) in zip(data["tests"], model):
            assert set(exported_test) == {"score", "max_score", "status", "name", "number",
                                          "output", "visibility", "tags", "extra_data"}
            assert exported_test["extra_data"] == {
                "status": test.status, "function": test.function,
                "duration_s": test.duration_s, "visibility": test.visibility}
            assert exported_test["name"] == f"{topic}::{test.name}"
            assert exported_test["score"] == test.score
            assert exported_test["max_score"] == test.max_score
            assert exported_test["status"] == ("passed" if test.status == "passed"
                                               else "failed")
            assert exported_test["visibility"] == mapping[test.visibility]
            assert exported_test["tags"] == [topic, test.function]
            if test.visibility == "visible":
                assert exported_test["output"] == test.feedback
            else:  # hidden tests reveal less: never an input
                assert "Failing call" not in exported_test["output"]
                assert exported_test["output"] in test.feedback
    bob = json.loads((out / "students" / "bob" / "gradescope.json").read_text())
    hidden = bob["tests"][1]
    assert hidden["output"] == ("sigmoid_forward is finite for |x| up to 1000.\n"
                                "This hidden property does not hold.")


def test_prairielearn_files_have_exactly_the_spec_fields(exported):
    results, out, _ = exported
    for result in results:
        data = json.loads((out / "students" / student_id(result) / "prairielearn.json")
                          .read_text())
        assert set(data) == {"gradable", "score", "message", "tests"}
        assert data["gradable"] is True
        assert 0.0 <= data["score"] <= 1.0
        assert data["score"] == pytest.approx(result.score / result.max_score)
        assert sum(t["points"] for t in data["tests"]) == result.score
        assert sum(t["max_points"] for t in data["tests"]) == result.max_score
        for exported_test, (topic, test) in zip(data["tests"], all_tests(result), strict=True):
            assert set(exported_test) == {"name", "description", "points", "max_points",
                                          "message", "output"}
            assert exported_test["name"] == f"{topic}::{test.name}"
            # the property -> description, the reason -> message, the rest -> output
            lines = test.feedback.split("\n")
            assert exported_test["description"] == lines[0]
            assert exported_test["message"] == (f"{test.status}: {lines[1]}" if len(lines) > 1
                                                else test.status)
            if test.visibility != "visible":
                assert "Failing call" not in exported_test["output"]
            elif len(lines) > 2:
                assert exported_test["output"] == "\n".join(lines[2:])


def test_prairielearn_score_is_zero_when_nothing_can_be_earned():
    empty = GradingResult("x", [TopicResult("02_activations", [])], {})
    assert json.loads(render("prairielearn", [empty]))["score"] == 0.0


def test_junit_has_one_testcase_per_student_and_test_with_failures(exported):
    results, out, _ = exported
    root = ET.parse(out / "junit.xml").getroot()  # control characters did not break it
    cases = root.findall("./testsuite/testcase")
    expected = [(f"{student_id(r)}.{topic}", test) for r in results for topic, test in
                all_tests(r)]
    assert len(cases) == len(expected) == 12
    for case, (classname, test) in zip(cases, expected):
        assert case.get("classname") == classname and case.get("name") == test.name
        children = [child.tag for child in case]
        want = {"passed": [], "failed": ["failure"], "error": ["error"],
                "timeout": ["error"]}[test.status]
        assert children == want
        if want:
            element = case.find(want[0])
            assert element.get("type") == test.status
            assert element.text == re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", test.feedback)
    statuses = Counter(test.status for r in results for _, test in all_tests(r))
    assert root.get("tests") == "12"
    assert int(root.get("failures")) == statuses["failed"]
    assert int(root.get("errors")) == statuses["error"] + statuses["timeout"]


def test_junit_parses_with_junitparser(exported):
    junitparser = pytest.importorskip("junitparser", reason="test-only dependency")
    results, out, _ = exported
    xml = junitparser.JUnitXml.fromfile(str(out / "junit.xml"))
    suites = list(xml)
    assert [suite.name for suite in suites] == ["alice", "bob", "carol", "dave"]
    for suite, result in zip(suites, results):
        cases = list(suite)
        assert len(cases) == len(all_tests(result))
        outcomes = [type(case.result[0]).__name__ if case.result else "passed"
                    for case in cases]
        assert outcomes == [{"passed": "passed", "failed": "Failure", "error": "Error",
                             "timeout": "Error"}[test.status]
                            for _, test in all_tests(result)]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text):
    parser = _Text()
    parser.feed(text)
    return parser


def test_feedback_is_escaped_and_complete(exported):
    results, out, _ = exported
    bob = results[1]
    page = (out / "students" / "bob" / "feedback.html").read_text()
    parsed = parse_html(page)
    assert "script" not in {tag for tag, _ in parsed.tags}  # the student's text stayed text
    assert SCRIPT in "".join(parsed.text)
    assert all(not attrs.get("src") and not attrs.get("href") for _, attrs in parsed.tags)
    assert f"Total: 0 / {bob.max_score:g} points" in "".join(parsed.text)
    markdown = (out / "students" / "bob" / "feedback.md").read_text()
    assert "**Total: 0 / 7.5 points**" in markdown
    assert "| 02_activations | 0 / 5 | 0 / 2 |" in markdown
    for topic, test in all_tests(bob):
        assert f"{topic}::{test.name}" in markdown
    # the traceback containing ``` sits inside a longer fence, so it cannot close it
    assert "\n````text\nsvm_loss() raised" in markdown
    assert CALL_B not in markdown and CALL_B not in page  # hidden test: no input
    alice = (out / "students" / "alice" / "feedback.md").read_text()
    assert "Every test passed." in alice


def test_report_is_self_contained_and_ranks_the_least_passed_test(exported):
    results, out, _ = exported
    page = (out / "report.html").read_text()
    parsed = parse_html(page)
    images = [attrs["src"] for tag, attrs in parsed.tags if tag == "img"]
    assert len(images) == 2
    for src in images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert links == [f"students/{sid}/feedback.html" for sid in ("alice", "bob", "carol", "dave")]
    assert all((out / link).is_file() for link in links)
    assert not [tag for tag, attrs in parsed.tags if tag in ("script", "link")]

    stats = graded_test_stats(results)
    rates = [s.pass_rate for s in stats]  # nobody's function was not implemented here
    assert rates == sorted(rates) and rates[0] == 0.25
    least = stats[0]
    assert (least.topic, least.name) == ("02_activations", "test_sigmoid_extreme_inputs")
    # bob and carol failed it on CALL_A, dave errored on CALL_B: A is the most common
    assert least.inputs.most_common(1)[0] == (CALL_A, 2)
    rows = re.findall(r"<tr><td class='num'>(\d+)</td><td><code>([^<]+)</code>(.*?)</tr>", page,
                      re.S)
    assert [name for _, name, _ in rows] == [f"{s.topic}::{s.name}" for s in stats]
    first_row = rows[0][2]
    assert "1 / 4 (25%)" in first_row and CALL_A in first_row
    assert "2 of 3 failing students" in first_row
    hidden_row = dict((name, row) for _, name, row in rows)[
        "02_activations::test_forward_matches_reference[sigmoid_forward]"]
    assert "3 / 4 (75%)" in hidden_row and "np.array" not in hidden_row  # hidden: no input


def test_report_puts_the_summary_and_students_before_the_charts(exported):
    _, out, _ = exported
    page = (out / "report.html").read_text()
    order = [page.index(marker) for marker in (
        "class='summary'", "<h2>Students</h2>", "students/alice/feedback.html",
        "<h2>Scores</h2>", "<h2>Where did the class fail?</h2>")]
    assert order == sorted(order)
    assert "4 students; total points (of 7.5): mean " in page
    assert "mean per topic: 02_activations 2.8 / 5, 03_losses 0.6 / 2.5" in page


def test_report_separates_not_implemented_from_failing_properties(tmp_path):
    """Real gradings of 03_losses: the stubs (NotImplementedError) and a module that does not
    import count as not implemented, a bug of the zoo as failing the property it breaks."""
    import autograder
    from autograder.course import Course, Topic
    from autograder.course.verify import patched_reference

    def grade(path):
        return autograder.grade(path, "03_losses", {"examples": 5}, course=ROOT)

    broken = tmp_path / "broken" / "03_losses"
    shutil.copytree(ROOT / "assignments" / "03_losses", broken)
    (broken / "losses.py").write_text("def l1_loss(:\n")
    bug = ROOT / "tests" / "03_losses" / "bugs" / "l1_forgets_abs.py"
    buggy = patched_reference(Course(ROOT), tmp_path / "bug", Topic("03_losses"),
                              bug.read_text())
    results = [grade(ROOT / "solutions"), grade(ROOT / "assignments"), grade(broken.parent),
               grade(buggy)]
    stubs, syntax = results[1], results[2]
    assert all(not_attempted(t) for r in (stubs, syntax) for t in r.topics[0].tests)
    assert not any(not_attempted(t) for r in (results[0], results[3]) for t in r.topics[0].tests)

    stats = {s.name: s for s in graded_test_stats(results)}
    assert all((s.not_attempted, s.attempted) == (2, 2) for s in stats.values())
    caught = stats["test_nonnegative_and_zero_iff_equal[l1_loss]"]
    assert (caught.statuses["passed"], caught.failing, caught.pass_rate) == (1, 1, 0.5)
    assert graded_test_stats(results)[0].pass_rate == 0.5  # the bug's tests rank first
    page = write_exports(results, tmp_path / "out", ["report"])[0].read_text()
    assert "1 / 2 (50%)" in page and "not implemented or does not import" in page


def test_report_without_feedback_pages_links_nothing(tmp_path):
    write_exports(make_class(), tmp_path, ["report"])
    assert "<a href" not in (tmp_path / "report.html").read_text()
    assert not (tmp_path / "students").exists()


def test_bad_names_and_ids_are_refused(tmp_path):
    with pytest.raises(ValueError, match="valid: " + ", ".join(EXPORTS)):
        write_exports(make_class(), tmp_path, ["csv", "pdf"])
    twins = [student("a/alice", PASSED, PASSED, "passed"),
             student("b/alice.zip", PASSED, PASSED, "passed")]
    with pytest.raises(ValueError, match="both have the student id 'alice'"):
        write_exports(twins, tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing written before refusing
    with pytest.raises(ValueError, match="cannot make a student id"):
        student_id(student("/", PASSED, PASSED, "passed"))


@pytest.mark.parametrize("submission, expected", [
    ("examples/demo_class/alice/", "alice"), ("subs/bob.ZIP", "bob"),
    ("nb/carol.ipynb", "carol"), ("jo.doe@uni.edu", "jo.doe@uni.edu"),
    ("evil/../../etc", "etc"), ("a\\b", "b"), ("x y;rm -rf", "x_y_rm_-rf"),
    ("José", "José"),
])
def test_student_ids_are_one_safe_folder_name(submission, expected):
    sid = student_id(student(submission, PASSED, PASSED, "passed"))
    assert sid == expected
    assert "/" not in sid and "\\" not in sid and sid not in (".", "..")


def test_report_renders_in_headless_chromium(exported, screenshot):
    _, out, _ = exported
    pixels = screenshot(out / "report.html", 1200, 1600)
    colours = len({tuple(p) for p in (pixels[::4, ::4] * 255).astype(int).reshape(-1, 3)})
    not_white = (pixels < 0.95).any(axis=-1).mean()
    assert colours > 20, colours  # text, plot bars and table lines, not a blank page
    assert not_white > 0.03, not_white
    # the histogram's blue bars are on the page
    blue = ((pixels[..., 2] > 0.6) & (pixels[..., 0] < 0.45)).mean()
    assert blue > 0.001, blue


def autograder(*args, env=None):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


QUICK = ("--topic", "03_losses", "--examples", "5")


def test_grade_writes_gradescope_results_and_the_step_summary(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    target = tmp_path / "results" / "results.json"
    run = autograder("grade", "examples/demo_class/bob", *QUICK, "--format", "gradescope",
                     "--output", str(target), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 0, run.stderr
    data = json.loads(target.read_text())
    assert {"score", "execution_time", "output", "output_format", "extra_data",
            "tests"} <= set(data)
    assert len(data["extra_data"]["suite_hash"]) == 64
    earned = sum(test["score"] for test in data["tests"])
    possible = sum(test["max_score"] for test in data["tests"])
    assert data["score"] == earned and 0 < earned < possible  # bob is partly wrong
    # hints are worth 0 of 0, shown after Gradescope's due date (the course's default)
    assert all(test["visibility"] == "after_due_date" and test["max_score"] == 0
               for test in data["tests"] if test["name"].endswith(": hint"))
    assert all(test["name"].startswith("03_losses::") for test in data["tests"])
    text = summary.read_text()
    assert text.startswith("earlier step\n")  # appended, not overwritten
    assert f"\nPoints {earned:g}/{possible:g}\n" in text
    assert f"| 03_losses | {earned:g} / {possible:g} |" in text


def test_grade_junit_for_two_submissions_and_one_submission_formats(tmp_path):
    run = autograder("grade", "examples/demo_class/alice", "examples/demo_class/bob",
                     *QUICK, "--format", "junit")
    assert run.returncode == 0, run.stderr
    root = ET.fromstring(run.stdout.encode())
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["alice", "bob"]
    alice, bob = ([case for case in suite.findall("testcase")] for suite in suites)
    assert len(alice) == len(bob) > 0
    assert not [child for case in alice for child in case]  # alice passes everything
    assert [case for case in bob if case.find("failure") is not None]
    run = autograder("grade", "examples/demo_class/alice", "examples/demo_class/bob",
                     *QUICK, "--format", "prairielearn")
    assert run.returncode == 2 and "one submission" in run.stderr


@pytest.mark.parametrize("fmt", ["gradescope", "prairielearn"])
def test_a_submission_that_cannot_be_taken_in_still_gets_a_platform_result(tmp_path, fmt):
    (tmp_path / "upload" / "notes").mkdir(parents=True)
    (tmp_path / "upload" / "notes" / "todo.txt").write_text("not a submission")
    target = tmp_path / "results" / "results.json"
    run = autograder("grade", str(tmp_path / "upload"), "--format", fmt, "--output", str(target))
    assert run.returncode == 2
    assert "does not look like a submission" in " ".join(run.stderr.split())
    data = json.loads(target.read_text())
    if fmt == "gradescope":  # the student sees why, with no points
        assert data["score"] == 0 and data["tests"] == []
        assert "does not look like a submission" in data["output"]
    else:  # PrairieLearn: invalid, no attempt used
        assert data["gradable"] is False
        assert "does not look like a submission" in data["format_errors"][0]


def test_gradescope_output_shows_no_total_while_some_tests_are_not_visible():
    """Gradescope hides the student's total while any test is not shown (specs,
    "Controlling Test Case Visibility"); the top-level output must not give it away."""
    alice, bob = make_class()[:2]  # alice passes the hidden test, bob fails it
    outputs = [gradescope.to_gradescope(result)["output"] for result in (alice, bob)]
    assert outputs[0].splitlines()[0] == outputs[1].splitlines()[0].replace("0 /", "2 /") \
        == "Visible tests: 2 / 2 points"
    assert all("shown later" in text and "Total" not in text for text in outputs)
    assert [line for line in outputs[0].splitlines() if "03_losses" in line] == [
        "03_losses: 0 / 0"]  # its only test is shown after the due date
    everything_visible = GradingResult("x", [TopicResult("02_activations", [
        Outcome("t", "f", 2.0, "visible", "passed", "p")])], {})
    assert gradescope.to_gradescope(everything_visible)["output"].startswith(
        "Total: 2 / 2 points")


def test_gradescope_public_summary_mode():
    """Otter-Grader's approach (otter/test_files/__init__.py, to_gradescope_dict): a visible
    "Public Tests" entry without points, the hidden tests never shown."""
    bob = make_class()[1]
    data = gradescope.to_gradescope(bob, "public-summary")
    summary, *tests = data["tests"]
    assert summary["visibility"] == "visible" and "score" not in summary
    assert summary["status"] == "failed"
    assert summary["output"].startswith("Public tests: 0 / 2 points")
    assert "hidden" not in summary["output"] and "forward_matches" not in summary["output"]
    assert [t["visibility"] for t in tests] == ["visible", "hidden", "after_due_date"]
    assert data["score"] == sum(t["score"] for t in tests)


def test_a_full_disk_leaves_the_previous_exports_intact(tmp_path, monkeypatch):
    from autograder.exports import ExportError, junit

    results = make_class()
    write_exports(results, tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}

    def full(results, path):
        path.write_text("half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(junit, "write_junit", full)
    with pytest.raises(ExportError, match="No space left on device.*previous exports"):
        write_exports(results[:2], tmp_path)
    after = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert after == before  # every file as it was, no temporary file left
