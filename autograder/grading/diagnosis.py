"""Name the likely mistake behind a failure, as a teaching assistant would.

**Signatures** (:func:`diagnose`), made by the grader from what it computed itself: the
arrays a failed check compared (:class:`~autograder.checks.failures.Comparison`) have a known
shape of error: the result is exactly -1, 2, 1/2 or N times the expected one (N a size of an
input: "did you forget to divide by N?"), or p or 1/p times it (p a number the call passed:
"is a factor 1/p missing?"), or another constant factor; it is the transpose; it is wrong
only in one entry per row (the correct-class column ``y[i]`` when the call passed labels); a
gradient is wrong only on one side of 0 (the branch of a piecewise function, at its kink).

The bug zoo's hints, which build on these codes, are :mod:`autograder.grading.zoo`'s.

A diagnosis has a stable ``code`` (part of the failure pattern) and the ``text`` a student
reads. For hidden tests the text names arguments, never their values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks.failures import Comparison
from autograder.sandbox.calllog import LoggedCall

RTOL = 1e-6  # how exact a factor must be to be called one


@dataclass(frozen=True)
class Diagnosis:
    code: str
    text: str


def diagnose(comparison: Comparison, calls: list[LoggedCall],
             what: str | None = None, named: bool = True) -> Diagnosis | None:
    """The signature of the error between ``comparison.got`` and ``.expected``, if known.
    ``calls`` are the test's calls, the failing one last (their sizes and numbers are the
    candidate factors: a backward pass's p was passed to its forward); ``what`` names the
    result in the text (default ``comparison.what``). ``named=False`` (hidden tests) calls
    a number of the call "p", never by its key (a dict written back from a student's call
    could carry the student's keys)."""
    got, expected = comparison.got, comparison.expected
    what = what or comparison.what
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            return Diagnosis("transposed", f"{what} has the transposed shape {got.shape} "
                                           f"instead of {expected.shape}: is it transposed?")
        return None
    if got.size == 0 or not (np.all(np.isfinite(got)) and np.all(np.isfinite(expected))):
        return None
    return (_factor(got, expected, what, calls, named) or _transposed(got, expected, what)
            or _one_per_row(got, expected, what, calls) or _one_side(comparison, what))


def _factor(got: np.ndarray, expected: np.ndarray, what: str, calls: list[LoggedCall],
            named: bool) -> Diagnosis | None:
    """``got = c * expected`` for a constant ``c != 1``: which constant, and its likely causes
    (a shrunk input often has a size or a number that equals 2 or 1/2 too: every cause that
    fits is named, the first one's code is the diagnosis's)."""
    norm = float(np.vdot(expected, expected))
    if norm == 0.0:
        return None
    c = float(np.vdot(got, expected)) / norm
    residual = float(np.linalg.norm(got - c * expected))
    if residual > RTOL * max(float(np.linalg.norm(got)), abs(c) * math.sqrt(norm)) or \
            _near(c, 1.0) or _near(c, 0.0):
        return None
    known = [(-1.0, "factor:-1", "-1", "a sign error?")]  # (value, code, label, cause)
    for name, size in _sizes(calls):
        known += [(size, "factor:N", str(size), f"did you forget to divide by N = {name}?"),
                  (1 / size, "factor:1/N", f"1/{size}",
                   f"divided by N = {name} once too often?")]
    for name, number in _numbers(calls, named):
        known += [(number, "factor:p", name,
                   f"is a factor 1/{name} missing ({name} is a number you were given)?"),
                  (1 / number, "factor:1/p", f"1/{name}",
                   f"divided by {name} where it should not be?")]
    known += [(2.0, "factor:2", "2", "is a term counted twice, or a factor 2 left that "
                                     "should cancel?"),
              (0.5, "factor:1/2", "1/2", "is a factor 2 missing (such as the 2 of the "
                                         "derivative of x**2)?")]
    fits = [(code, label, cause) for value, code, label, cause in known if _near(c, value)]
    if fits:
        labels = list(dict.fromkeys(label for _, label, _ in fits))
        also = f" (which is also {', '.join(labels[1:])})" if len(labels) > 1 else ""
        causes = " Or ".join(dict.fromkeys(cause for _, _, cause in fits))
        return Diagnosis(fits[0][0], f"{what} is exactly {labels[0]} times the expected "
                                     f"value{also}: {causes}")
    if got.size < 4:  # a few numbers differ by some factor anyway: no evidence of a scale
        return None
    if _near(c, round(c)):
        return Diagnosis("factor:integer", f"{what} is exactly {round(c)} times the expected "
                                           f"value: a count or a size multiplied in (or not "
                                           f"divided out)?")
    return Diagnosis("factor:constant", f"{what} is the expected value times the constant "
                                        f"{c:.6g}: a scale factor is wrong or missing")


def _transposed(got: np.ndarray, expected: np.ndarray, what: str) -> Diagnosis | None:
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and \
            np.allclose(got, expected.T, rtol=RTOL, atol=0) and not np.allclose(got, expected):
        return Diagnosis("transposed", f"{what} is the transpose of the expected value")
    return None


def _one_per_row(got: np.ndarray, expected: np.ndarray, what: str,
                 calls: list[LoggedCall]) -> Diagnosis | None:
    """Wrong in at most one entry of each row: the correct-class column of a loss gradient,
    when the call's labels ``y`` say which column (else at least two rows wrong)."""
    if got.ndim != 2 or got.shape[1] < 2:
        return None
    bad = ~_close(got, expected)
    rows = np.flatnonzero(bad.any(axis=1))
    if len(rows) < 1 or np.any(bad.sum(axis=1) > 1):
        return None
    columns = bad[rows].argmax(axis=1)
    for name, labels in _labels(calls, got.shape):
        if np.array_equal(labels[rows], columns):
            return Diagnosis("correct-class", f"{what} is wrong only in the correct-class "
                                              f"column {name}[i] of each row: check the term "
                                              f"of the correct class")
    if len(rows) < 2:
        return None
    return Diagnosis("one-per-row", f"{what} is wrong in a single entry of each row")


def _one_side(comparison: Comparison, what: str) -> Diagnosis | None:
    """A gradient wrong exactly where x < 0 (or exactly where x > 0), right on the other
    side: the derivative of one branch of a piecewise function."""
    x = comparison.x
    if x is None or x.shape != comparison.got.shape:
        return None
    bad = ~_close(comparison.got, comparison.expected)
    for side, where in (("x < 0", x < 0), ("x > 0", x > 0)):
        other = ~where & (x != 0)
        if np.array_equal(bad, where) and other.any():
            return Diagnosis(f"kink:{side}", f"{what} is wrong only where {side}: "
                                             f"check that branch of the function (its "
                                             f"derivative on that side of the kink at 0)")
    return None


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1e-300)
    return np.abs(a - b) <= RTOL * np.abs(b) + 1e-9 * scale


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= RTOL * max(abs(a), abs(b), 1e-300)


