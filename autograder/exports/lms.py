"""Gradebook files that Canvas and Moodle import: the LMS's own identity columns, taken from a
roster, plus one assignment column holding each student's final score.

The roster is a CSV that names each student the way the LMS does, with one column holding
our submission id (the class-folder entry's name, see :func:`autograder.exports.student_id`).
The easiest roster is the LMS's own gradebook export:

- **Canvas** (Grades > Export): columns ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then one column per assignment named ``Title (id)`` and a
  ``Points Possible`` row (Canvas's gradebook exporter, ``Course#gradebook_to_csv``).
  Canvas's importer matches students by those identity columns and turns every column it
  does not know into a new assignment, so ``canvas.csv`` holds exactly the five identity
  columns, the ``Points Possible`` row and one assignment column, named as copied from the
  export (e.g. ``Autograder (12345)``) so that Canvas updates that assignment.
  Default key column: ``SIS Login ID``.
- **Moodle** (Grades > Export > Plain text file): ``First name``, ``Last name``,
  ``ID number``, ``Institution``, ``Department``, ``Email address``, then grade items named
  like ``Assignment: Autograder (Real)``. Moodle's CSV import maps one column to a user
  field (``Email address`` -> useremail, or ``ID number`` -> useridnumber; Moodle docs,
  "Grade import") and each other column to a grade item, so ``moodle.csv`` holds the
  roster's ``First name``, ``Last name``, ``ID number`` and ``Email address`` (those it
  has) and one grade column. Default key column: ``Email address``.

Nobody is dropped silently: students graded but missing from the roster, and roster
entries without a submission (their score cell left empty, so the LMS changes nothing for
them), are listed in the report :func:`lms_csv` returns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from autograder.exports.common import points, safe_id, student_ids
from autograder.results import GradingResult


@dataclass(frozen=True)
class Platform:
    name: str
    identity: tuple[str, ...]  # the roster columns copied into the file, in order
    required: tuple[str, ...]  # of those, the ones the roster must have
    key: str  # the default roster column holding submission ids


CANVAS = Platform("canvas", ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
                  ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"), "SIS Login ID")
MOODLE = Platform("moodle", ("First name", "Last name", "ID number", "Email address"),
                  (), "Email address")
PLATFORMS = {platform.name: platform for platform in (CANVAS, MOODLE)}
POINTS_POSSIBLE = "    Points Possible"  # as Canvas writes it


class RosterError(ValueError):
    """The roster or the assignment column cannot be used; the message says why."""


@dataclass(frozen=True)
class LmsOptions:
    """``roster``: the CSV naming the students; ``assignment``: the grade column's name as
    the LMS's own export spells it; ``key``: the roster column holding submission ids
    (None: the platform's default)."""

    roster: Path
    assignment: str
    key: str | None = None


def read_roster(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The roster's header and rows (a byte-order mark, as Excel writes, is dropped)."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(f"cannot read the roster {path}: {exc}") from None
    return header, rows


def checked_roster(platform: Platform, options: LmsOptions
                   ) -> tuple[list[str], list[dict[str, str]], str]:
    """The roster's header, rows and key column; RosterError when it lacks a column the
    platform needs (checked before a batch grades anything)."""
    if not options.assignment.strip():
        raise RosterError("give the assignment column's name as the LMS's export spells it")
    header, rows = read_roster(options.roster)
    key = options.key or platform.key
    missing = [column for column in (*platform.required, key) if column not in header]
    if missing:
        raise RosterError(f"the roster {options.roster} has no column "
                          f"{', '.join(map(repr, dict.fromkeys(missing)))} (columns: "
                          f"{', '.join(header)})")
    return header, rows, key


def lms_csv(platform: Platform, options: LmsOptions,
            results: list[GradingResult]) -> tuple[str, list[str]]:
    """The import file's text and the report: who is missing from the roster, who has no
    submission, and whether the assignment column is new to the LMS."""
    header, rows, key = checked_roster(platform, options)
    identity = [column for column in platform.identity if column in header]
    by_id = {sid.casefold(): (sid, result)
             for sid, result in zip(student_ids(results), results)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*identity, options.assignment])
    if platform is CANVAS:
        writer.writerow([POINTS_POSSIBLE, *[""] * (len(identity) - 1),
                         points(max((r.max_score for r in results), default=0))])
    matched, no_submission, seen = set(), [], {}
    for row in rows:
        value = (row.get(key) or "").strip()
        if not value:  # Canvas's "Points Possible" and "Muted" rows, blank lines
            continue
        wanted = safe_id(value).casefold()
        if wanted in seen:
            raise RosterError(f"the roster names {value!r} and {seen[wanted]!r} in {key!r}, "
                              "which are the same submission id")
        seen[wanted] = value
        found = by_id.get(wanted)
        if found is None:
            no_submission.append(value)
        else:
            matched.add(found[0])
        writer.writerow([row.get(column, "") for column in identity]
                        + [points(found[1].final_score) if found else ""])
    report = []
    unknown = [sid for sid in student_ids(results) if sid not in matched]
    if unknown:
        report.append(f"graded but not in the roster (not in {platform.name}.csv): "
                      + ", ".join(unknown))
    if no_submission:
        report.append("in the roster without a submission (score left empty): "
                      + ", ".join(no_submission))
    if options.assignment not in header:
        report.append(f"{options.assignment!r} is not a column of the roster: "
                      f"{platform.name.capitalize()} will create a new grade item of that "
                      "name (copy the column name from its export to update an existing one)")
    return out.getvalue(), report
