"""Helpers shared by the exporters: student ids, points as text, what a student may read.

Every exporter is made from :mod:`autograder.results`; nothing here grades or re-reads a
submission.
"""

from __future__ import annotations

import datetime
from pathlib import Path, PurePath

from autograder import inert
from autograder.results import GradingResult, TestResult

SUBMISSION_SUFFIXES = (".zip", ".ipynb")
# the grader's headings (autograder.grading.feedback) of what only visible tests show
FAILING_CALL = "\nFailing call ("
HINT = "Hint (a likely mistake, from the course's known bugs):"
# when students read the hints (course.toml [feedback] hints): once their due date has
# passed (the default), always, or never
HINT_SETTINGS = ("after_due_date", "always", "never")
# characters kept in a student id as they are; any other becomes "_" (no path separators,
# no shell or URL surprises in students/<id>/)
ID_PUNCTUATION = "._-@+"


def student_id(result: GradingResult) -> str:
    """The id a submission is filed under: ``result.submission`` itself when a batch set it
    to the student's id, else the name of the submitted path without ``.zip``/``.ipynb``
    (``subs/alice.zip`` -> ``alice``; ``.`` -> the working directory's name). Characters
    other than letters, digits and ``._-@+`` become ``_``, so an id is always one safe
    folder name; an id that would be empty, ``.`` or ``..`` is refused with ValueError."""
    name = PurePath(result.submission.replace("\\", "/")).name
    if name.strip(".") == "":
        name = Path(result.submission).resolve().name
    for suffix in SUBMISSION_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    safe = safe_id(name)
    if safe.strip(".") == "":
        raise ValueError(f"cannot make a student id from submission {result.submission!r}")
    return safe


def safe_id(name: str) -> str:
    """``name`` with every character but letters, digits and ``._-@+`` made ``_`` (so are
    the bytes of a name that was not UTF-8)."""
    return "".join(ch if ch.isalnum() or ch in ID_PUNCTUATION else "_" for ch in name)


def student_ids(results: list[GradingResult]) -> list[str]:
    """The ids of ``results`` in order; ValueError when two submissions share one (their
    files would overwrite each other)."""
    ids = [student_id(result) for result in results]
    seen: dict[str, str] = {}
    for result, sid in zip(results, ids):
        if sid in seen:
            raise ValueError(f"submissions {seen[sid]!r} and {result.submission!r} both have "
                             f"the student id {sid!r}; rename one of them")
        seen[sid] = result.submission
    return ids


def points(value: float) -> str:
    """Points as a person (and GitHub Classroom's ``Points X/Y``) writes them: ``85``,
    ``85.5``, never ``85.0``."""
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else repr(value)


def total(result: GradingResult) -> str:
    """``final / max`` points: the score after any late penalty, as every report shows it."""
    return f"{points(result.final_score)} / {points(result.max_score)}"


def late_note(result: GradingResult) -> str | None:
    """How the late policy changed the score (raw score, penalty, times), or None when it
    took nothing."""
    late = result.lateness
    if late is None or not result.late_penalty:
        return None
    return (f"raw score {points(result.score)}, less a late penalty of "
            f"{points(result.late_penalty)} (submitted {late.submitted_at}, due {late.due}; "
            f"policy {late.policy})")


def topic_names(results: list[GradingResult]) -> list[str]:
    """Every topic graded in any result, in course order (``NN_`` prefixes sort)."""
    return sorted({topic.name for result in results for topic in result.topics})


def description(test: TestResult) -> str:
    """The property a test checks: the first line of its feedback (the test's docstring)."""
    return test.feedback.split("\n", 1)[0]


def failing_call(test: TestResult) -> str | None:
    """The exact failing call of a visible test, as the grader recorded it, or None."""
    call = test.details.get("call") if test.visibility == "visible" else None
    return call if isinstance(call, str) and call else None


def hints_shown(result: GradingResult, setting: str,
                now: datetime.datetime | None = None) -> bool:
    """Whether ``result``'s student may read its hints ``now`` (default: the current time)
    under ``setting`` (one of :data:`HINT_SETTINGS`): ``after_due_date`` only once the
    student's own due date (``result.lateness.due``, extensions included) has passed, so
    a result graded without a due date shows none."""
    if setting not in HINT_SETTINGS:
        raise ValueError(f"hints must be one of {', '.join(HINT_SETTINGS)}, not {setting!r}")
    if setting != "after_due_date":
        return setting == "always"
    if result.lateness is None:
        return False
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return now >= datetime.datetime.fromisoformat(result.lateness.due)


def hint_of(test: TestResult) -> str | None:
    """The hint the grader recorded for ``test`` (see :mod:`autograder.grading.zoo`)."""
    hint = test.details.get("hint")
    return inert.text(hint) if isinstance(hint, str) and hint else None


def student_feedback(test: TestResult, hints: bool = False) -> str:
    """The feedback a student may read in an export. The results model already tells less
    for tests that are not visible (see :mod:`autograder.grading.feedback`); this also drops
    any failing call from them, so a hidden test's input can never leak through an export.
    With ``hints`` (see :func:`hints_shown`), the likely mistake is added."""
    text = test.feedback
    if test.visibility != "visible" and FAILING_CALL in text:
        text = text.split(FAILING_CALL)[0]
    hint = hint_of(test)
    if hints and hint:
        text += f"\n{HINT} {hint}"
    return text
