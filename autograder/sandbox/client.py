"""The grader's side of the boundary: a long-lived worker process per submission.

The grader never imports, unpickles or evaluates student code. A :class:`Sandbox` starts
``python -m autograder.sandbox.worker`` in a new session with a clean environment, inside the
isolation layers of :mod:`autograder.sandbox.layers`, talks to it through two pipes in the plain-data
format of :mod:`autograder.sandbox.codec`, and drains its stdout/stderr into a capped buffer that is
never parsed. A call that does not answer within its timeout gets the worker's whole process
group killed; the next call starts a fresh worker. Timeouts count the worker's CPU time, so
that a loaded machine does not fail correct code (:mod:`autograder.sandbox.cpuclock`). Calls share a
per-submission time budget; once it is spent, every further call fails at once.

Failures are reported with two families of exceptions:

* :class:`StudentError` (an ``Exception``): the student's function raised; Hypothesis may
  shrink the input that caused it. For a built-in exception type the error also subclasses
  it, so ``pytest.raises(ValueError)`` works on a student's ``ValueError``.
* :class:`SandboxFailure` (a ``BaseException``): a timeout, a crash, a module that cannot be
  imported. Hypothesis does not catch these, so one failure ends the test at once instead of
  being retried while shrinking.
"""

from __future__ import annotations

import builtins
import copy
import fcntl
import os
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.sandbox import codec, layers
from autograder.sandbox.calllog import CallLog, LoggedCall, entry
from autograder.sandbox.chaining import Feed, Items, chained
from autograder.sandbox.cpuclock import CallClock, process_tree
from autograder.sandbox.layers import Isolation
from autograder.sandbox.returns import ReturnDigest
from autograder.sandbox.worker import watched_call, watching

DEFAULT_CALL_TIMEOUT = 5.0
DEFAULT_BUDGET = 300.0
DEFAULT_START_TIMEOUT = 30.0
OUTPUT_LIMIT = 16 * 1024
PIPE_BYTES = 2**20
_F_SETPIPE_SZ = 1031
_HANDLE_ID_STRIDE = 2**32  # each worker generation numbers its handles from its own range


class StudentError(Exception):
    """The student's code raised ``type_name: message``; ``student_traceback`` has their frames."""

    def __init__(self, type_name: str, message: str, student_traceback: str = ""):
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name
        self.message = message
        self.student_traceback = student_traceback
        self.function: str | None = None  # the student function that raised, once known
        self.log_entry: tuple[CallLog, LoggedCall] | None = None  # its call, once logged


class SandboxFailure(BaseException):
    """The call could not complete; ``status`` is the grading status it maps to."""

    status = "error"


class CallTimeout(SandboxFailure):
    status = "timeout"


class WorkerCrashed(SandboxFailure):
    pass


class BudgetExhausted(SandboxFailure):
    status = "timeout"


class ModuleUnavailable(SandboxFailure):
    """The module is missing or failed to import; every call into it fails the same way."""

    def __init__(self, message: str, cause: BaseException):
        super().__init__(message)
        self.cause = cause
        self.status = cause.status if isinstance(cause, SandboxFailure) else "error"


_error_classes: dict[str, type[StudentError]] = {}


def student_error(type_name: str, message: str, student_traceback: str) -> StudentError:
    """A :class:`StudentError` that also subclasses the built-in exception ``type_name``."""
    base = getattr(builtins, type_name, None)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        return StudentError(type_name, message, student_traceback)
    if type_name not in _error_classes:
        _error_classes[type_name] = type(f"Student{type_name}", (StudentError, base), {})
    return _error_classes[type_name](type_name, message, student_traceback)


@dataclass
class CallResult:
    """What a call returned, which arguments it modified in place, and what it warned;
    ``log_entry`` is its entry in the sandbox's call log (see :meth:`CallLog.focus`)."""

    value: Any
    mutated: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    log_entry: tuple[CallLog, LoggedCall] | None = field(default=None, repr=False,
                                                         compare=False)


