"""pytest plugin that turns property tests into graded tests (loaded through ``pytest11``).

A graded test lives in ``tests/NN_topic/``, is marked with :func:`graded` and receives the
code under test through the ``student`` fixture: a proxy whose calls run in the sandboxed
worker (:mod:`autograder.sandbox.client`). Hidden tests may also ask for ``reference``, the trusted
solution module imported in the grader's process::

    @graded(points=2, function="sigmoid_forward")
    @given(x=arrays())
    def test_sigmoid_range(student, x):
        "sigmoid_forward maps every input into the open interval (0, 1)."
        ...

Options: ``--submission PATH`` (a folder or .zip; default: the course's ``solutions/``),
``--call-timeout``, ``--budget``, ``--memory-limit``, ``--examples``, ``--visible-only``,
``--disable-layer`` and ``--replay`` (:mod:`autograder.grading.replay`);
``--reveal-feedback`` (``verify``, ``stress``) writes every test's
feedback as a visible test's, with the traceback of an exception the test itself raised.
With Hypothesis's own ``--hypothesis-seed=N`` the grading profile is
not derandomized, so that seed picks the examples.
The submission is staged into a private copy (:mod:`autograder.grading.intake`) before the sandbox
starts on it. Every graded test's outcome is kept as a
``(Topic, TestResult)`` pair in ``config.stash[OUTCOMES]``, keyed by node id; a failed test's
result carries the digest of the values the submission returned during it
(:mod:`autograder.sandbox.returns`).
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.internal.conjecture import providers

from autograder.checks.marks import GRADING_EXAMPLES, points_of
from autograder.course import Course, Topic
from autograder.grading import intake, replay, zoo
from autograder.grading.feedback import Context, describe_outcome
from autograder.results import TestResult
from autograder.sandbox import layers
from autograder.sandbox.client import (
    DEFAULT_BUDGET,
    DEFAULT_CALL_TIMEOUT,
    Sandbox,
    SandboxFailure,
    StudentError,
)

OUTCOMES = pytest.StashKey[dict]()
INTAKE_WARNINGS = pytest.StashKey[list]()  # what staging the submission changed
_SANDBOX = pytest.StashKey[Sandbox]()
_STAGED = pytest.StashKey[Path]()
_TOPICS = pytest.StashKey[list]()  # the topics graded in this session, for intake
_REPORTERS = pytest.StashKey[dict]()  # topic -> node id of the test explaining an import error
_NOTEBOOKS = pytest.StashKey[dict]()  # topic -> its NotebookCode (or None), read on demand


def grading_profile(examples: int = GRADING_EXAMPLES, derandomize: bool = True) -> settings:
    """Derandomized, no example database, no deadline (the sandbox enforces time), a fixed
    example budget: the same submission gets the same examples on every machine.

    ``derandomize=False`` is for stress runs under Hypothesis's ``--hypothesis-seed=N``
    (a derandomized test ignores that seed)."""
    return settings(
        derandomize=derandomize,
        database=None,
        deadline=None,
        max_examples=examples,
        print_blob=False,
        report_multiple_bugs=False,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autograder")
    group.addoption("--submission", type=Path, default=None,
                    help="folder laid out like assignments/ to grade (default: solutions/)")
    group.addoption("--course", type=Path, default=None,
                    help="course folder holding solutions/ and tests/ (default: rootdir)")
    group.addoption("--call-timeout", type=float, default=DEFAULT_CALL_TIMEOUT,
                    help=f"seconds per call into the submission (default {DEFAULT_CALL_TIMEOUT:g})")
    group.addoption("--budget", type=float, default=DEFAULT_BUDGET,
                    help=f"seconds for all calls of a submission (default {DEFAULT_BUDGET:g})")
    group.addoption("--memory-limit", type=int, default=layers.Limits.memory_bytes // 2**20,
                    help="address space of the worker, in MiB (default %(default)s)")
    group.addoption("--disable-layer", action="append", default=[], choices=layers.LAYERS,
                    help="do not use this isolation layer (repeatable)")
    group.addoption("--examples", type=int, default=GRADING_EXAMPLES,
                    help=f"Hypothesis examples per graded test (default {GRADING_EXAMPLES})")
    group.addoption("--visible-only", action="store_true",
                    help="run only the tests students can see")
    group.addoption("--reveal-feedback", action="store_true",
                    help="feedback of every test as a visible test's, with tracebacks "
                         "(for instructors: verify, stress)")
    group.addoption("--replay", choices=replay.MODES, default="off",
                    help="on: run property tests on their stored examples (see "
                         "autograder.grading.replay); record: store them; off: Hypothesis only")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "graded(points, function, visibility, requires, contract): a graded test")
    seeded = config.getoption("hypothesis_seed", None) is not None
    settings.register_profile("grading", grading_profile(config.getoption("examples"),
                                                         derandomize=not seeded))
    course = _course(config)
    in_a_course = Course.holds_course(course.root)
    if in_a_course and not config.getoption("hypothesis_profile", None):
        settings.load_profile("grading")  # other projects' pytest runs keep their own profile
        _without_local_constants()
    config.stash[OUTCOMES] = {}
    if config.getoption("replay") != "off" and not seeded:
        config.pluginmanager.register(replay.Replayer(
            config.getoption("replay"), course.root, config.getoption("examples"),
            lambda: config.stash[_SANDBOX].call_count if _SANDBOX in config.stash else 0),
            "autograder-replay")
    if config.pluginmanager.is_blocked("terminal"):  # grading: nobody reads pytest's report
        config.pluginmanager.register(_BriefFailureReports(), "autograder-brief-reports")
        # Hypothesis formats each failure twice through the item's repr_failure, for reports
        # nobody reads here: plain tracebacks instead of pytest's long ones with source
        # (that was 0.45 s per failing test of a stub)
        config.option.tbstyle = "native"


def _without_local_constants() -> None:
    """Hypothesis also draws literals found in the "local" modules loaded in this process
    (our editable install, the reference solutions once a hidden test imported them), so
    without this a test's examples would depend on which topics ran before it and on how the
    autograder was installed. Grading draws from the strategies alone, the same everywhere."""
    providers._get_local_constants = lambda: _NO_CONSTANTS
    providers.CONSTANTS_CACHE.cache.clear()


_NO_CONSTANTS = providers.Constants()


class _BriefFailureReports:
    """Failure reports without pytest's traceback text, while grading.

    The grade and its feedback come from the exception itself (:func:`describe_outcome`);
    pytest's long traceback (source and arguments of every frame) is never shown when the
    terminal reporter is off, and formatting it took most of the time of grading a failing
    submission (2.5 of 2.9 s for one topic of a submission that does not import)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        if call.excinfo is None:
            return None
        if call.excinfo.errisinstance(pytest.skip.Exception):
            outcome, longrepr = "skipped", (str(item.path), item.location[1] or 0,
                                            str(call.excinfo.value))
        else:
            outcome, longrepr = "failed", call.excinfo.exconly()
        return pytest.TestReport(
            item.nodeid, item.location, dict.fromkeys(item.keywords, 1), outcome, longrepr,
            call.when, duration=call.duration, start=call.start, stop=call.stop,
            user_properties=item.user_properties)


