"""Turn a graded test's outcome into a status, the feedback a student reads, and its details.

Feedback starts with the property's one-line description (the test's docstring), then says
what went wrong:

* **Visible tests** show the message of the failed check, the student's own traceback for
  an exception, the likely mistake (:mod:`autograder.grading.diagnosis`) and the exact
  failing call, as Python to paste (:mod:`autograder.grading.failing_call`).
* **Hidden tests** (and ``after_due_date`` ones) never show an input, a reference value or
  any text the student's code produced: an exception is named by its type and the line of
  the student's module it was raised at; a failed check shows its ``hidden_message`` when it
  declared one (a mutation, a shape, a dtype: see :mod:`autograder.checks.failures`), else
  :data:`HIDDEN_FAILURE`; the likely mistake is shown (it names sizes and argument names, not
  values).
* **Could not be tested** (status ``untestable``, 0 points): a function the test needs (the
  student's forward pass, for a backward test) did not work on any input drawn for it
  (:mod:`autograder.checks.dependencies`); the feedback says which function to fix first and
  that this is not a failure of the function graded (a hidden test names the function only,
  not what it raised).
* **A module that does not import** is explained once per topic, by its first visible test
  (else its first test), with the student's traceback (in notebook cells for a notebook);
  every other test of the topic refers to it.
* **Reveal** (``verify`` and ``stress``, for instructors): every test as a visible one, and
  an exception raised in the test itself with its traceback.

``details`` (stored with the result, see :mod:`autograder.results`) is made by the grader:
``kind`` of failure, ``evidence`` (a digest of the failing call and the values returned),
``diagnosis`` ``{code, text}``, and for visible tests ``call`` (the code of the failing
call), ``call_exact`` and ``plot`` (the arrays compared, for
:mod:`autograder.exports.plots`).
"""

from __future__ import annotations

import hashlib
import inspect
import math
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest
from hypothesis.errors import Flaky, FlakyFailure

from autograder.checks.dependencies import Untestable
from autograder.checks.failures import CheckFailure, Comparison
from autograder.grading.diagnosis import diagnose
from autograder.grading.failing_call import call_chain, failing_call
from autograder.sandbox.client import (
    ModuleUnavailable,
    Sandbox,
    SandboxFailure,
    StudentError,
)

MAX_MESSAGE = 1500
HIDDEN_FAILURE = "This hidden property does not hold for your code."
OUTPUT_TAIL = 800
FAILING_CALL = "Failing call (paste it into Python next to your module to reproduce it):"
FLAKY = ("The same input did not fail every time it was tried (your function draws random "
         "numbers), so the call below may need a few runs to fail again.")
LIKELY_MISTAKE = "Likely mistake:"
MAX_PLOT_ENTRIES = 400
_FRAME = re.compile(r'^\s*File "([^"\n]{1,300})", line (\d{1,9})', re.MULTILINE)


@dataclass
class Context:
    """What the plugin knows beyond the test: ``module`` is the topic's module path in the
    submission (``02_activations/activations.py``), ``function`` the graded function,
    ``reporter`` the test that explains an
    import failure for its topic, ``cells`` maps a line of a notebook's converted module to
    ``(cell, line in cell)``, or to None when the module is not a notebook's."""

    module: str
    function: str
    reporter: str
    reveal: bool = False
    cells: Callable[[int], tuple[int, int] | None] = lambda line: None


@dataclass
class Outcome:
    status: str
    feedback: str
    details: dict = field(default_factory=dict)