def call_in_process(fn: Any, *args: Any, **kwargs: Any) -> CallResult:
    """Call a trusted ``fn`` here, watched as the worker watches a student's call (mutated
    arguments, numpy warnings): contracts checked on plain callables use it."""
    ids: dict[int, int] = {}

    def keep(obj: object) -> codec.Handle:  # a non-plain object is compared by identity
        return codec.Handle(ids.setdefault(id(obj), len(ids)), type(obj).__name__)

    names = [f"argument {i + 1}" for i in range(len(args))]
    with watching() as caught:
        watched = watched_call(fn, args, kwargs, names, keep, caught)
    return CallResult(watched.value, tuple(watched.mutated), tuple(watched.warnings))


@dataclass
class _Process:
    popen: subprocess.Popen
    request_fd: int
    reply_fd: int
    drain: threading.Thread  # copies the worker's stdout/stderr into Sandbox.output
    pids: list[int] = field(default_factory=list)  # the worker's process tree, for CPU time
    imported: set[str] = field(default_factory=set)


class Sandbox:
    """One submission's worker. Use :meth:`module` to get a proxy for one of its modules.

    ``root`` is the submission folder (laid out like ``assignments/``, staged by
    :mod:`autograder.grading.intake`); it becomes the worker's working directory. ``call_timeout``
    bounds every import and call, ``budget`` all of them together, in seconds of the
    worker's CPU time (see :class:`~autograder.sandbox.cpuclock.CallClock` for calls that wait).
    ``isolation`` defaults to every layer that works on this machine.
    """

    def __init__(self, root: Path, call_timeout: float = DEFAULT_CALL_TIMEOUT,
                 budget: float = DEFAULT_BUDGET, isolation: Isolation | None = None,
                 start_timeout: float = DEFAULT_START_TIMEOUT):
        self.root = Path(root).resolve()
        self.call_timeout = call_timeout
        self.budget = budget
        self.spent = 0.0
        self.call_count = 0  # calls made into the submission, for replay to tell draws after one
        self.isolation = isolation or layers.detect()
        self.layers: dict[str, str] = {}  # what the last worker reported it applied
        self.start_timeout = start_timeout
        self.generation = 0
        self._process: _Process | None = None
        self._confinement: layers.Confinement | None = None  # claimed at the first start
        self._import_failures: dict[str, ModuleUnavailable] = {}
        self._output = bytearray()
        self._output_lock = threading.Lock()
        self.returns = ReturnDigest()  # what calls returned in the current test (similarity)
        self.calls = CallLog()  # this test's calls, as sent (cleared with the handles)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def module(self, name: str, relpath: str) -> StudentModule:
        """Proxy for the module at ``root/relpath``, imported in the worker as ``name``."""
        return StudentModule(self, name, relpath)

    @property
    def output(self) -> str:
        """The last :data:`OUTPUT_LIMIT` bytes the worker wrote to stdout/stderr."""
        with self._output_lock:
            return self._output.decode("utf-8", "replace")

    def call(self, module: StudentModule, function: str, args: tuple, kwargs: dict,
             report: bool = True) -> CallResult:
        """Run ``module.function(*args, **kwargs)`` in the worker; without ``report`` the
        result's ``mutated`` names no array (the caller wants the value only, and the worker
        then skips copying the arguments it would compare)."""
        self.call_count += 1
        self._ensure_imported(module)
        logged = self.calls.record(module.name, function, args, kwargs)
        reply = self._exchange({"op": "call", "module": module.name, "function": function,
                                "args": args, "kwargs": kwargs, "report": report}, 1,
                               f"{function}() timed out")[0]
        return _raised(self._result(reply, logged, args, kwargs))

    def map(self, module: StudentModule, function: str,
            items: list[tuple[tuple, dict]]) -> list[CallResult | StudentError]:
        """Run ``module.function(*args, **kwargs)`` for each ``(args, kwargs)`` of ``items``,
        in order, in one request: each item has its own time limit and counts against the
        budget as a call of its own. An item whose call raised has its :class:`StudentError`
        in its place; a timeout, crash or spent budget raises :class:`SandboxFailure` (and
        the items after it do not run). The call log, which holds each item's arguments as
        they were sent, ends at the first item that raised: that is the call a test that
        stops there reports."""
        self.call_count += len(items)
        self._ensure_imported(module)
        sent = [entry(module.name, function, args, kwargs) for args, kwargs in items]
        replies = self._exchange({"op": "map", "module": module.name, "function": function,
                                  "items": tuple((args, kwargs) for args, kwargs in items)},
                                 len(items), f"{function}() timed out")
        results: list[CallResult | StudentError] = []
        raised = False
        for reply, (args, kwargs), logged in zip(replies, items, sent):
            results.append(self._result(reply, None if raised else self.calls.add(logged),
                                        args, kwargs, function))
            raised = raised or isinstance(reply, StudentError)
        return results

    def chain(self, module: StudentModule, function: str, items: Items,
              feed: Feed) -> list[CallResult | StudentError]:
        """Run ``module.function`` once per ``(args, kwargs)`` of ``items``, in order, in one
        request, with a state carried from call to call as ``feed`` says (see
        :mod:`autograder.sandbox.chaining`). The calls and their arguments are
        exactly those of a loop that sends each one back through the sandbox. Each step as
        :meth:`map`'s items; the result ends at the first step that raised (its
        :class:`StudentError` last) or whose value does not hold the items to feed (that
        value last). The call log holds each step's arguments as they were sent, the fed
        ones as the step before left them."""
        self.call_count += len(items)
        self._ensure_imported(module)
        sent = [entry(module.name, function, args, kwargs) for args, kwargs in items]
        steps = iter(sent)
        replies = iter(self._exchange(
            {"op": "chain", "module": module.name, "function": function,
             "items": tuple((args, kwargs) for args, kwargs in items),
             "feed": tuple(feed.items())}, len(items), f"{function}() timed out"))

        def read(args: tuple, kwargs: dict) -> tuple[CallResult | StudentError, Any, bool]:
            logged = next(steps)  # as sent, with what the step before fed it
            if logged is not sent[0]:
                logged.feed_in(args, kwargs, feed)
            self.calls.add(logged)
            result = self._result(next(replies), logged, args, kwargs)
            if isinstance(result, StudentError):
                return result, None, False
            return result, result.value, True
        return list(chained(items, feed, read, copy.deepcopy))

    def pipeline(self, module: StudentModule, forward: str, kwargs: dict, backward: str,
                 dout: Any) -> tuple[CallResult | StudentError, CallResult | StudentError | None]:
        """``out, cache = forward(**kwargs)``, then ``backward(dout, cache)``, in one request
        (the cache stays in the worker); each call as :meth:`map`'s items. The backward's
        result is None when the forward raised, and a :class:`StudentError` when the forward
        did not return a pair."""
        self.call_count += 2
        self._ensure_imported(module)
        logged = self.calls.record(module.name, forward, (), kwargs)
        first, second = self._exchange(
            {"op": "pipeline", "module": module.name, "forward": forward, "kwargs": kwargs,
             "backward": backward, "dout": dout}, 2, "the forward and backward calls timed out")
        first = self._result(first, logged, (), kwargs)
        if isinstance(first, StudentError):
            return first, None
        cache = first.value[1] if type(first.value) is tuple and len(first.value) == 2 else None
        logged = self.calls.record(module.name, backward, (dout, cache), {})
        return first, self._result(second, logged, (dout, cache), {})

    def _result(self, reply: dict | StudentError, logged: LoggedCall | None, args: tuple,
                kwargs: dict, function: str | None = None) -> CallResult | StudentError:
        """The reply of one call as its result, fed to the return digest and, when
        ``logged``, to the call's entry in the log."""
        if isinstance(reply, StudentError):
            reply.function = logged.function if logged else function
            self.returns.add_raised()
            if logged:
                logged.raised = reply.type_name
                reply.log_entry = self.calls, logged
            return reply
        self.returns.add(reply["value"])
        if logged:
            logged.value = reply["value"]
        for change in reply.get("changed", ()):  # a hostile worker may send anything here
            key, value = change if type(change) in (tuple, list) and len(change) == 2 else (None, None)
            if type(key) is int and 0 <= key < len(args):
                write_back(args[key], value)
            elif type(key) is str and key in kwargs:
                write_back(kwargs[key], value)
        return CallResult(reply["value"], tuple(reply["mutated"]), tuple(reply["warnings"]),
                          (self.calls, logged) if logged else None)

    def clear(self) -> None:
        """Let the worker forget every object it keeps for a handle (between tests)."""
        self.calls.clear()
        if self._process is not None:
            self._request({"op": "clear"}, CallClock(self._process.pids, self.call_timeout),
                          "the sandbox did not answer")

    def close(self) -> None:
        if self._process is not None:
            self._kill()
        if self._confinement is not None:
            self._confinement.release()
            self._confinement = None

    def restart(self) -> None:
        """Start over: a new worker (started now, so that the next call does not wait for
        it), a full budget, no module imported or known to fail, no output."""
        self.close()
        self.spent = 0.0
        self._import_failures.clear()
        with self._output_lock:
            self._output.clear()
        self._start()

    def _ensure_imported(self, module: StudentModule) -> None:
        if module.name in self._import_failures:
            raise self._import_failures[module.name]
        process = self._process or self._start()
        if module.name in process.imported:
            return
        try:
            self._budgeted({"op": "import", "module": module.name, "path": module.relpath},
                           f"importing {module.relpath} timed out")
        except BudgetExhausted:
            raise
        except (StudentError, SandboxFailure) as exc:
            failure = ModuleUnavailable(f"{module.relpath} could not be imported: {exc}", exc)
            self._import_failures[module.name] = failure
            raise failure from None
        process.imported.add(module.name)

    def _budgeted(self, message: dict, timeout_message: str) -> dict:
        """A request of one reply whose time counts against the submission's budget."""
        return _raised(self._exchange(message, 1, timeout_message)[0])

    def _exchange(self, message: dict, replies: int,
                  timeout_message: str) -> list[dict | StudentError]:
        """Send ``message`` and read its ``replies`` reply frames, each under its own clock
        (the call timeout, or what is left of the budget) and charged to the budget. A
        student's error is returned in place of its reply; anything else that stops the
        exchange raises, and the worker, which may still be answering, is stopped."""
        process = self._process or self._start()
        answers: list[dict | StudentError] = []
        try:
            while len(answers) < replies:
                remaining = self.budget - self.spent
                if remaining <= 0:
                    raise BudgetExhausted(
                        f"the submission used up its time budget of {self.budget:g} s")
                clock = CallClock(process.pids, min(self.call_timeout, remaining))
                try:
                    answers.append(self._request(None if answers else message, clock,
                                                 timeout_message))
                except StudentError as exc:
                    answers.append(exc)
                finally:
                    self.spent += clock.charge()
        except BaseException:
            if answers and self._process is process:
                self._kill()  # frames of this exchange may still come
            raise
        return answers

    def _request(self, message: dict | None, clock: CallClock, timeout_message: str) -> dict:
        """Send ``message`` (None: nothing, read the next reply of the last one) and read
        one reply."""
        process = self._process or self._start()
        try:
            if message is not None:
                codec.write_frame(process.request_fd, codec.encode(message), clock.remaining)
            header, data = codec.read_frame(process.reply_fd, clock.remaining)
            reply = codec.decode(header, data)
            if type(reply) is not dict or "ok" not in reply:
                raise codec.CodecError("reply is not a message")
        except codec.FrameTimeout:
            self._kill()
            raise CallTimeout(f"{timeout_message} after {clock.describe()}") from None
        except (codec.PeerClosed, BrokenPipeError):
            raise WorkerCrashed(f"the sandbox process died ({self._kill(grace=1.0)})") from None
        except codec.CodecError as exc:
            self._kill()
            raise WorkerCrashed(f"the sandbox sent a malformed reply: {exc}") from None
        if reply["ok"]:
            return reply
        error = reply["error"]
        raise student_error(str(error["type"]), str(error["message"]), str(error["traceback"]))

    def _start(self) -> _Process:
        if self._confinement is None:  # the sandbox's uid, temporary folder, process cap
            try:
                self._confinement = self.isolation.confine(self.root)
            except layers.Refused as exc:
                raise SandboxFailure(str(exc)) from None
        confinement = self._confinement
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        output_read, output_write = os.pipe()
        first_handle = (self.generation + 1) * _HANDLE_ID_STRIDE
        command = self.isolation.command(
            [str(request_read), str(reply_write), str(first_handle)], self.root)
        try:
            popen = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output_write, stderr=output_write,
                pass_fds=(request_read, reply_write), cwd=self.root,
                env={**worker_environment(), **confinement.environment()},
                start_new_session=True, **confinement.popen_options(),
            )
        finally:
            for fd in (request_read, reply_write, output_write):
                os.close(fd)
        for fd in (request_write, reply_read):
            try:  # fewer wake-ups per large array; best effort (Linux only)
                fcntl.fcntl(fd, _F_SETPIPE_SZ, PIPE_BYTES)
            except OSError:
                pass
        os.set_blocking(request_write, False)  # reads and writes wait with a deadline
        os.set_blocking(reply_read, False)
        drain = threading.Thread(target=self._drain, args=(output_read,), daemon=True)
        drain.start()
        self.generation += 1
        self._process = _Process(popen, request_write, reply_read, drain)
        reply = self._request({"op": "ping"}, CallClock([], self.start_timeout),
                              "the sandbox did not start")
        self._process.pids = process_tree(popen.pid)
        confinement.enter(self._process.pids)  # before any student code runs
        self.layers = {"bubblewrap": "on" if self.isolation.bwrap else "off", **reply["layers"]}
        return self._process

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                with self._output_lock:
                    self._output += chunk
                    del self._output[:-OUTPUT_LIMIT]

    def _kill(self, grace: float = 0.0) -> str:
        """Kill the worker's process group (after ``grace`` seconds to exit by itself, so that
        its exit status can be reported); returns how the worker ended."""
        process, self._process = self._process, None
        try:
            process.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        code = process.popen.wait()
        # the output up to the end, so that feedback quoting it does not depend on how fast
        # the drain thread ran (a process that escaped the group may hold the pipe open)
        process.drain.join(timeout=2.0)
        os.close(process.request_fd)
        os.close(process.reply_fd)
        if code < 0:
            return f"killed by signal {signal.Signals(-code).name}"
        if code > 128 and self.isolation.bwrap:  # bwrap reports a signal death as 128 + N
            return f"killed by signal {signal.Signals(code - 128).name}"
        return f"exit status {code}"


