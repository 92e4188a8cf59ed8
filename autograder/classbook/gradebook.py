"""The SQLite gradebook: every grading run of a class, so that a batch can be resumed after a
crash and unchanged submissions are not graded twice.

Why the standard library's :mod:`sqlite3` and not SQLAlchemy: the gradebook is an embedded
file written by one process (the batch's parent; the grading workers never touch it), its
schema is two tables and a view, and every query is a few lines of SQL. SQLAlchemy would add
a dependency and a layer of mapping for no portability we need: any tool (``sqlite3``
shell, pandas, Datasette) reads the file as it is.

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`)::

    runs          one row per grading run, never updated or deleted (the history):
                  id (increasing: the latest run of a student is the one with the largest id),
                  student, source (the entry of the class folder), submission_hash,
                  suite_hash, autograder_version, outcome ('graded' | 'rejected': intake
                  refused the submission | 'crashed': its grading process died), error
                  (the message when not 'graded'), topics (JSON list, in order), score,
                  max_score, metadata (JSON: the result's metadata), started_at, finished_at
                  (ISO 8601, UTC)
    test_results  one row per graded test of a run: run_id, position, topic, name, function,
                  score, max_score, status, visibility, feedback, duration_s, output_digest
                  (NULL, or for a failed test the digest of the values the submission
                  returned during it: see :mod:`autograder.sandbox.returns`; added in
                  schema 2, a schema-1 file gains the column when opened), details (JSON,
                  the grader's details of a failure; added in schema 4)
    lateness      the late policy applied to a run by the latest batch with a due date
                  (replaced by each batch, so a new due date or extension needs no
                  regrading): run_id, submitted_at, source (gradescope | git | file), due,
                  late_by_s, policy, penalty_fraction, raw_score, late_penalty, final_score
    current_runs  view: the latest run of each student

The file is in WAL mode and each run is committed in one transaction as soon as it is
recorded, so a batch killed at any moment (even with SIGKILL) loses at most the submissions
that were still being graded. A lock file beside it (``PATH.lock``, released by the kernel
when its holder dies) keeps two batches from writing the same gradebook at once.

Fingerprints decide whether a stored run can stand for a new grading:
:func:`submission_hash` (what was submitted) and :func:`suite_hash` (what it is graded
against, and how); together with the autograder's version they must all match.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import autograder
from autograder.course import Course, Topic
from autograder.results import GradingResult, Lateness

SCHEMA_VERSION = 4  # 2 added test_results.output_digest, 3 the lateness table, 4 details
OUTCOMES = ("graded", "rejected", "crashed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student TEXT NOT NULL,
    source TEXT NOT NULL,
    submission_hash TEXT NOT NULL,
    suite_hash TEXT NOT NULL,
    autograder_version TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('graded', 'rejected', 'crashed')),
    error TEXT,
    topics TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    metadata TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_student ON runs (student, id);
CREATE TABLE IF NOT EXISTS test_results (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    position INTEGER NOT NULL,
    topic TEXT NOT NULL,
    name TEXT NOT NULL,
    function TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    status TEXT NOT NULL,
    visibility TEXT NOT NULL,
    feedback TEXT NOT NULL,
    duration_s REAL NOT NULL,
    output_digest TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS lateness (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id),
    submitted_at TEXT NOT NULL,
    source TEXT NOT NULL,
    due TEXT NOT NULL,
    late_by_s REAL NOT NULL,
    policy TEXT NOT NULL,
    penalty_fraction REAL NOT NULL,
    raw_score REAL NOT NULL,
    late_penalty REAL NOT NULL,
    final_score REAL NOT NULL
);
CREATE VIEW IF NOT EXISTS current_runs AS
    SELECT * FROM runs WHERE id IN (SELECT max(id) FROM runs GROUP BY student);
"""


class GradebookError(RuntimeError):
    """The gradebook cannot be used (locked by another batch, or of a newer schema)."""


