"""The one results model every report and export is made from.

JSON layout (a stable contract, documented in the README)::

    {"submission": str, "score": float, "max_score": float,
     "metadata": {"autograder_version": str, "profile": {...}, "duration_s": float,
                  "graded_at": str},
     "topics": [{"name": str, "score": float, "max_score": float,
                 "tests": [{"name", "function", "score", "max_score", "status",
                            "visibility", "feedback", "duration_s"}]}]}

``status`` is one of :data:`STATUSES`. Two gradings of one submission give the same JSON
apart from ``duration_s`` and ``graded_at``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

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
                         "duration_s": round(t.duration_s, 4)}
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
                               duration_s=t.get("duration_s", 0.0))
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
