"""Turn a graded test's outcome into a status and the feedback a student reads.

Feedback starts with the property's one-line description (the test's docstring), then says
what went wrong. Visible tests also show the smallest failing input Hypothesis found and the
expected-versus-got message; when a hidden test's property fails, only its description is
shown (its message may quote the reference's values). Errors and timeouts show the student's
own exception and traceback either way.
Tracebacks only ever contain frames of the student's own files (the worker filters them).
"""

from __future__ import annotations

import inspect

import pytest
from hypothesis.errors import Flaky

from autograder.sandbox.client import (
    ModuleUnavailable,
    Sandbox,
    SandboxFailure,
    StudentError,
)

MAX_MESSAGE = 1500
HIDDEN_FAILURE = "This hidden property does not hold for your code."
OUTPUT_TAIL = 800


def describe_outcome(item: pytest.Item, excinfo: pytest.ExceptionInfo | None,
                     visibility: str, sandbox: Sandbox | None) -> tuple[str, str]:
    """Return ``(status, feedback)`` for a graded test; ``excinfo`` is None when it passed."""
    doc = inspect.getdoc(getattr(item, "function", None)) or item.name
    description = doc.split("\n\n")[0].replace("\n", " ")
    if excinfo is None:
        return "passed", description
    exc = excinfo.value
    visible = visibility == "visible"
    status, reason, details = _classify(exc)
    if status == "failed" and not visible:
        reason = HIDDEN_FAILURE  # the message may quote the reference's values
    parts = [description, reason]
    if isinstance(exc, SandboxFailure) and not isinstance(exc, ModuleUnavailable) and sandbox:
        output = sandbox.output.strip()
        if visible and output:
            parts.append("Output of the submission (last lines):\n" + output[-OUTPUT_TAIL:])
    parts += details
    if visible and not _not_implemented(exc):
        parts += _failing_example(exc)
    return status, "\n".join(part for part in parts if part)


def _classify(exc: BaseException) -> tuple[str, str, list[str]]:
    """``(status, one-line reason, detail paragraphs)`` for the exception that ended a test."""
    if isinstance(exc, ModuleUnavailable):
        cause = exc.cause
        details = [cause.student_traceback] if isinstance(cause, StudentError) else []
        return exc.status, _truncate(str(exc)), details
    if isinstance(exc, SandboxFailure):
        return exc.status, _truncate(str(exc)), []
    if isinstance(exc, StudentError):
        name = f"{exc.function}()" if exc.function else "the submission"
        if _not_implemented(exc):
            return "error", f"{name} is not implemented yet (it raises NotImplementedError).", []
        reason = f"{name} raised {_truncate(str(exc))}"
        return "error", reason, [exc.student_traceback.rstrip()]
    if isinstance(exc, AssertionError):
        return "failed", _assertion_message(exc), []
    if isinstance(exc, Flaky):
        return "failed", ("The submission gave different results for the same input "
                          "(does it use global random state?)."), []
    return "failed", f"The returned value could not be checked: {type(exc).__name__}: " \
                     f"{_truncate(str(exc))}", []


def _not_implemented(exc: BaseException) -> bool:
    return isinstance(exc, StudentError) and exc.type_name == "NotImplementedError"


def _assertion_message(exc: AssertionError) -> str:
    message = str(exc)
    # pytest's assertion rewriting appends "\nassert <expression>"; the author's message is
    # what a student needs.
    head = message.split("\nassert ")[0].strip()
    return _truncate(head or message or "The property does not hold.")


def _failing_example(exc: BaseException) -> list[str]:
    """Hypothesis's note naming the smallest failing input, without the fixture arguments."""
    for note in getattr(exc, "__notes__", ()):
        if note.startswith(("Falsifying example", "Failing test case")):
            lines = note.splitlines()
            kept = [line for line in lines[1:-1]
                    if not line.strip().startswith(("student=", "reference="))]
            return ["Smallest failing input:\n" + "\n".join(kept)]
    return []


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " [...]"
