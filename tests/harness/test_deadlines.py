"""Due dates, extensions and late penalties: the policy itself, where submission times come
from (git, file, Gradescope's metadata), the gradebook's raw score / penalty / final score,
and a batch with --due, --late-policy and --extensions whose grades.csv carries them."""

import csv
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.classbook.deadlines import (
    Deadline,
    DeadlineError,
    LatePolicy,
    SubmissionTime,
    apply_deadline,
    deadline_from,
    entry_time,
    gradescope_submission,
    read_extensions,
)
from autograder.classbook.gradebook import Gradebook
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class

ROOT = Path(__file__).resolve().parents[2]
DUE = datetime.datetime.fromisoformat("2026-12-01T23:59+01:00")
HOUR = datetime.timedelta(hours=1)


def at(delta):
    return SubmissionTime(DUE + delta, "file")


def result(student="alice", passed=3):
    tests = [Outcome(f"t{k}", "f", 2.0, "visible", "passed" if k < passed else "failed", "p")
             for k in range(5)]
    return GradingResult(student, [TopicResult("03_losses", tests)], {"duration_s": 1.0})


@pytest.mark.parametrize("text, late, fraction", [
    ("none", 50 * HOUR, 0.0),
    ("zero", datetime.timedelta(seconds=1), 1.0),
    ("zero", datetime.timedelta(0), 0.0),  # at the due date exactly: on time
    ("linear:10%/day", datetime.timedelta(seconds=1), 0.10),  # a started day counts
    ("linear:10%/day", 24 * HOUR, 0.10),
    ("linear:10%/day", 25 * HOUR, 0.20),
    ("linear:2.5%/hour", 3.5 * HOUR, 0.10),
    ("linear:30%/day", 100 * 24 * HOUR, 1.0),  # never more than everything
])
def test_late_policies(text, late, fraction):
    assert LatePolicy.parse(text).penalty_fraction(late.total_seconds()) == pytest.approx(fraction)


@pytest.mark.parametrize("text", ["linear", "linear:10%", "10%/day", "linear:-5%/day", ""])
def test_bad_late_policies_are_refused(text):
    with pytest.raises(DeadlineError, match="late policy"):
        LatePolicy.parse(text)


def test_on_time_late_and_extended_submissions():
    deadline = Deadline(DUE, LatePolicy.parse("linear:10%/day"),
                        {"carol": DUE + 48 * HOUR})
    on_time = deadline.lateness("alice", at(-HOUR))
    assert (on_time.late_by_s, on_time.penalty_fraction) == (0.0, 0.0)
    late = deadline.lateness("bob", at(36 * HOUR))
    assert late.late_by_s == 36 * 3600 and late.penalty_fraction == pytest.approx(0.2)
    extended = deadline.lateness("carol", at(36 * HOUR))  # late for the class, not for carol
    assert extended.penalty_fraction == 0.0 and extended.due == "2026-12-03T23:59:00+01:00"
    over = deadline.lateness("carol", at(49 * HOUR))  # an hour past carol's own due date
    assert over.penalty_fraction == pytest.approx(0.1)


def test_the_penalty_is_a_share_of_the_maximum_and_never_more_than_the_raw_score():
    graded = result(passed=3)  # 6 of 10 points
    graded.lateness = Deadline(DUE, LatePolicy.parse("linear:10%/day")).lateness(
        "alice", at(30 * HOUR))
    assert (graded.score, graded.late_penalty, graded.final_score) == (6.0, 2.0, 4.0)
    graded.lateness = Deadline(DUE, LatePolicy.parse("zero")).lateness("alice", at(HOUR))
    assert (graded.late_penalty, graded.final_score) == (6.0, 0.0)
    data = json.loads(graded.to_json())  # the stable JSON gains the split, and reads back
    assert (data["score"], data["late_penalty"], data["final_score"]) == (6.0, 6.0, 0.0)
    assert GradingResult.from_dict(data).lateness == graded.lateness
    assert "lateness" not in json.loads(result().to_json())  # no due date: no new keys


