"""Due dates, per-student extensions and late penalties.

A :class:`Deadline` is a due date (ISO 8601 with its UTC offset, e.g.
``2026-12-01T23:59+01:00``), a :class:`LatePolicy` and the extensions of some students. It
turns a submission time into a :class:`~autograder.results.Lateness`, which the results
model uses to split the score into raw score, late penalty and final score.

Late policies (``--late-policy``):

- ``none``: lateness is recorded, nothing is taken;
- ``zero``: a late submission keeps nothing;
- ``linear:R%/day`` (or ``/hour``): R % of the maximum score is taken for each day (hour)
  started after the due date, never more than the raw score. This is Canvas's "late
  submission deduction" (a percentage of the points possible per late day or hour).

Extensions file (``--extensions``): a CSV with a ``student`` column (the submission id)
and, per row, ``due`` (that student's own due date, ISO 8601 with offset) or ``days``
(extra days added to the class due date).

Where a submission time comes from (recorded as the ``source``):

- ``gradescope``: ``created_at`` of Gradescope's ``submission_metadata.json`` (written by
  Gradescope outside the student's files, so the student cannot set it);
- ``git``: the committer time of the last commit of a class-folder entry that is a git
  repository. The committer sets that time on their own machine: it is what the student
  claims, not when GitHub received the push;
- ``file``: the modification time of the entry in the class folder (a download or copy
  sets it; keep times when copying, e.g. ``cp -p``, ``rsync -t``).
"""

from __future__ import annotations

import csv
import datetime
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from autograder.classbook.gradebook import Gradebook
from autograder.results import GradingResult, Lateness

LINEAR = re.compile(r"^linear:(\d+(?:\.\d+)?)%/(day|hour)$")
PERIOD_S = {"day": 86400.0, "hour": 3600.0}


class DeadlineError(ValueError):
    """A due date, late policy, extensions file or metadata file that cannot be used."""


def parse_time(text: str, what: str = "time") -> datetime.datetime:
    """An ISO 8601 time that names its UTC offset; DeadlineError otherwise (a time without
    offset would mean whatever zone the grading machine is in)."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise DeadlineError(f"{what} {text!r} is not an ISO 8601 time "
                            "(e.g. 2026-12-01T23:59+01:00)") from None
    if moment.tzinfo is None:
        raise DeadlineError(f"{what} {text!r} has no UTC offset; write it like "
                            "2026-12-01T23:59+01:00 or 2026-12-01T22:59Z")
    return moment


@dataclass(frozen=True)
class LatePolicy:
    """``kind`` is ``none``, ``zero`` or ``linear`` (``rate`` of the maximum per started
    ``period_s``)."""

    text: str
    kind: str
    rate: float = 0.0
    period_s: float = PERIOD_S["day"]

    @classmethod
    def parse(cls, text: str) -> LatePolicy:
        text = text.strip()
        if text in ("none", "zero"):
            return cls(text, text)
        match = LINEAR.match(text)
        if not match:
            raise DeadlineError(f"late policy {text!r}: use none, zero or linear:R%/day "
                                "(or /hour), e.g. linear:10%/day")
        return cls(text, "linear", float(match.group(1)) / 100, PERIOD_S[match.group(2)])

    def penalty_fraction(self, late_by_s: float) -> float:
        """The share of the maximum score taken for a submission ``late_by_s`` late."""
        if late_by_s <= 0 or self.kind == "none":
            return 0.0
        if self.kind == "zero":
            return 1.0
        return min(1.0, self.rate * math.ceil(late_by_s / self.period_s))


@dataclass(frozen=True)
class SubmissionTime:
    at: datetime.datetime
    source: str  # gradescope | git | file


@dataclass(frozen=True)
class Deadline:
    due: datetime.datetime
    policy: LatePolicy
    extensions: Mapping[str, datetime.datetime] = field(default_factory=dict)

    def due_for(self, student: str) -> datetime.datetime:
        return self.extensions.get(student, self.due)

    def lateness(self, student: str, submitted: SubmissionTime) -> Lateness:
        due = self.due_for(student)
        late_by = max(0.0, (submitted.at - due).total_seconds())
        return Lateness(submitted.at.isoformat(timespec="seconds"), submitted.source,
                        due.isoformat(timespec="seconds"), late_by, self.policy.text,
                        self.policy.penalty_fraction(late_by))


def deadline_from(due: str | None, policy: str = "none", extensions: Path | None = None
                  ) -> Deadline | None:
    """The deadline of ``--due``, ``--late-policy`` and ``--extensions`` (None without a due
    date; a policy or extensions without one are refused)."""
    late_policy = LatePolicy.parse(policy)
    if due is None:
        if extensions is not None or late_policy.kind != "none":
            raise DeadlineError("a late policy or extensions need a due date (--due)")
        return None
    moment = parse_time(due, "the due date")
    return Deadline(moment, late_policy, read_extensions(extensions, moment) if extensions
                    else {})


def read_extensions(path: Path, due: datetime.datetime) -> dict[str, datetime.datetime]:
    """Student id -> that student's due date, from the extensions CSV at ``path``."""
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DeadlineError(f"cannot read the extensions file {path}: {exc.strerror}") from None
    extensions = {}
    for number, row in enumerate(rows, start=2):
        student = (row.get("student") or "").strip()
        new_due, days = (row.get("due") or "").strip(), (row.get("days") or "").strip()
        if not student or not (new_due or days):
            raise DeadlineError(f"{path} line {number}: give a student and a due date (due) "
                                "or extra days (days)")
        if new_due:
            extensions[student] = parse_time(new_due, f"{path} line {number}: due")
        else:
            try:
                extensions[student] = due + datetime.timedelta(days=float(days))
            except ValueError:
                raise DeadlineError(f"{path} line {number}: days {days!r} is not a "
                                    "number") from None
    return extensions