def _course(config: pytest.Config) -> Course:
    return Course((config.getoption("course") or config.rootpath).resolve())


def _marker(item: pytest.Item) -> pytest.Mark | None:
    return item.get_closest_marker("graded")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse ungraded tests in topic folders and public tests that see the reference."""
    problems, kept = [], []
    for item in items:
        if Topic.of_path(item.path) is None:
            kept.append(item)
            continue
        mark = _marker(item)
        if mark is None:
            problems.append(f"{item.nodeid}: graded tests need @graded(points=..., function=...)")
            continue
        visibility = mark.kwargs.get("visibility", "visible")
        if visibility == "visible" and "reference" in getattr(item, "fixturenames", ()):
            problems.append(f"{item.nodeid}: a visible test cannot use the reference solution")
        if config.getoption("visible_only") and visibility != "visible":
            continue
        kept.append(item)
    problems += _unmet_requirements(items)
    if problems:
        raise pytest.UsageError("invalid graded tests:\n" + "\n".join(problems))
    config.stash[_TOPICS] = sorted({Topic.of_path(item.path) for item in kept} - {None})
    config.stash[_REPORTERS] = _reporters(kept)
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def _unmet_requirements(items: list[pytest.Item]) -> list[str]:
    """A visible test may only require visible tests (``check`` runs no hidden test)."""
    visibility = {(Topic.of_path(item.path), item.name):
                  _marker(item).kwargs.get("visibility", "visible")
                  for item in items if _marker(item) is not None}
    problems = []
    for item in items:
        mark = _marker(item)
        if mark is None or mark.kwargs.get("visibility", "visible") != "visible":
            continue
        for name in mark.kwargs.get("requires", ()):
            required = visibility.get((Topic.of_path(item.path), name), "visible")
            if required != "visible":
                problems.append(f"{item.nodeid}: a visible test cannot require the {required} "
                                f"test {name}")
    return problems


def _reporters(items: list[pytest.Item]) -> dict[Topic, str]:
    """Per topic, the test that explains why its module does not import (every other test
    refers to it): the first visible one, else the first one."""
    reporters: dict[Topic, str] = {}
    settled: set[Topic] = set()  # topics whose reporter is visible
    for item in items:
        topic, mark = Topic.of_path(item.path), _marker(item)
        if topic is None or mark is None or topic in settled:
            continue
        visible = mark.kwargs.get("visibility", "visible") == "visible"
        if topic not in reporters or visible:
            reporters[topic] = item.nodeid
        if visible:
            settled.add(topic)
    return reporters


def _context(item: pytest.Item, topic: Topic) -> Context:
    config = item.config
    notebooks = config.stash.setdefault(_NOTEBOOKS, {})

    def cells(line: int) -> tuple[int, int] | None:
        if topic not in notebooks:  # read again only when feedback needs it (rarely)
            source = config.getoption("submission") or _course(config).solutions
            notebooks[topic] = intake.notebook_of(source, topic)
        return notebooks[topic].cell_of(line) if notebooks[topic] else None

    return Context(topic.relpath, _marker(item).kwargs["function"],
                   config.stash[_REPORTERS].get(topic, item.nodeid),
                   config.getoption("reveal_feedback"), cells)


def _sandbox(config: pytest.Config) -> Sandbox:
    """The session's sandbox, on a staged copy of the submission."""
    if _SANDBOX not in config.stash:
        course = _course(config)
        limits = layers.Limits(memory_bytes=config.getoption("memory_limit") * 2**20)
        isolation = layers.detect(limits, frozenset(config.getoption("disable_layer")))
        isolation.protect([course.solutions, course.tests, course.root / replay.CACHE_FOLDER])
        config.stash[_STAGED] = staged = Path(tempfile.mkdtemp(prefix="autograder-"))
        config.stash[INTAKE_WARNINGS] = intake.stage(
            config.getoption("submission") or course.solutions, staged,
            config.stash.get(_TOPICS, course.topics()))
        config.stash[_SANDBOX] = Sandbox(staged, config.getoption("call_timeout"),
                                         config.getoption("budget"), isolation)
    return config.stash[_SANDBOX]