def _raised(result: Any) -> Any:
    """``result``, unless it is an error: then raise it."""
    if isinstance(result, BaseException):
        raise result
    return result


def write_back(target: Any, value: Any) -> None:
    """Give the caller's ``target`` the state ``value`` the call left it in, for the arguments
    whose in-place change is part of a function's contract: a dict of parameters and state
    (CS231n's ``bn_param`` running averages) and a random generator (drawing advances it).

    Arrays are never written back: a function that changes an input array in place is
    reported (``CallResult.mutated``) and loses the tests of that property, while the
    test's own copy of its data stays intact for every other check.
    """
    if type(target) is dict and type(value) is dict:
        target.clear()
        target.update(value)
    elif isinstance(target, np.random.Generator) and isinstance(value, np.random.Generator):
        target.bit_generator.state = value.bit_generator.state


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                         "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def worker_environment() -> dict[str, str]:
    """A clean environment: nothing of the grader's, BLAS/OpenMP pinned to one thread."""
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}
    env.update(dict.fromkeys(BLAS_THREAD_VARIABLES, "1"))
    return env


class StudentModule:
    """Stands for a student's module: ``proxy.relu_forward(x)`` runs in the sandbox."""

    def __init__(self, sandbox: Sandbox, name: str, relpath: str):
        self.sandbox = sandbox
        self.name = name
        self.relpath = relpath

    def __getattr__(self, function: str) -> StudentFunction:
        if function.startswith("_"):
            raise AttributeError(function)
        return StudentFunction(self, function)

    def __repr__(self) -> str:
        return f"<student module {self.relpath}>"


class StudentFunction:
    """A function of a student's module; calling it returns the value only, :meth:`call`
    also returns which arguments it mutated and which numpy warnings it raised."""

    def __init__(self, module: StudentModule, name: str):
        self.module = module
        self.__name__ = name

    def call(self, *args: Any, **kwargs: Any) -> CallResult:
        return self.module.sandbox.call(self.module, self.__name__, args, kwargs)

    def map(self, items: list[tuple[tuple, dict]]) -> list[CallResult | StudentError]:
        """One request for many calls, see :meth:`Sandbox.map`."""
        return self.module.sandbox.map(self.module, self.__name__, items)

    def chain(self, items: Items, feed: Feed) -> list[CallResult | StudentError]:
        """One request for a chain of calls, see :meth:`Sandbox.chain`."""
        return self.module.sandbox.chain(self.module, self.__name__, items, feed)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.sandbox.call(self.module, self.__name__, args, kwargs,
                                        report=False).value

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"