def now() -> str:
    """The current time as stored in the gradebook (ISO 8601, UTC, seconds)."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _hash_files(digest, root: Path, files: list[Path]) -> None:
    """Feed ``files`` (under ``root``) into ``digest`` in order of relative path: the path,
    the size, then the bytes, so that no two different trees give the same stream."""
    for relpath, path in sorted((path.relative_to(root).as_posix(), path) for path in files):
        data = path.read_bytes()
        digest.update(f"{relpath}\0{len(data)}\0".encode())
        digest.update(data)


def _files(folder: Path, skip: frozenset[str] = frozenset()) -> list[Path]:
    """Regular files under ``folder``, leaving out ``__pycache__``, hidden names and ``skip``."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skip | {"__pycache__"} and not d.startswith(".")]
        found += [Path(parent, n) for n in names if not n.startswith(".")]
    return found


def submission_hash(staged: Path) -> str:
    """sha256 over the relative paths and bytes of every file of a staged submission,
    independent of the order in which the filesystem lists them."""
    digest = hashlib.sha256(b"submission\0")
    _hash_files(digest, staged, [p for p in staged.rglob("*") if p.is_file()])
    return digest.hexdigest()


def rejection_hash(message: str) -> str:
    """The fingerprint of a submission intake refused: its result is fixed by the message."""
    return hashlib.sha256(f"rejected\0{message}".encode()).hexdigest()


def suite_hash(course: Course, topics: list[Topic], profile: dict) -> str:
    """sha256 over what a result depends on besides the submission: the graded topics, their
    test folders (``bugs/``, the bug zoo, left out: it is not run at grading) and reference
    solutions, the grading profile (examples, seed, visible-only, timeout, budget, memory;
    see :meth:`autograder.grading.runner.GradingOptions.profile`) and the autograder's own source
    (its checks, sandbox and feedback decide results too, even between two releases)."""
    digest = hashlib.sha256(b"suite\0")
    digest.update(json.dumps({"topics": [t.name for t in topics], "profile": profile},
                             sort_keys=True).encode())
    for topic in topics:
        for folder, skip in ((course.tests / topic.name, frozenset({"bugs"})),
                             (course.solutions / topic.name, frozenset())):
            _hash_files(digest, course.root, _files(folder, skip))
    package = Path(autograder.__file__).parent
    _hash_files(digest, package, [path for path in _files(package) if path.suffix == ".py"])
    return digest.hexdigest()


@dataclass(frozen=True)
class Run:
    """One stored grading run (without its test results)."""

    id: int
    student: str
    source: str
    submission_hash: str
    suite_hash: str
    autograder_version: str
    outcome: str
    error: str | None
    score: float
    max_score: float
    started_at: str
    finished_at: str


_RUN_COLUMNS = ", ".join(Run.__dataclass_fields__)


