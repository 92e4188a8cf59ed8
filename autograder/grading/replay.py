"""Replayed grading: each property test's examples are drawn once per suite, then run in a loop.

Why it is exact: the grading profile is derandomized with no example database, so the
examples Hypothesis generates for a test depend only on the test and on what the engine
observes of each example it runs: the choices drawn, and whether the example passed, was
rejected (``assume``/``reject``) or failed. Every submission that behaves alike on the first
examples therefore gets the same next example, and the examples can be drawn once.

**Recording** (pytest option ``--replay=record``, a grading of the reference solutions): each
call of a test's body is kept, in order, as an :class:`Example`: its ``@given`` arguments
(pickled before the body runs), the choices its ``st.data()`` draws took, and its outcome.
The recordings of a test file are stored in one pickle under ``.autograder-cache/examples/``
in the course folder, named by a fingerprint of what decides the examples (:func:`fingerprint`).
Only the grader writes them, from the reference: they are trusted data, like the tests.

**Replay** (``--replay=on``): the test's body runs over its recorded examples in a plain loop,
inside Hypothesis's per-example context (global PRNGs seeded as Hypothesis seeds them, a build
context, the test's settings); each ``st.data()`` draw returns the recorded value, which is
what Hypothesis would draw as long as the submission has not been called yet in that example
(a draw after a call abandons the replay, see below). When every example ends as recorded and
the recording ran to its end, the test passed: Hypothesis would have run exactly these.
Otherwise (an example fails or is rejected where the reference's was not, or the reference
failed the test so the recording ends early) the test runs under Hypothesis after all, and
the examples already replayed are fed to the engine without running the body again: their
draws are made again and their outcome re-raised. The submission's functions are thus called
exactly as in a Hypothesis-only grading, in number and order, so shrinking, the feedback, the
time budget and any state a submission keeps between calls come out identical.

**Run under Hypothesis as before** (never replayed): tests that draw from ``st.data()`` after
a call into the submission in some recorded example (what they draw may depend on what the
submission returned), tests whose strategies touch the global random state, tests whose
arguments or draws cannot be pickled, and all tests under ``--hypothesis-seed`` (``stress``).
If a replayed test draws from ``st.data()`` after calling the submission although the
reference's run never did, that example is abandoned at the draw and run again by Hypothesis:
the calls made before the draw then happen twice, which matters only to a submission that
keeps state between calls.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import pickle
import random
import sys
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import hypothesis
import numpy as np
import pytest
from hypothesis._settings import local_settings
from hypothesis.control import BuildContext, current_build_context
from hypothesis.errors import StopTest, UnsatisfiedAssumption
from hypothesis.internal.conjecture.choice import choices_key
from hypothesis.internal.conjecture.data import ConjectureData
from hypothesis.internal.entropy import RANDOMS_TO_MANAGE, deterministic_PRNG
from hypothesis.strategies._internal.core import DataObject

import autograder

CACHE_FOLDER = Path(".autograder-cache") / "examples"
MODES = ("on", "off", "record")
PASSED, REJECTED, STOPPED = "passed", "rejected", "stopped"  # stopped: StopTest, in a draw


@dataclass
class Example:
    """One call of a test's body in the reference's run."""

    arguments: bytes  # pickle of the @given arguments (those of st.data() left out)
    prefix: tuple  # choices_key of the choices Hypothesis drew for the arguments
    draws: list[bytes]  # pickle of each value st.data() returned, in order
    outcome: str  # PASSED, REJECTED or STOPPED (an example that fails ends the recording)


@dataclass
class Recording:
    """A test's examples in the order Hypothesis ran them."""

    examples: list[Example] = field(default_factory=list)
    complete: bool = False  # Hypothesis ended after these examples, with no failure
    replayable: bool = True
    why_not: str = ""


