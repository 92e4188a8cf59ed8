"""The one results model every report and export is made from.

JSON layout (a stable contract, documented in the README)::

    {"submission": str, "score": float, "max_score": float,
     "metadata": {"autograder_version": str, "profile": {...}, "duration_s": float,
                  "graded_at": str},
     "topics": [{"name": str, "score": float, "max_score": float,
                 "tests": [{"name", "function", "score", "max_score", "status",
                            "visibility", "feedback", "duration_s"}]}]}

``status`` is one of :data:`STATUSES`. Two gradings of one submission give the same JSON
apart from ``duration_s`` and ``graded_at``. Text a submission may have shaped (feedback,
the submission's name, intake messages in ``metadata``) is made inert on the way in
(:func:`autograder.inert.text`), so no export can carry a control character or a workflow
command from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from autograder import inert

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

    def __post_init__(self) -> None:
        self.feedback = inert.text(self.feedback)

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