def test_a_missing_submission_has_no_time_and_an_unknown_extension_is_reported(tmp_path):
    """A student who submitted nothing gets no lateness and no row: the extensions file
    naming them is reported, never silently ignored."""
    with Gradebook(tmp_path / "gb.sqlite", lock=True) as gradebook:
        graded = result("alice")
        gradebook.record("alice", "alice", "h", "s", graded, "graded", "now")
        entry = tmp_path / "alice"
        entry.mkdir()
        notes = apply_deadline(gradebook, [graded], {"alice": entry},
                               Deadline(DUE, LatePolicy.parse("zero"), {"dave": DUE}))
    assert notes == ["extension for dave, who has no submission"]


def test_due_dates_need_an_offset_and_extensions_are_read(tmp_path):
    with pytest.raises(DeadlineError, match="UTC offset"):
        deadline_from("2026-12-01T23:59", "zero")
    with pytest.raises(DeadlineError, match="need a due date"):
        deadline_from(None, "zero")
    assert deadline_from(None) is None
    path = tmp_path / "extensions.csv"
    path.write_text("student,due,days\ncarol,,2\nerin,2026-12-05T12:00Z,\n")
    assert read_extensions(path, DUE) == {
        "carol": DUE + 48 * HOUR,
        "erin": datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.timezone.utc)}
    path.write_text("student,days\nbob,two\n")
    with pytest.raises(DeadlineError, match="line 2"):
        read_extensions(path, DUE)


def test_times_come_from_git_commits_or_file_times(tmp_path):
    from dulwich import porcelain

    repo = tmp_path / "alice"
    repo.mkdir()
    porcelain.init(str(repo))
    (repo / "losses.py").write_text("x = 1\n")
    porcelain.add(str(repo), [str(repo / "losses.py")])
    stamp = int(DUE.timestamp()) - 600
    porcelain.commit(str(repo), message=b"done", author=b"A <a@x>", committer=b"A <a@x>",
                     commit_timestamp=stamp, commit_timezone=3600)
    found = entry_time(repo)
    assert found.source == "git" and found.at == DUE - datetime.timedelta(minutes=10)
    assert found.at.utcoffset() == HOUR

    upload = tmp_path / "bob.zip"
    upload.write_bytes(b"PK")
    os.utime(upload, (DUE.timestamp() + 3600, DUE.timestamp() + 3600))
    found = entry_time(upload)
    assert found.source == "file" and found.at == DUE + HOUR
    empty = tmp_path / "carol"
    (empty / ".git").mkdir(parents=True)  # not a usable repository: the folder's time
    assert entry_time(empty).source == "file"


def test_gradescope_metadata_gives_the_time_and_the_due_date(tmp_path):
    """The fields of Gradescope's submission_metadata.json (gradescope/autograder_samples,
    docs/submission_metadata.md): created_at, assignment.due_date, late_due_date, ..."""
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps({
        "id": 123456, "created_at": "2026-12-02T10:22:32.365935+01:00",
        "assignment": {"due_date": "2026-12-01T23:59:00.000000+01:00", "group_size": None,
                       "group_submission": False, "id": 25828, "course_id": 1234,
                       "late_due_date": None, "release_date": "2026-11-02T00:00:00.000000+01:00",
                       "title": "Losses", "total_points": "32.0"},
        "users": [{"email": "student@example.com", "id": 1234, "name": "Student User"}],
        "previous_submissions": []}))
    submitted, due = gradescope_submission(path)
    assert submitted.source == "gradescope" and due == DUE
    assert (submitted.at - DUE).total_seconds() == pytest.approx(10 * 3600 + 23 * 60 + 32.37,
                                                                 abs=0.01)
    path.write_text("{}")
    with pytest.raises(DeadlineError, match="not Gradescope's submission metadata"):
        gradescope_submission(path)