class Gradebook:
    """An open gradebook file; ``lock=True`` (for a writer) takes the lock file first."""

    def __init__(self, path: Path, lock: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = None
        if lock:
            self._lock = open(f"{self.path}.lock", "w")
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._lock.close()
                raise GradebookError(f"{self.path} is in use by another batch") from None
        self.db = sqlite3.connect(self.path, timeout=30)
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self.close()
            raise GradebookError(f"{self.path} was written by a newer autograder "
                                 f"(gradebook schema {version} > {SCHEMA_VERSION})")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        with self.db:
            self.db.executescript(_SCHEMA)
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(test_results)")}
            if "output_digest" not in columns:  # a schema-1 gradebook
                self.db.execute("ALTER TABLE test_results ADD COLUMN output_digest TEXT")
            if "details" not in columns:  # a gradebook older than schema 4
                self.db.execute("ALTER TABLE test_results ADD COLUMN details TEXT NOT NULL "
                                "DEFAULT '{}'")
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.close()  # releases the flock

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def record(self, student: str, source: str, submission_hash: str, suite_hash: str,
               result: GradingResult, outcome: str, started_at: str,
               error: str | None = None) -> Run:
        """Store one run and its test results, committed in one transaction."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        data = result.to_dict()
        row = dict(student=student, source=source, submission_hash=submission_hash,
                   suite_hash=suite_hash,
                   autograder_version=data["metadata"].get("autograder_version", ""),
                   outcome=outcome, error=error,
                   topics=json.dumps([topic["name"] for topic in data["topics"]]),
                   score=data["score"], max_score=data["max_score"],
                   metadata=json.dumps(data["metadata"]), started_at=started_at,
                   finished_at=now())
        tests = [(topic["name"], test) for topic in data["topics"] for test in topic["tests"]]
        with self.db:
            cursor = self.db.execute(
                f"INSERT INTO runs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()))
            run_id = cursor.lastrowid
            self.db.executemany(
                "INSERT INTO test_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, position, topic, t["name"], t["function"], t["score"],
                  t["max_score"], t["status"], t["visibility"], t["feedback"], t["duration_s"],
                  t.get("output_digest"), json.dumps(t.get("details", {})))
                 for position, (topic, t) in enumerate(tests)])
        return self.run(run_id)

    def run(self, run_id: int) -> Run:
        row = self.db.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ?",
                              (run_id,)).fetchone()
        if row is None:
            raise KeyError(f"no run {run_id} in {self.path}")
        return Run(*row)

    def latest(self, student: str) -> Run | None:
        """The student's latest run, or None if the student was never graded."""
        row = self.db.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE student = ? "
                              "ORDER BY id DESC LIMIT 1", (student,)).fetchone()
        return Run(*row) if row else None

    def history(self, student: str) -> list[Run]:
        """Every run of the student, oldest first."""
        rows = self.db.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE student = ? "
                               "ORDER BY id", (student,)).fetchall()
        return [Run(*row) for row in rows]

    def result(self, run_id: int) -> GradingResult:
        """The stored run as the results model (its ``submission`` is the student id)."""
        student, topics, metadata = self.db.execute(
            "SELECT student, topics, metadata FROM runs WHERE id = ?", (run_id,)).fetchone()
        by_topic = {name: [] for name in json.loads(topics)}
        for topic, *test in self.db.execute(
                "SELECT topic, name, function, score, max_score, status, visibility, feedback,"
                " duration_s, output_digest, details FROM test_results WHERE run_id = ?"
                " ORDER BY position", (run_id,)):
            row = dict(zip(("name", "function", "score", "max_score", "status", "visibility",
                            "feedback", "duration_s", "output_digest", "details"), test,
                           strict=True))
            row["details"] = json.loads(row["details"])
            by_topic[topic].append(row)
        result = GradingResult.from_dict({
            "submission": student, "metadata": json.loads(metadata),
            "topics": [{"name": name, "tests": tests} for name, tests in by_topic.items()]})
        late = self.db.execute("SELECT submitted_at, source, due, late_by_s, policy, "
                               "penalty_fraction FROM lateness WHERE run_id = ?",
                               (run_id,)).fetchone()
        result.lateness = Lateness(*late) if late else None
        return result

    def record_lateness(self, run_id: int, result: GradingResult) -> None:
        """Store ``result.lateness`` (with its raw score, penalty and final score) for the
        run, replacing what was there; None removes it."""
        with self.db:
            self.db.execute("DELETE FROM lateness WHERE run_id = ?", (run_id,))
            late = result.lateness
            if late is not None:
                self.db.execute(
                    "INSERT INTO lateness VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (run_id, late.submitted_at, late.source, late.due, late.late_by_s,
                     late.policy, late.penalty_fraction, result.score, result.late_penalty,
                     result.final_score))

    def current(self) -> list[GradingResult]:
        """The latest result of every student, in order of student id."""
        ids = self.db.execute("SELECT id FROM current_runs ORDER BY student").fetchall()
        return [self.result(run_id) for (run_id,) in ids]