def describe_outcome(item: pytest.Item, excinfo: pytest.ExceptionInfo | None,
                     visibility: str, sandbox: Sandbox | None, context: Context) -> Outcome:
    """The outcome of a graded test; ``excinfo`` is None when it passed."""
    doc = inspect.getdoc(getattr(item, "function", None)) or item.name
    description = doc.split("\n\n")[0].replace("\n", " ")
    if excinfo is None:
        return Outcome("passed", description)
    exc, flaky = _underlying(excinfo.value)
    visible = visibility == "visible" or context.reveal
    if isinstance(exc, ModuleUnavailable):
        return _import_failure(item, exc, description, context)
    status, kind, reason, extra = _classify(exc, visible, context)
    details: dict = {"kind": kind}
    parts = [description, reason, FLAKY if flaky else ""]
    if visible and isinstance(exc, SandboxFailure) and sandbox:
        output = sandbox.output.strip()
        if output:
            parts.append("Output of the submission (last lines):\n" + output[-OUTPUT_TAIL:])
    parts += extra
    if context.reveal and kind == "unchecked":
        parts.append(str(excinfo.getrepr(style="short", chain=False)))
    # the call log first: a deferred gradient comparison may call the student's forward
    calls = list(sandbox.calls.calls) if sandbox else []
    chain = call_chain(sandbox.calls) if sandbox else []
    call = _optional(failing_call, sandbox.calls) if sandbox else None
    comparison = _comparison(exc)
    details["evidence"] = _optional(_evidence, call, chain, comparison)
    if not visible:
        call = None
    if comparison is not None:
        # a hidden test's description of what it compared may quote its inputs
        subject = comparison.what if visible else f"the result of {context.function}()"
        found = _optional(diagnose, comparison, calls, subject, named=visible)
        if found:
            details["diagnosis"] = {"code": found.code, "text": found.text}
            parts.append(f"{LIKELY_MISTAKE} {found.text}")
        if visible:
            details["plot"] = _plot(comparison)
    if call is not None and kind not in ("not implemented", "untestable"):
        details["call"], details["call_exact"] = call
        parts.append(FAILING_CALL + "\n" + _indent(call[0]))
    return Outcome(status, "\n".join(part for part in parts if part),
                   {key: value for key, value in details.items() if value is not None})


def _underlying(exc: BaseException) -> tuple[BaseException, bool]:
    """``(the failure to describe, whether it was flaky)``: a failure that did not recur when
    Hypothesis tried the same input again (a function that draws random numbers) is still
    described by what failed, not as flakiness."""
    if isinstance(exc, FlakyFailure):
        inner = [error for error in exc.exceptions if not isinstance(error, Flaky)]
        if inner:
            return inner[0], True
    return exc, False


def _classify(exc: BaseException, visible: bool,
              context: Context) -> tuple[str, str, str, list[str]]:
    """``(status, kind, one-line reason, detail paragraphs)`` for the exception that ended a
    test (an import failure aside)."""
    if isinstance(exc, SandboxFailure):  # timeouts, crashes: grader-made messages
        return exc.status, type(exc).__name__, _truncate(str(exc)), []
    if isinstance(exc, StudentError):
        name = f"{exc.function}()" if exc.function else "the submission"
        if exc.type_name == "NotImplementedError":
            return ("error", "not implemented",
                    f"{name} is not implemented yet (it raises NotImplementedError).", [])
        if not visible:
            return "error", f"raised {exc.type_name}", \
                f"{name} raised {exc.type_name}{_where(exc, context)}.", []
        return "error", f"raised {exc.type_name}", f"{name} raised {_truncate(str(exc))}", \
            [exc.student_traceback.rstrip()]
    if isinstance(exc, Untestable):
        return ("untestable", "untestable",
                _truncate(str(exc)) if visible else exc.hidden_message(), [])
    if isinstance(exc, CheckFailure):
        if visible:
            return "failed", exc.kind, _assertion_message(exc), []
        return "failed", exc.kind, exc.hidden_message or HIDDEN_FAILURE, []
    if isinstance(exc, AssertionError):
        return "failed", "assertion", _assertion_message(exc) if visible else HIDDEN_FAILURE, []
    if isinstance(exc, Flaky):
        return "failed", "flaky", ("The submission gave different results for the same input "
                                   "(does it use global random state?)."), []
    if not visible:
        return "failed", "unchecked", HIDDEN_FAILURE, []
    return "failed", "unchecked", (f"The returned value could not be checked: "
                                   f"{type(exc).__name__}: {_truncate(str(exc))}"), []


def _where(exc: StudentError, context: Context) -> str:
    """`` at line N of module.py`` for the student's innermost frame in the topic's module
    (read from the worker's traceback, so checked: only a line number is taken from it)."""
    frames = [(path, int(line)) for path, line in _FRAME.findall(exc.student_traceback)
              if path == context.module]
    if not frames:
        return ""
    line = frames[-1][1]
    cell = context.cells(line)
    if cell is not None:
        return f" at line {cell[1]} of notebook cell {cell[0]}"
    return f" at line {line} of {context.module.rsplit('/', 1)[-1]}"


