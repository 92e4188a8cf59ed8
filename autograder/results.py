"""The one results model every report and export is made from.

JSON layout (a stable contract, documented in the README)::

    {"submission": str, "score": float, "max_score": float,
     "metadata": {"autograder_version": str, "profile": {...}, "duration_s": float,
                  "graded_at": str},
     "topics": [{"name": str, "score": float, "max_score": float,
                 "tests": [{"name", "function", "score", "max_score", "status",
                            "visibility", "feedback", "duration_s", "details"[, "output_digest"]}]}]}

plus, only for a submission graded against a due date (:mod:`autograder.classbook.deadlines`)::

     "lateness": {"submitted_at": str, "source": str, "due": str, "late_by_s": float,
                  "policy": str, "penalty_fraction": float},
     "late_penalty": float, "final_score": float

``score`` is always the raw score (what the tests gave); ``late_penalty`` is the points the
late policy takes from it (``penalty_fraction`` of ``max_score``, at most the raw score) and
``final_score`` what is left. ``status`` is one of :data:`STATUSES`: ``passed`` (the only
status that earns the test's points), ``failed`` (the property does not hold), ``error`` (the
function raised, or is not implemented), ``timeout``, or ``untestable`` (a function the test
needs, such as the student's forward pass for a backward test, did not work on any input:
nothing is known about the graded function, and the feedback names the function to fix
first). ``details`` is made by the grader, never copied from a submission's text (see
:mod:`autograder.grading.feedback`): ``{}`` for a passed test, else
some of ``kind`` (str), ``evidence`` (a digest of the failing call and the values returned,
for matching the bug zoo), ``diagnosis`` (``{"code", "text"}``), ``hint`` (a likely mistake from
the topic's bug zoo), and for visible tests ``call`` (Python code of the exact failing call),
``call_exact`` (bool) and ``plot`` (``{"what", "shape", "got", "expected", "got_label",
"expected_label"}``, flat lists of floats, None for nan or inf). ``output_digest`` (16
hex digits) is present on a failed test only, when the submission's functions returned values
during it: a digest of those values, made by the grader (:mod:`autograder.sandbox.returns`),
that ``autograder similarity`` compares between students. Two gradings of one submission give
the same JSON apart from ``duration_s`` and ``graded_at``.
Text a submission may have shaped (feedback, the submission's name, intake messages in
``metadata``) is made inert on the way in (:func:`autograder.inert.text`), so no export can
carry a control character or a workflow command from it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from autograder import inert

STATUSES = ("passed", "failed", "error", "timeout", "untestable")
VISIBILITIES = ("visible", "hidden", "after_due_date")


@dataclass
class TestResult:
    name: str
    function: str
    max_score: float
    visibility: str
    status: str
    feedback: str
    duration_s: float = 0.0
    details: dict = field(default_factory=dict)
    output_digest: str | None = None

    def __post_init__(self) -> None:
        self.feedback = inert.text(self.feedback)

    @property
    def score(self) -> float:
        return self.max_score if self.status == "passed" else 0.0

    def to_dict(self) -> dict:
        data = {"name": self.name, "function": self.function, "score": self.score,
                "max_score": self.max_score, "status": self.status,
                "visibility": self.visibility, "feedback": self.feedback,
                "duration_s": round(self.duration_s, 4), "details": self.details}
        if self.output_digest is not None:
            data["output_digest"] = self.output_digest
        return data


@dataclass
class TopicResult:
    name: str
    tests: list[TestResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(test.score for test in self.tests)

    @property
    def max_score(self) -> float:
        return sum(test.max_score for test in self.tests)


@dataclass(frozen=True)
class Lateness:
    """When a submission came in, against which due date, and the share of the maximum
    score the late policy takes away (0 on time). ``source`` says where the time came from
    (``gradescope``, ``git`` or ``file``); times are ISO 8601 with their offset."""

    submitted_at: str
    source: str
    due: str
    late_by_s: float
    policy: str
    penalty_fraction: float


@dataclass
class GradingResult:
    submission: str
    topics: list[TopicResult]
    metadata: dict
    lateness: Lateness | None = None

    def __post_init__(self) -> None:
        self.submission = inert.name(self.submission)
        for key in ("error", "intake_warnings"):  # a submission's file names and lines
            if isinstance(self.metadata.get(key), str):
                self.metadata[key] = inert.text(self.metadata[key])
            elif isinstance(self.metadata.get(key), list):
                self.metadata[key] = [inert.text(item) for item in self.metadata[key]]

    @property
    def score(self) -> float:
        return sum(topic.score for topic in self.topics)

    @property
    def max_score(self) -> float:
        return sum(topic.max_score for topic in self.topics)

    @property
    def late_penalty(self) -> float:
        """Points taken for lateness: ``penalty_fraction`` of the maximum, at most the raw
        score (so the final score never goes below 0)."""
        if self.lateness is None:
            return 0.0
        return min(self.score, round(self.lateness.penalty_fraction * self.max_score, 4))

    @property
    def final_score(self) -> float:
        return self.score - self.late_penalty

    def to_dict(self) -> dict:
        data = {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "metadata": self.metadata,
            "topics": [
                {
                    "name": topic.name,
                    "score": topic.score,
                    "max_score": topic.max_score,
                    "tests": [test.to_dict() for test in topic.tests],
                }
                for topic in self.topics
            ],
        }
        if self.lateness is not None:
            data.update(lateness=asdict(self.lateness), late_penalty=self.late_penalty,
                        final_score=self.final_score)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> GradingResult:
        """The inverse of :meth:`to_dict` (scores are recomputed from the statuses)."""
        return cls(
            submission=data["submission"],
            topics=[
                TopicResult(topic["name"], [
                    TestResult(name=t["name"], function=t["function"],
                               max_score=float(t["max_score"]), visibility=t["visibility"],
                               status=t["status"], feedback=t["feedback"],
                               duration_s=t.get("duration_s", 0.0),
                               output_digest=t.get("output_digest"),
                               details=t.get("details", {}))
                    for t in topic["tests"]
                ])
                for topic in data["topics"]
            ],
            metadata=data.get("metadata", {}),
            lateness=Lateness(**data["lateness"]) if data.get("lateness") else None,
        )


def results_to_json(results: list[GradingResult]) -> str:
    """One submission: its object; several: a JSON array of them."""
    if len(results) == 1:
        return results[0].to_json()
    return json.dumps([result.to_dict() for result in results], indent=2)


TIMINGS = ("duration_s", "graded_at")


def without_timings(result: GradingResult) -> dict:
    """``result``'s JSON document without its durations and timestamps: what two gradings
    of the same submission must agree on, byte for byte."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in TIMINGS}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value
    return strip(json.loads(results_to_json([result])))