def fresh_worker(config: pytest.Config) -> None:
    """For another round of this session (``check --watch``): a new worker and a full time
    budget, the worker started now so that the round does not wait for it."""
    if _SANDBOX in config.stash:
        config.stash[_SANDBOX].restart()


def take_in_again(config: pytest.Config) -> None:
    """Stage the submission again (it changed), into the folder the worker sees."""
    if _STAGED in config.stash:
        staged = config.stash[_STAGED]
        for child in staged.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        course = _course(config)
        config.stash[INTAKE_WARNINGS] = intake.stage(
            config.getoption("submission") or course.solutions, staged,
            config.stash.get(_TOPICS, course.topics()))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SANDBOX in config.stash:
        config.stash[_SANDBOX].close()
    if _STAGED in config.stash:
        shutil.rmtree(config.stash[_STAGED], ignore_errors=True)


@pytest.fixture(scope="module")
def student(request: pytest.FixtureRequest):
    """The submission's module for this test's topic, proxied into the sandbox."""
    topic = Topic.of_path(request.path)
    return _sandbox(request.config).module(topic.module, topic.relpath)


@pytest.fixture(scope="module")
def reference(request: pytest.FixtureRequest):
    """The trusted reference solution for this test's topic (hidden tests only)."""
    topic = Topic.of_path(request.path)
    path = _course(request.config).solutions / topic.relpath
    spec = importlib.util.spec_from_file_location(f"_autograder_reference_{topic.module}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep the graded outcome of the call phase, or of a setup that failed."""
    report = yield
    mark = _marker(item)
    if mark is not None and (call.when == "call" or (call.when == "setup" and call.excinfo)):
        visibility = mark.kwargs.get("visibility", "visible")
        sandbox = item.config.stash.get(_SANDBOX, None)
        topic = Topic.of_path(item.path)
        outcome = describe_outcome(item, call.excinfo, visibility, sandbox,
                                   _context(item, topic))
        item.config.stash[OUTCOMES][item.nodeid] = topic, TestResult(
            name=item.name,
            function=mark.kwargs["function"],
            max_score=points_of(mark.kwargs, _course(item.config).contract_weight),
            visibility=visibility,
            status=outcome.status,
            feedback=outcome.feedback,
            duration_s=call.duration,
            output_digest=(sandbox.returns.hexdigest() if sandbox is not None
                           and outcome.status == "failed" and call.when == "call" else None),
            details=outcome.details,
        )
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Each test's digest of returned values starts empty (see autograder.sandbox.returns)."""
    sandbox = item.config.stash.get(_SANDBOX, None)
    if sandbox is not None:
        sandbox.returns.reset()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Name the likely mistake behind a topic's failures, from the course's bug zoo."""
    zoo.add_hints(_course(session.config),
                  session.config.stash.get(OUTCOMES, {}).values())


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Objects kept for one test's handles are not needed by the next."""
    sandbox = item.config.stash.get(_SANDBOX, None)
    if sandbox is not None:
        try:
            sandbox.clear()
        except (StudentError, SandboxFailure):
            pass  # a broken worker is replaced at the next call anyway