def _import_failure(item: pytest.Item, exc: ModuleUnavailable, description: str,
                    context: Context) -> Outcome:
    kind = "import"
    if item.nodeid != context.reporter:
        name = context.reporter.rsplit("::", 1)[-1]
        return Outcome(exc.status, f"{description}\n{context.module} could not be imported, "
                                   f"so this test could not run (why: see {name}).",
                       {"kind": kind})
    cause = exc.cause
    parts = [description, _truncate(str(exc))]
    if isinstance(cause, StudentError) and cause.student_traceback.strip():
        parts.append(_in_cells(cause.student_traceback.rstrip(), context))
    return Outcome(exc.status, "\n".join(parts), {"kind": kind})


def _in_cells(traceback: str, context: Context) -> str:
    """The traceback with the module's line numbers as notebook cells and lines."""
    def cell(match: re.Match) -> str:
        mapped = context.cells(int(match.group(2))) if match.group(1) == context.module else None
        if mapped is None:
            return match.group(0)
        indent = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip())]
        return f"{indent}Notebook cell {mapped[0]}, line {mapped[1]}"
    return _FRAME.sub(cell, traceback)


def _optional(make: Callable, *args: object, **kwargs: object) -> object:
    """``make(*args, **kwargs)``, or None if it fails: a diagnosis or a printed call helps a
    student, and must never cost the grading of a submission."""
    try:
        return make(*args, **kwargs)
    except Exception:
        return None


def _comparison(exc: BaseException) -> Comparison | None:
    if not isinstance(exc, CheckFailure):
        return None
    try:
        comparison = exc.comparison()
    except (Exception, SandboxFailure):  # a deferred gradient calls the student's forward
        return None
    arrays = comparison is not None and all(
        type(a) is np.ndarray and a.dtype.kind in "fiu" for a in (comparison.got,
                                                               comparison.expected))
    return comparison if arrays else None


def _evidence(call: tuple[str, bool] | None, chain: list, comparison: Comparison | None) -> str:
    """A digest of the failing call, of what the submission returned on it (and on the calls
    that made its handles) and of the values the check compared: two submissions that fail a
    test on the same call with the same values make the same mistake as far as the test can
    tell (the bug zoo's hints match on it). A digest, so that a hidden test's input and
    values are not stored."""
    digest = hashlib.sha256((call[0] if call else "").encode())
    for logged in chain:
        digest.update(f"\0{logged.raised}\0{_canonical(logged.value)}".encode())
    if comparison is not None:
        digest.update(f"\0{_canonical(comparison.got)}".encode())
    return digest.hexdigest()[:16]


def _canonical(value: object) -> str:
    """A returned value as text, floats to 8 significant digits (round-off between two ways
    of writing the same mistake does not count)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            return f"{value.shape}[{' '.join(f'{v:.8g}' for v in value.ravel().tolist())}]"
        return f"{value.dtype}{value.shape}{value.ravel().tolist()}"
    if isinstance(value, float):
        return f"{value:.8g}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(item) for item in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key!r}:{_canonical(item)}"
                              for key, item in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, (bool, int, str)) or value is None:
        return repr(value)
    return type(value).__name__  # a handle (its id depends on earlier calls), a generator


def _plot(comparison: Comparison) -> dict | None:
    """The compared arrays as JSON lists, when they are small enough to draw."""
    got, expected = comparison.got, comparison.expected
    if got.shape != expected.shape or not 0 < got.size <= MAX_PLOT_ENTRIES:
        return None
    return {"what": comparison.what, "shape": list(got.shape),
            "got": _finite(got), "expected": _finite(expected),
            "got_label": comparison.got_label, "expected_label": comparison.expected_label}


def _finite(array) -> list:
    """The entries as floats, None for nan and inf (JSON has neither)."""
    return [value if math.isfinite(value) else None for value in array.ravel().tolist()]


def _assertion_message(exc: AssertionError) -> str:
    message = str(exc)
    # pytest's assertion rewriting appends "\nassert <expression>"; the author's message is
    # what a student needs.
    head = message.split("\nassert ")[0].strip()
    return _truncate(head or message or "The property does not hold.")


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " [...]"