def test_a_batch_applies_the_policy_and_keeps_raw_penalty_and_final(tmp_path):
    """alice on time, bob 36 h late (two started days: 20 %), carol as late but with a
    two-day extension; then the same gradebook under a new due date, without regrading."""
    class_dir = tmp_path / "class"
    times = {"alice": -HOUR, "bob": 36 * HOUR, "carol": 36 * HOUR}
    for name, delta in times.items():
        shutil.copytree(ROOT / "examples" / "demo_class" / ("alice" if name == "carol" else name),
                        class_dir / name)
        stamp = (DUE + delta).timestamp()
        os.utime(class_dir / name, (stamp, stamp))
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("student,days\ncarol,2\n")
    out = tmp_path / "out"

    def batch(*args):
        run = subprocess.run([sys.executable, "-m", "autograder", "batch", str(class_dir),
                              "--out", str(out), "--jobs", "2", "--topic", "03_losses",
                              "--examples", "5", "--export", "csv", *args],
                             cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stderr
        with (out / "grades.csv").open(newline="") as handle:
            return {row["student_id"]: row for row in csv.DictReader(handle)}, run

    rows, _ = batch("--due", "2026-12-01T23:59+01:00", "--late-policy", "linear:10%/day",
                    "--extensions", str(extensions))
    for name, row in rows.items():
        raw, penalty, final = (float(row[k]) for k in ("raw_score",
                               "late_submission_penalty", "score"))
        expected = 0.2 * float(row["max_score"]) if name == "bob" else 0.0
        assert penalty == pytest.approx(min(raw, expected))
        assert final == pytest.approx(raw - penalty)
        assert row["timestamp_source"] == "file"
        assert datetime.datetime.fromisoformat(row["timestamp"]) == DUE + times[name]
    assert rows["bob"]["late_submission_penalty"] != "0"
    assert rows["carol"]["duedate"] == "2026-12-03T23:59:00+01:00"
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        stored = dict(db.execute("SELECT r.student, l.late_penalty FROM lateness l "
                                 "JOIN current_runs r ON r.id = l.run_id"))
    assert stored["bob"] == pytest.approx(float(rows["bob"]["late_submission_penalty"]))

    rows, run = batch("--due", "2026-12-04T00:00Z", "--late-policy", "zero")
    assert "0 graded, 3 unchanged" in run.stdout  # a new due date needs no regrading
    assert all(row["late_submission_penalty"] == "0" for row in rows.values())


def late_result():
    graded = result("bob", passed=4)  # 8 of 10 points
    graded.lateness = Deadline(DUE, LatePolicy.parse("linear:25%/day")).lateness(
        "bob", at(30 * HOUR))  # two started days: half the maximum
    return graded


def test_reports_show_the_final_score_and_how_lateness_changed_it():
    from rich.console import Console

    from autograder.exports import junit, terminal
    from autograder.exports.feedback import to_html, to_markdown

    graded = late_result()
    assert (graded.score, graded.late_penalty, graded.final_score) == (8.0, 5.0, 3.0)
    console = Console(record=True, width=300)
    console.print(terminal.submission_table(graded))
    console.print(terminal.class_table([graded]))
    table = console.export_text()
    assert "bob: 3 / 10 (raw score 8, less a late penalty of 5" in " ".join(table.split())
    assert "│  3/10 │" in table  # the class table's total (its topic column is raw)
    markdown = to_markdown(graded)
    assert "**Total: 3 / 10 points**" in markdown
    assert "Late submission: raw score 8, less a late penalty of 5 (submitted" in markdown
    assert "Total: 3 / 10 points" in to_html(graded)
    properties = {p.get("name"): p.get("value")
                  for p in junit.to_junit([graded]).getroot().iter("property")}
    assert properties == {"score": "3", "max_score": "10", "raw_score": "8",
                          "late_penalty": "5"}
    on_time = result("alice")
    on_time.lateness = Deadline(DUE, LatePolicy.parse("zero")).lateness("alice", at(-HOUR))
    properties = {p.get("name"): p.get("value")
                  for p in junit.to_junit([on_time]).getroot().iter("property")}
    assert properties == {"score": "6", "max_score": "10"}  # nothing taken, nothing said
    assert "Late submission" not in to_markdown(on_time)


def test_the_api_grades_against_a_due_date(tmp_path):
    """autograder.grade computes the lateness itself (the CLI only passes its options)."""
    import autograder

    submission = tmp_path / "bob"
    shutil.copytree(ROOT / "examples" / "demo_class" / "bob", submission)
    stamp = (DUE + 2 * HOUR).timestamp()
    os.utime(submission, (stamp, stamp))
    graded = autograder.grade(submission, "03_losses", {"examples": 3}, course=ROOT,
                              due="2026-12-01T23:59+01:00", late_policy="zero")
    assert graded.lateness.source == "file" and graded.lateness.late_by_s == 7200
    assert graded.final_score == 0 and graded.late_penalty == graded.score
    with pytest.raises(DeadlineError, match="no UTC offset"):
        autograder.grade(submission, "03_losses", course=ROOT, due="2026-12-01T23:59")
