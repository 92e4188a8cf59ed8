"""The one results model every report and export is made from.

JSON layout (a stable contract, documented in the README)::

    {"submission": str, "score": float, "max_score": float,
     "metadata": {"autograder_version": str, "profile": {...}, "duration_s": float,
                  "graded_at": str},
     "topics": [{"name": str, "score": float, "max_score": float,
                 "tests": [{"name", "function", "score", "max_score", "status",
                            "visibility", "feedback", "duration_s", "details"}]}]}

``status`` is one of :data:`STATUSES`. ``details`` is made by the grader, never copied from a
submission's text (see :mod:`autograder.grading.feedback`): ``{}`` for a passed test, else
some of ``kind`` (str), ``evidence`` (a digest of the failing call and the values returned,
for matching the bug zoo), ``diagnosis`` (``{"code", "text"}``), ``hint`` (a likely mistake from
the topic's bug zoo), and for visible tests ``call`` (Python code of the exact failing call),
``call_exact`` (bool) and ``plot`` (``{"what", "shape", "got", "expected", "got_label",
"expected_label"}``, flat lists of floats, None for nan or inf). Two gradings of one submission give the same JSON
apart from ``duration_s`` and ``graded_at``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

STATUSES = ("passed", "failed", "error", "timeout")
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

    @property
    def score(self) -> float:
        return self.max_score if self.status == "passed" else 0.0


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


@dataclass
class GradingResult:
    submission: str
    topics: list[TopicResult]
    metadata: dict

    @property
    def score(self) -> float:
        return sum(topic.score for topic in self.topics)

    @property
    def max_score(self) -> float:
        return sum(topic.max_score for topic in self.topics)

    def to_dict(self) -> dict:
        return {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "metadata": self.metadata,
            "topics": [
                {
                    "name": topic.name,
                    "score": topic.score,
                    "max_score": topic.max_score,
                    "tests": [
                        {"name": t.name, "function": t.function, "score": t.score,
                         "max_score": t.max_score, "status": t.status,
                         "visibility": t.visibility, "feedback": t.feedback,
                         "duration_s": round(t.duration_s, 4), "details": t.details}
                        for t in topic.tests
                    ],
                }
                for topic in self.topics
            ],
        }

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
                               details=t.get("details", {}))
                    for t in topic["tests"]
                ])
                for topic in data["topics"]
            ],
            metadata=data.get("metadata", {}),
        )


def results_to_json(results: list[GradingResult]) -> str:
    """One submission: its object; several: a JSON array of them."""
    if len(results) == 1:
        return results[0].to_json()
    return json.dumps([result.to_dict() for result in results], indent=2)