def _arguments(calls: list[LoggedCall]) -> list[tuple[str, Any]]:
    """``(name, value)`` of each argument of the calls, the failing call's first: a keyword's
    name, or ``argument i``."""
    return [pair for call in reversed(calls) for pair in
            [(f"argument {i}", value) for i, value in enumerate(call.args, start=1)]
            + list(call.kwargs.items())]


def _sizes(calls: list[LoggedCall]) -> list[tuple[str, int]]:
    """Sizes > 1 of the arrays passed, as ``name.shape[k]``, each size once."""
    found: dict[int, str] = {}
    for name, value in _arguments(calls):
        if isinstance(value, np.ndarray):
            for axis, size in enumerate(value.shape):
                if size > 1:
                    found.setdefault(size, f"{name}.shape[{axis}]")
    return [(name, size) for size, name in found.items()]


def _numbers(calls: list[LoggedCall], named: bool = True) -> list[tuple[str, float]]:
    """The floats passed, directly, in a dict (``p`` of ``dropout_param``) or as an array of
    equal entries (PReLU's slopes), not 0 or 1, named by their keyword or key (a short
    identifier) or, unnamed, "p"."""
    found = []
    for name, value in _arguments(calls):
        items = value.items() if isinstance(value, dict) else [(name, value)]
        for key, number in items:
            if isinstance(number, np.ndarray) and number.dtype.kind == "f" and \
                    number.size and np.all(number == number.flat[0]):
                number = float(number.flat[0])
            if type(number) is float and math.isfinite(number) and number not in (0.0, 1.0):
                readable = isinstance(key, str) and key.isidentifier() and len(key) <= 30
                found.append((key if named and readable else "p", number))
    return found


def _labels(calls: list[LoggedCall], shape: tuple[int, int]) -> list[tuple[str, np.ndarray]]:
    """Integer arrays of one label per row, with values that index a column."""
    return [(name, value) for name, value in _arguments(calls)
            if isinstance(value, np.ndarray) and value.dtype.kind in "iu"
            and value.shape == (shape[0],) and np.all((value >= 0) & (value < shape[1]))]
