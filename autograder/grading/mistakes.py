"""Name the class of a mistake the bug zoo does not hold, from how a function fails.

Every bug of a topic's zoo declares its class (``MISTAKE = "sign"`` in
``tests/NN_topic/bugs/*.py``, one of :data:`MISTAKES`). A function whose tests fail is
described by :func:`features`: the kind of each failure (``kind:mutation``,
``kind:nonfinite``, ``raised:ValueError`` ...), the signature diagnoses of
:mod:`autograder.grading.diagnosis` (``diagnosis:factor:N``, ``diagnosis:transposed`` ...) and
the words of the failing tests' names (``word:seed``, ``word:large`` ...). :func:`predict`
learns, from the zoo's bugs of the whole course, which features (alone or in pairs) go with
which class: a rule fires only when the zoo bugs that show it are nearly all of one class
(see :func:`_confidence`: at least :data:`MIN_BUGS` bugs of that class, in at least two
different functions, so that a rule says something about the mistake, not about one
function's tests; and a precision that stays above :data:`THRESHOLD` after one imagined
counterexample). The best rule names the class, and the
hint is that class's text, phrased for the function (:func:`class_hint`). Classes without a
text (``formula``: a wrong formula of its own) give no hint: a wrong hint is worse than none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable

# class -> the hint for a function ``{f}`` that makes it (None: no class-level hint)
MISTAKES: dict[str, str | None] = {
    "batch-mean": "{f}: a result off by the batch size N is the usual sign of a sum over the "
                  "batch where the mean is asked, or of a gradient not divided by N (or divided "
                  "once too often). Check every division by N, in the value and the gradient.",
    "sign": "{f}: a sign seems flipped (a minus lost, a term subtracted instead of added, or a "
            "step taken uphill). Check the sign of each term, in the value and the gradient.",
    "factor": "{f}: a constant factor seems wrong or missing (such as a 2, a 1/2, a 1/p or a "
              "scale of the definition). Compare each factor with the docstring's formula.",
    "in-place": "{f} seems to change an array it was given: x -= ..., x *= ..., x[...] = ... "
                "or out=x write into the caller's array. Work on a copy (x = x - ...).",
    "unstable": "{f} seems not to be numerically stable at extreme inputs (overflow, 0/0, log "
                "of 0, lost digits): use a stable form of the formula (subtract the maximum, "
                "np.logaddexp, np.log1p, a branch per sign, np.linalg.solve/lstsq) instead of "
                "the textbook one.",
    "axis": "{f}: a reduction or a reshape seems to run over the wrong axis (or over the whole "
            "array). Check the axis= of each sum, mean and max, and keepdims.",
    "transpose": "{f}: a matrix or an axis order seems transposed (W where W.T is needed, or "
                 "axes in another order than the docstring's). Check the shapes of each product "
                 "with non-square sizes.",
    "off-by-one": "{f}: a count or an index seems off by one (a loop bound, a slice end, "
                  "N - 1 instead of N). Check the first and the last step.",
    "missing-term": "{f}: a term seems to be missing (a bias, a constant, one path of the "
                    "gradient). Compare term by term with the docstring's formula.",
    "ignored-argument": "{f}: does it use every argument it is given, rather than a fixed "
                        "value or another default than the docstring's?",
    "random-state": "{f}: draw every random number from the generator (or seed) it is given, "
                    "one independent draw per entry, never from np.random's global state.",
    "dtype": "{f}: check the dtype of what it returns (float64 where the docstring says so, "
             "an int for a count).",
    "shape": "{f}: check the shape and the structure of what it returns against the docstring.",
    "state": "{f}: check the state it reads, stores and returns (a config dict, a step count, "
             "running averages): it must carry over between calls exactly as the docstring "
             "says.",
    "validation": "{f}: it should raise ValueError for inputs the docstring rules out, not "
                  "silently round or crop them.",
    "derivative": "{f}: a local derivative seems evaluated at the wrong quantity (the input "
                  "where the formula needs the activation, or the other way round).",
    "accumulate": "{f}: a gradient seems assigned (=) where it must be summed (+=) over a loop "
                  "or over overlapping windows (np.add.at).",
    "convention": "{f}: an argument or a result seems read in another convention than the "
                  "docstring's (variance or standard deviation, log-variance or log sigma, keep "
                  "or drop probability, the order of the terms). Check its definitions.",
    "formula": None,
}

THRESHOLD = 0.75  # the least confidence of a rule that gives a hint
MIN_BUGS = 3  # the least number of zoo bugs a rule is learnt from
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Example:
    """A zoo bug's failing function: its features and its bug's class. ``bug`` names the bug
    (``topic/name``), so that a rule counts bugs, not functions; ``function`` is
    ``topic/function``."""

    bug: str
    function: str
    mistake: str
    features: frozenset[str]


def features(failures: Iterable[dict], function: str) -> frozenset[str]:
    """The features of ``function`` from its tests that did not pass, each a dict with
    ``test`` (its name), ``status``, ``kind`` and ``diagnosis`` (a code or None)."""
    own = set(WORD.findall(function.lower())) | {"test"}
    found = set()
    for failure in failures:
        kind = failure.get("kind") or ""
        if kind.startswith("raised "):
            found |= {"kind:raised", f"raised:{kind.removeprefix('raised ')}"}
        elif kind:
            found.add(f"kind:{kind}")
        found.add(f"status:{failure['status']}")
        if failure.get("diagnosis"):
            found.add(f"diagnosis:{failure['diagnosis']}")
        found |= {f"word:{word}" for word in WORD.findall(failure["test"].lower())
                  if len(word) > 2 and word not in own}
    return frozenset(found)


def _confidence(support: dict[str, set[tuple[str, str]]]) -> tuple[float, str]:
    """``(confidence, class)`` of a rule whose zoo bugs are ``support`` (class -> its
    ``(bug, function)`` pairs): the share of the commonest class's bugs with one
    counterexample added (so that two bugs that agree give 2/3, not 1); 0 below
    :data:`MIN_BUGS` bugs of that class or when they are all of one function."""
    bugs = Counter({mistake: len({bug for bug, _ in pairs}) for mistake, pairs in
                    support.items()})
    mistake, top = bugs.most_common(1)[0]
    functions = {function for _, function in support[mistake]}
    if top < MIN_BUGS or len(functions) < 2:
        return 0.0, mistake
    return top / (sum(bugs.values()) + 1), mistake


def predict(query: frozenset[str], examples: Iterable[Example]) -> tuple[str, float] | None:
    """The class of the best rule (a feature of ``query``, or a pair of them) learnt from
    ``examples``, and its confidence; None when no rule reaches :data:`THRESHOLD`, when the
    best rules name different classes, or when the best names a class without a hint."""
    candidates: dict[frozenset[str], dict[str, set[tuple[str, str]]]] = {}
    for example in examples:
        shared = sorted(query & example.features)
        for rule in [frozenset([f]) for f in shared] + [frozenset(p) for p in
                                                        combinations(shared, 2)]:
            candidates.setdefault(rule, {}).setdefault(example.mistake, set()).add(
                (example.bug, example.function))
    scored = [_confidence(support) for support in candidates.values()]
    confidence = max((score for score, _ in scored), default=0.0)
    best = {mistake for score, mistake in scored if score == confidence}
    if confidence < THRESHOLD or len(best) > 1:  # rules of two classes tie: no hint
        return None
    mistake = best.pop()
    return (mistake, confidence) if MISTAKES.get(mistake) else None


def class_hint(mistake: str, function: str) -> str:
    """The hint of ``mistake`` (a class with a text) phrased for ``function``."""
    return MISTAKES[mistake].format(f=f"{function}()")