def fingerprint(root: Path, test_file: Path, examples: int) -> str:
    """sha256 over what decides a test file's examples: the file and its path (Hypothesis
    seeds each test from its node id), the topic folder's other Python files except tests
    and the bug zoo, conftest files above it, the autograder's source, the example count and
    the Hypothesis, numpy and Python versions. The reference solution is not part of it:
    replay checks every example against the recording, whoever made it."""
    digest = hashlib.sha256(json.dumps({
        "examples": examples, "hypothesis": hypothesis.__version__, "numpy": np.__version__,
        "python": list(sys.version_info[:2])}).encode())
    folder = test_file.parent
    helpers = [path for path in folder.rglob("*.py")
               if not path.name.startswith("test_") and "bugs" not in path.relative_to(folder).parts]
    conftests = [parent / "conftest.py" for parent in test_file.parents
                 if parent == root or root in parent.parents]
    for path in [test_file, *sorted(helpers), *conftests]:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    digest.update(_PACKAGE_DIGEST)
    return digest.hexdigest()


def _package_digest() -> bytes:
    package = Path(autograder.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


_PACKAGE_DIGEST = _package_digest()  # of the code this process runs, read when it started


def cache_path(root: Path, test_file: Path, examples: int) -> Path:
    """Where the recordings of ``test_file`` (under ``root/tests``) are stored."""
    relative = test_file.relative_to(root)
    name = f"{'__'.join(relative.with_suffix('').parts)}-{fingerprint(root, test_file, examples)[:20]}"
    return root / CACHE_FOLDER / f"{name}.pickle"


def missing(root: Path, test_files: list[Path], examples: int) -> list[Path]:
    """The test files with no stored recordings for this fingerprint."""
    return [path for path in test_files if not cache_path(root, path, examples).is_file()]


@contextmanager
def cache_lock(root: Path, name: str) -> Iterator[None]:
    """Held while the recordings of ``name`` (a topic) are checked and made, so that
    parallel gradings record them once."""
    folder = root / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".lock-{name}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _load(path: Path) -> dict[str, Recording]:
    try:
        with open(path, "rb") as stream:
            return pickle.load(stream)  # written by _store only, from the reference's run
    except FileNotFoundError:
        return {}


def _store(path: Path, recordings: dict[str, Recording]) -> None:
    """Add to the file's recordings atomically; drop those of its older fingerprints."""
    path.parent.mkdir(parents=True, exist_ok=True)
    recordings = {**_load(path), **recordings}
    stem = path.stem.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        pickle.dump(recordings, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


class _Diverged(BaseException):
    """A replayed example drew after calling the submission: Hypothesis runs it again."""


class _Watched(DataObject):
    """``st.data()``'s object; ``draw`` asks ``before(self, strategy, label)`` first, which
    may return ``(value,)`` to give instead of drawing, and tells ``after(value)``."""

    def __init__(self, data: ConjectureData, before: Callable, after: Callable):
        super().__init__(data)
        self._before = before
        self._after = after

    def draw(self, strategy: Any, label: Any = None) -> Any:
        given = self._before(self, strategy, label)
        if given is not None:
            self.count += 1
            return given[0]
        value = super().draw(strategy, label)
        self._after(value)
        return value


def _managed_randoms() -> list:
    return [r for r in (ref() for ref in list(RANDOMS_TO_MANAGE.data.values())) if r is not None]


def _reseed() -> None:
    """What Hypothesis does to the global PRNGs before each example (inside one
    ``deterministic_PRNG``, which restores them at the end), without saving their states."""
    for generator in _managed_randoms():
        generator.seed(0)


def _prng_state() -> tuple:
    return random.getstate(), np.random.get_state(legacy=False)["state"]["key"].tobytes()


@functools.lru_cache(maxsize=1)
def _seeded_prng_state() -> tuple:
    with deterministic_PRNG():
        return _prng_state()


def _given(obj: Any) -> list[str]:
    return list(obj.hypothesis._given_kwargs)


def _wrap(obj: Any, replacement: Callable[[Callable], Callable]) -> Callable[[], None]:
    """Swap the test's inner function for ``replacement(inner)`` (same digest, so the same
    derandomized examples); returns what undoes it."""
    inner = obj.hypothesis.inner_test
    obj.hypothesis.inner_test = functools.wraps(inner)(replacement(inner))

    def undo() -> None:
        obj.hypothesis.inner_test = inner
    return undo


def _pickle(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def record(obj: Any, testargs: dict, calls: Callable[[], int], recording: Recording) -> None:
    """Run the test under Hypothesis as usual, filling ``recording`` in; what the test
    raises propagates."""
    given = _given(obj)
    ended = False

    def not_replayable(why: str) -> None:
        if recording.replayable:
            recording.replayable, recording.why_not = False, why

    def recorder(inner: Callable) -> Callable:
        def body(*args: Any, **kwargs: Any) -> Any:
            nonlocal ended
            if ended:
                return inner(*args, **kwargs)
            data = current_build_context().data
            sources = [name for name in given if isinstance(kwargs.get(name), DataObject)]
            draws: list[bytes] = []
            try:
                arguments = _pickle({name: kwargs[name] for name in given
                                     if name not in sources})
            except Exception as exc:
                not_replayable(f"its arguments cannot be stored ({type(exc).__name__})")
                arguments = b""
            if _prng_state() != _seeded_prng_state():
                not_replayable("its strategies use the global random state")
            prefix = choices_key(data.choices)
            start = calls()

            def before(_: DataObject, strategy: Any, label: Any) -> None:
                if calls() != start:
                    not_replayable("it draws from st.data() after calling the submission")

            def after(value: Any) -> None:
                try:
                    draws.append(_pickle(value))  # before the body can change it
                except Exception as exc:
                    not_replayable(f"its draws cannot be stored ({type(exc).__name__})")

            for name in sources:
                kwargs[name] = _Watched(data, before, after)
            outcome = None
            try:
                result = inner(*args, **kwargs)
                outcome = PASSED
                return result
            except UnsatisfiedAssumption:
                outcome = REJECTED
                raise
            except StopTest:
                outcome = STOPPED
                raise
            finally:
                if outcome is None:
                    ended = True  # the engine now shrinks; those calls are not examples
                else:
                    recording.examples.append(Example(arguments, prefix, draws, outcome))
        return body

    undo = _wrap(obj, recorder)
    try:
        obj(**testargs)
        recording.complete = True
    finally:
        undo()


@dataclass
class _Replayed:
    """What replaying one example did: its draws as ``(argument, strategy, label)``, and
    its outcome (PASSED, STOPPED, or the exception it raised, UnsatisfiedAssumption
    included)."""

    draws: list
    outcome: str | BaseException


def replay(obj: Any, testargs: dict, recording: Recording,
           calls: Callable[[], int]) -> None:
    """Run the test on its recorded examples; falls back to Hypothesis where they do not
    settle the outcome (see the module's docstring). Raises what the test raises."""
    given = _given(obj)
    done: list[_Replayed] = []
    # for note(), event() and target(), whose records replay does not read; draws are
    # answered from the recording
    data = ConjectureData.for_choices(())
    with local_settings(obj._hypothesis_internal_use_settings), deterministic_PRNG():
        for example in recording.examples:
            outcome = _replay_one(obj, testargs, given, example, calls, done, data)
            if outcome is None or outcome != example.outcome:
                break
        else:
            if recording.complete:
                return
    _continue_under_hypothesis(obj, testargs, recording, done)


def _replay_one(obj: Any, testargs: dict, given: list[str], example: Example,
                calls: Callable[[], int], done: list[_Replayed],
                data: ConjectureData) -> str | None:
    """Replay ``example`` in the build context of ``data``, append what it did to
    ``done``, and return its outcome as recorded (PASSED, REJECTED, STOPPED), or None when
    it must be run by Hypothesis."""
    arguments = pickle.loads(example.arguments)
    draws: list = []
    names: dict[int, str] = {}
    start = calls()

    def before(source: DataObject, strategy: Any, label: Any) -> tuple:
        if calls() != start or len(draws) > len(example.draws):
            raise _Diverged
        draws.append((names[id(source)], strategy, label))
        if len(draws) > len(example.draws):
            if example.outcome != STOPPED:
                raise _Diverged
            raise StopTest(data.testcounter)  # where the reference's draws ran out of data
        return (pickle.loads(example.draws[len(draws) - 1]),)

    for name in given:
        if name not in arguments:
            arguments[name] = _Watched(data, before, lambda _: None)
            names[id(arguments[name])] = name
    _reseed()
    try:
        with BuildContext(data, is_final=False, wrapped_test=obj):
            obj.hypothesis.inner_test(**testargs, **arguments)
        outcome: str | BaseException = PASSED
    except _Diverged:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except StopTest:
        outcome = STOPPED
    except BaseException as exc:
        outcome = exc
    done.append(_Replayed(draws, outcome))
    if len(draws) != len(example.draws) + (isinstance(outcome, str) and outcome == STOPPED):
        return None
    if isinstance(outcome, UnsatisfiedAssumption):
        return REJECTED
    return outcome if isinstance(outcome, str) else None


def _continue_under_hypothesis(obj: Any, testargs: dict, recording: Recording,
                               done: list[_Replayed]) -> None:
    """Run the test under Hypothesis, feeding it the ``done`` examples without their body."""
    pending = list(zip(recording.examples, done))
    pending.reverse()

    def skipper(inner: Callable) -> Callable:
        def body(*args: Any, **kwargs: Any) -> Any:
            if not pending:
                return inner(*args, **kwargs)
            example, replayed = pending.pop()
            data = current_build_context().data
            if choices_key(data.choices) != example.prefix:
                raise ReplayDiverged(f"arguments drawn as {data.choices!r}")
            for index, (name, strategy, label) in enumerate(replayed.draws):
                value = kwargs[name].draw(strategy, label)  # the last one may stop the example
                if index >= len(example.draws) or _pickle(value) != example.draws[index]:
                    raise ReplayDiverged("st.data() drew another value than recorded")
            if isinstance(replayed.outcome, BaseException):
                raise replayed.outcome
            if replayed.outcome == STOPPED:
                raise ReplayDiverged("the draws did not stop the example as recorded")
            return None
        return body

    undo = _wrap(obj, skipper)
    try:
        obj(**testargs)
    except ReplayDiverged as exc:
        warnings.warn(f"replay diverged from Hypothesis ({exc}); running the test again",
                      stacklevel=1)
        undo()
        obj(**testargs)
    finally:
        undo()


class ReplayDiverged(BaseException):
    """Hypothesis generated another example than the recording says (a bug of replay)."""


class Replayer:
    """pytest plugin: records (``mode="record"``) or replays (``"on"``) graded property
    tests; ``calls()`` counts the calls made into the submission so far."""

    def __init__(self, mode: str, root: Path, examples: int, calls: Callable[[], int]):
        self.mode = mode
        self.root = root
        self.examples = examples
        self.calls = calls
        self.recorded: dict[Path, dict[str, Recording]] = {}
        self.loaded: dict[Path, dict[str, Recording]] = {}

    def _recordings(self, test_file: Path) -> dict[str, Recording]:
        if test_file not in self.loaded:
            self.loaded[test_file] = _load(cache_path(self.root, test_file, self.examples))
        return self.loaded[test_file]

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        obj = pyfuncitem.obj
        if (getattr(obj, "hypothesis", None) is None or pyfuncitem.instance is not None
                or pyfuncitem.get_closest_marker("graded") is None):
            return None  # replay calls plain test functions only
        testargs = {name: pyfuncitem.funcargs[name]
                    for name in pyfuncitem._fixtureinfo.argnames}
        test_file = Path(pyfuncitem.path)
        if self.mode == "record":
            recording = self.recorded.setdefault(test_file, {})[pyfuncitem.name] = Recording()
            record(obj, testargs, self.calls, recording)
            return True
        recording = self._recordings(test_file).get(pyfuncitem.name)
        if recording is None or not recording.replayable:
            return None
        replay(obj, testargs, recording, self.calls)
        return True

    def pytest_sessionfinish(self) -> None:
        for test_file, recordings in self.recorded.items():
            _store(cache_path(self.root, test_file, self.examples), recordings)
