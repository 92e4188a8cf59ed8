"""Grade a batch past one machine, on a Dask distributed cluster (``pip install '.[cluster]'``).

The executor seam of :mod:`autograder.classbook.batch` picks :class:`DaskExecutor` for
``autograder batch --scheduler tcp://HOST:8786`` (an existing cluster) or ``--executor dask``
(a ``LocalCluster`` of ``--jobs`` workers on this machine). Dask does the scheduling,
retrying and bookkeeping; this module only says what a task is:

- **One task per distinct submission**, keyed ``autograder-grade-<suite>-<submission>`` by
  the suite's and the staged submission's sha256 fingerprints (see
  :mod:`autograder.classbook.gradebook`): identical uploads share one task and one grading.
- **Plain data in and out.** A task carries the staged submission as ``{relative POSIX path:
  bytes}``, the course root (a path the workers see), topic names, the grading options as a
  dict and the client's suite fingerprint; it returns ``{"started_at": ISO 8601, "result":
  GradingResult.to_dict()}`` or ``{"started_at", "crash": message}``. No student object is
  pickled: the student's code runs only in the sandbox worker that grading starts on the
  Dask worker, exactly as on one machine.
- **A ``grading`` resource.** Every task claims ``{"grading": 1}``; a Dask worker runs
  gradings only if it was started with ``--resources grading=1``. Start one such worker
  process per core (``--nworkers C --nthreads 1``): a grading is one pytest session, which
  owns its process (this module lets one grading run at a time per process).
- **The same suite everywhere.** Before grading, a task computes the suite fingerprint of the
  course and autograder it sees on its worker; if it differs from the client's, the task
  raises :class:`SuiteMismatch` and the batch stops (exit 3) rather than mix results.
- **Lost workers.** Dask reruns the task of a worker that died on another worker; a task
  whose workers keep dying (``distributed.scheduler.allowed-failures``, default 3) ends in
  ``KilledWorker``, which becomes that student's ``crashed`` row, and the batch goes on.

The client (the ``autograder batch`` process) consumes results with ``as_completed`` and
stays the only writer of the gradebook and the exports, committing each student as today.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
import threading
from collections import deque
from pathlib import Path
from typing import Callable, Iterator

from distributed import Client, KilledWorker, LocalCluster, as_completed, get_worker

from autograder.classbook.batch import Batch, BatchError, Graded, Job
from autograder.classbook.gradebook import now, suite_hash
from autograder.course import Course, Topic
from autograder.grading import runner
from autograder.grading.runner import GradingError, GradingOptions
from autograder.results import GradingResult
from autograder.sandbox.client import BLAS_THREAD_VARIABLES

RESOURCE = "grading"
_ONE_GRADING = threading.Lock()  # a pytest session owns its process: one grading at a time


class SuiteMismatch(GradingError):
    """A worker sees a different course or autograder than the client: nothing is graded."""


def task_key(suite: str, fingerprint: str) -> str:
    """The Dask key of grading the submission ``fingerprint`` against the suite ``suite``."""
    return f"autograder-grade-{suite}-{fingerprint}"


def staged_files(folder: Path) -> dict[str, bytes]:
    """A staged submission as ``{relative POSIX path: bytes}``, what a task carries."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def grade_remote(files: dict[str, bytes], course_root: str, topic_names: list[str],
                 options: dict, suite: str,
                 grade: Callable[..., GradingResult] = runner.grade) -> dict:
    """Runs on a Dask worker: grade one staged submission (see the module's docstring for
    the plain data in and out). ``grade`` has the signature of
    :func:`autograder.grading.runner.grade` (tests substitute one)."""
    course, topics = Course(Path(course_root)), [Topic(name) for name in topic_names]
    grading = GradingOptions(**options)
    with _ONE_GRADING, tempfile.TemporaryDirectory(prefix="autograder-dask-") as folder:
        here = suite_hash(course, topics, grading.profile())  # a missing course hashes too
        if here != suite:
            raise SuiteMismatch(
                f"Dask worker {get_worker().address} sees another suite than this client "
                f"(fingerprint {here[:12]} there, {suite[:12]} here): every worker needs the "
                f"same course files at {course_root} and the same autograder version")
        for relpath, data in files.items():
            path = Path(folder, relpath)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        started_at = now()
        try:
            return {"started_at": started_at,
                    "result": grade(course, Path(folder), topics, grading).to_dict()}
        except GradingError:
            raise  # a course bug: no other submission can be graded either
        except Exception as exc:  # anything else is this submission's crash
            return {"started_at": started_at,
                    "crash": f"grading crashed: {type(exc).__name__}: {exc}"}