def entry_time(entry: Path) -> SubmissionTime:
    """When a class-folder entry was submitted: its last commit's time if it is a git
    repository, else its modification time (see the module docstring for what each means)."""
    if (entry / ".git").exists():
        try:  # dulwich reads git objects itself: a student's .git/config runs nothing
            from dulwich.errors import NotGitRepository
            from dulwich.repo import Repo
        except ImportError:
            raise DeadlineError("reading git commit times needs dulwich: pip install "
                                "'autograder[instructor]'") from None

        try:
            with Repo(str(entry)) as repo:
                commit = repo[repo.head()]
            zone = datetime.timezone(datetime.timedelta(seconds=commit.commit_timezone))
            return SubmissionTime(datetime.datetime.fromtimestamp(commit.commit_time, zone),
                                  "git")
        except (NotGitRepository, KeyError, ValueError, OSError):
            pass  # an empty or broken repository: its folder's time stands
    stamp = os.lstat(entry).st_mtime
    return SubmissionTime(datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc), "file")


def gradescope_submission(path: Path) -> tuple[SubmissionTime, datetime.datetime | None]:
    """The submission time (``created_at``) and the assignment's ``due_date`` (None when
    it has none) from Gradescope's ``submission_metadata.json`` at ``path``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        created = parse_time(data["created_at"], "created_at")
        due = (data.get("assignment") or {}).get("due_date")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DeadlineError(f"{path} is not Gradescope's submission metadata ({exc})") from None
    return SubmissionTime(created, "gradescope"), parse_time(due, "due_date") if due else None


def submission_times(paths: list[Path], due: str | None, policy: str = "none",
                     gradescope_metadata: Path | None = None) -> dict[str, Lateness]:
    """For ``autograder grade``: the lateness of each submission path (keyed as given), from
    Gradescope's metadata when given (its ``created_at``; its due date unless ``due`` is
    given), else from each path's git or file time; empty without a due date."""
    if gradescope_metadata is not None:
        submitted, assignment_due = gradescope_submission(gradescope_metadata)
        if due is None and assignment_due is not None:
            due = assignment_due.isoformat()
        deadline = deadline_from(due, policy)
        return {str(path): deadline.lateness(str(path), submitted) for path in paths
                } if deadline else {}
    deadline = deadline_from(due, policy)
    if deadline is None:
        return {}
    return {str(path): deadline.lateness(str(path), entry_time(Path(path))) for path in paths}


def apply_deadline(gradebook: Gradebook, results: list[GradingResult],
                   entries: Mapping[str, Path], deadline: Deadline | None) -> list[str]:
    """Set each student's lateness against ``deadline`` (None: no due date, lateness
    cleared) on ``results`` and in the gradebook, which keeps raw score, penalty and final
    score per run; returns a note for each extension naming no graded student."""
    for result in results:
        student = result.submission
        result.lateness = (deadline.lateness(student, entry_time(entries[student]))
                           if deadline else None)
        gradebook.record_lateness(gradebook.latest(student).id, result)
    graded = {result.submission for result in results}
    return [f"extension for {student}, who has no submission"
            for student in sorted(deadline.extensions if deadline else ()) if student not in graded]
