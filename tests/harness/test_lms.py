"""Canvas and Moodle gradebook imports made from a roster: exactly the LMS's identity columns
plus one assignment column, nobody dropped silently."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.exports import write_exports
from autograder.exports.lms import CANVAS, MOODLE, LmsOptions, RosterError, lms_csv
from autograder.results import GradingResult, TopicResult
from autograder.results import TestResult as Outcome  # not collected as a test class

ROOT = Path(__file__).resolve().parents[2]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
ASSIGNMENT = "Autograder: losses (48213)"

# Canvas's gradebook export (Grades > Export; Canvas's Course#gradebook_to_csv): the identity
# columns, one "Title (id)" column per assignment, read-only score columns, a
# "Points Possible" row, then one row per student ("Test Student" included).
CANVAS_EXPORT = """\
Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (48200),Autograder: losses (48213),Current Score,Final Score
    Points Possible,,,,,10,32,(read only),(read only)
"Lovelace, Ada",1101,S001,ada@uni.edu,DL 2026,9,,90,90
"Hopper, Grace",1102,S002,grace@uni.edu,DL 2026,7,,70,70
"Turing, Alan",1103,S003,alan@uni.edu,DL 2026,8,,80,80
"Student, Test",1199,,,DL 2026,,,,
"""

# Moodle's plain-text grade export (Grades > Export > Plain text file)
MOODLE_EXPORT = """\
First name,Last name,ID number,Institution,Department,Email address,Assignment: Losses (Real),Last downloaded from this course
Ada,Lovelace,S001,Uni,CS,ada@uni.edu,-,1765000000
Grace,Hopper,S002,Uni,CS,grace@uni.edu,-,1765000000
"""


def graded(student, passed):
    tests = [Outcome(f"t{k}", "f", 4.0, "visible", "passed" if k < passed else "failed", "p")
             for k in range(8)]
    return GradingResult(student, [TopicResult("03_losses", tests)], {"duration_s": 1.0})


CLASS = [graded("ada@uni.edu", 8), graded("grace@uni.edu", 5), graded("nobody@uni.edu", 2)]


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def test_canvas_import_round_trips_with_exactly_the_identity_columns(tmp_path):
    """Our file has Canvas's five identity columns and one assignment column, named as the
    export spells it, and reads back as a Canvas export does (a Points Possible row, then
    students keyed by SIS Login ID)."""
    roster = tmp_path / "canvas_export.csv"
    roster.write_text(CANVAS_EXPORT)
    text, report = lms_csv(CANVAS, LmsOptions(roster, ASSIGNMENT), CLASS)
    rows = rows_of(text)
    assert rows[0] == CANVAS_IDENTITY + [ASSIGNMENT]
    assert rows[1][0].strip() == "Points Possible" and rows[1][-1] == "32"
    exported = {row["SIS Login ID"]: row for row in csv.DictReader(io.StringIO(CANVAS_EXPORT))
                if row["SIS Login ID"]}
    ours = {row[3]: row for row in rows[2:]}
    assert set(ours) == set(exported)  # every roster student kept, no one added
    for login, row in ours.items():  # identity copied verbatim from Canvas's export
        assert row[:5] == [exported[login][column] for column in CANVAS_IDENTITY]
    assert ours["ada@uni.edu"][5] == "32" and ours["grace@uni.edu"][5] == "20"
    assert ours["alan@uni.edu"][5] == ""  # no submission: Canvas keeps what it has
    assert report[0] == "graded but not in the roster (not in canvas.csv): nobody@uni.edu"
    assert report[1] == "in the roster without a submission (score left empty): alan@uni.edu"
    assert len(report) == 2  # the column exists in the export: Canvas updates it


def test_canvas_round_trip_of_our_own_file(tmp_path):
    """Reading our own canvas.csv back as the roster gives the same file."""
    roster = tmp_path / "canvas_export.csv"
    roster.write_text(CANVAS_EXPORT)
    first, _ = lms_csv(CANVAS, LmsOptions(roster, ASSIGNMENT), CLASS)
    again = tmp_path / "ours.csv"
    again.write_text(first)
    second, report = lms_csv(CANVAS, LmsOptions(again, ASSIGNMENT), CLASS)
    assert second == first and not report[2:]


def test_a_new_assignment_column_and_a_bad_roster_are_reported(tmp_path):
    roster = tmp_path / "canvas_export.csv"
    roster.write_text(CANVAS_EXPORT)
    _, report = lms_csv(CANVAS, LmsOptions(roster, "Autograder"), CLASS)
    assert "will create a new grade item" in report[-1]
    roster.write_text("Student,ID,SIS Login ID\nx,1,x@uni.edu\n")
    with pytest.raises(RosterError, match="'SIS User ID', 'Section'"):
        lms_csv(CANVAS, LmsOptions(roster, ASSIGNMENT), CLASS)
    roster.write_text(CANVAS_EXPORT + '"Lovelace, A.",1104,S004,ADA@uni.edu,DL 2026,,,,\n')
    with pytest.raises(RosterError, match="same submission id"):
        lms_csv(CANVAS, LmsOptions(roster, ASSIGNMENT), CLASS)


def test_moodle_import_maps_by_email_or_id_number(tmp_path):
    """Moodle's CSV import maps one column to a user field: "Email address" -> useremail
    or "ID number" -> useridnumber (Moodle docs, "Grade import")."""
    roster = tmp_path / "moodle_export.csv"
    roster.write_text(MOODLE_EXPORT)
    column = "Assignment: Losses (Real)"
    text, report = lms_csv(MOODLE, LmsOptions(roster, column), CLASS)
    rows = rows_of(text)
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", column]
    assert rows[1:] == [["Ada", "Lovelace", "S001", "ada@uni.edu", "32"],
                        ["Grace", "Hopper", "S002", "grace@uni.edu", "20"]]
    assert report == ["graded but not in the roster (not in moodle.csv): nobody@uni.edu"]
    by_number = [graded("S001", 1)]
    text, _ = lms_csv(MOODLE, LmsOptions(roster, column, key="ID number"), by_number)
    assert rows_of(text)[1] == ["Ada", "Lovelace", "S001", "ada@uni.edu", "4"]


def test_write_exports_writes_the_file_and_the_roster_report(tmp_path):
    roster = tmp_path / "canvas_export.csv"
    roster.write_text(CANVAS_EXPORT)
    written = write_exports(CLASS, tmp_path / "out", ["canvas"], LmsOptions(roster, ASSIGNMENT))
    assert [path.name for path in written] == ["canvas.csv", "canvas-roster.txt"]
    assert "alan@uni.edu" in written[1].read_text()
    with pytest.raises(ValueError, match="needs a roster"):
        write_exports(CLASS, tmp_path / "out", ["moodle"])


def test_batch_refuses_an_lms_export_without_a_roster_before_grading(tmp_path):
    run = subprocess.run([sys.executable, "-m", "autograder", "batch",
                          str(ROOT / "examples" / "demo_class"), "--out", str(tmp_path),
                          "--export", "canvas", "--topic", "03_losses"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "--roster and --lms-assignment" in run.stderr
    assert not (tmp_path / "gradebook.sqlite").exists()