class DaskExecutor:
    """Grade on the Dask cluster whose scheduler is at ``scheduler``, or on a new
    ``LocalCluster`` of ``workers`` single-threaded worker processes when it is None.

    The cluster is reached when the first job is graded (a batch with nothing to grade
    starts none); ``announce`` then receives a line with the scheduler, its dashboard and
    the grading slots. ``grade`` is what a task calls (see :func:`grade_remote`).
    """

    def __init__(self, scheduler: str | None, workers: int,
                 announce: Callable[[str], None] = print,
                 grade: Callable[..., GradingResult] = runner.grade):
        self.scheduler, self.workers, self.announce, self.grade_function = (
            scheduler, workers, announce, grade)
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def connect(self) -> Client:
        """The client, connected (and the local cluster started) on first use."""
        if self.client is None:
            if self.scheduler is None:
                self.cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    resources={RESOURCE: 1}, host="127.0.0.1",
                    dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
                    env={name: os.environ.get(name, "1") for name in BLAS_THREAD_VARIABLES})
            try:
                self.client = Client(self.cluster or self.scheduler)
            except OSError as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {self.scheduler}: "
                                 f"{exc}") from exc
            workers, slots = self.slots()
            self.announce(
                f"Dask scheduler {self.client.scheduler.address}, dashboard "
                f"{self.client.dashboard_link}: {workers} worker(s), {slots:g} grading "
                "slot(s)" + ("" if slots else f"; gradings wait for a worker started with "
                             f"--resources {RESOURCE}=1"))
        return self.client

    def slots(self) -> tuple[int, float]:
        """The cluster's workers now, and how many gradings they may run at once."""
        workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
        return len(workers), sum(w.get("resources", {}).get(RESOURCE, 0) for w in workers)

    def grade(self, batch: Batch, jobs: list[Job]) -> Iterator[Graded]:
        client = self.connect()
        waiting: dict[str, list[Job]] = {}  # task key -> the jobs with that submission
        for job in jobs:
            waiting.setdefault(task_key(batch.suite, job.fingerprint), []).append(job)
        unsent = deque(waiting)
        arguments = (str(batch.course.root), [topic.name for topic in batch.topics],
                     dataclasses.asdict(batch.options), batch.suite, self.grade_function)
        running = as_completed()
        submitted_at: dict[str, str] = {}

        def submit() -> None:
            # No more tasks than grading slots (at least one, to wait for the first worker):
            # Dask suspects every task assigned to a worker that dies, and it assigns tasks
            # with resource restrictions at once, so a submission queued behind one that
            # kills workers would be suspected (and end in KilledWorker) with it.
            while unsent and running.count() < max(1, self.slots()[1]):
                key = unsent.popleft()
                submitted_at[key] = now()
                running.add(client.submit(grade_remote, staged_files(waiting[key][0].staged),
                                          *arguments, key=key, resources={RESOURCE: 1}))

        submit()
        for future in running:
            answer = self._answer(future, submitted_at.pop(future.key))
            future.release()
            for job in waiting.pop(future.key):
                if "crash" in answer:
                    yield Graded(job, answer["started_at"], crash=answer["crash"])
                else:
                    result = GradingResult.from_dict(answer["result"])
                    result.submission = job.student
                    yield Graded(job, answer["started_at"], result=result)
            submit()

    @staticmethod
    def _answer(future, submitted_at: str) -> dict:
        """The task's answer, or a crash for a task Dask gave up on; a
        :class:`~autograder.grading.runner.GradingError` (or :class:`SuiteMismatch`) is
        raised: it stops the batch."""
        if future.status == "finished":
            return future.result()
        if future.status == "cancelled":
            return {"started_at": submitted_at, "crash": "the grading was cancelled on the "
                    "Dask cluster (its scheduler restarted or lost it)"}
        error = future.exception()
        if isinstance(error, GradingError):
            raise error
        if isinstance(error, KilledWorker):
            return {"started_at": submitted_at, "crash": (
                f"every Dask worker that graded this submission died while grading it "
                f"({error.allowed_failures + 1} in a row: KilledWorker)")}
        return {"started_at": submitted_at,
                "crash": f"grading failed on the Dask cluster: {type(error).__name__}: {error}"}
