"""The sandboxed side of the boundary: imports a submission's modules and runs calls on them.

Started by :mod:`autograder.sandbox.client` as::

    python -I -B -u -m autograder.sandbox.worker REQUEST_FD REPLY_FD FIRST_HANDLE_ID ROOT SETTINGS

Before it reads anything it confines itself (:func:`confine`): it dies with the grader,
applies the resource limits of SETTINGS (JSON) and, when asked, a seccomp filter. It then
reads request frames (see :mod:`autograder.sandbox.codec`) and answers each with one reply frame:

* ``{"op": "import", "module": name, "path": path relative to the root}``
* ``{"op": "call", "module": name, "function": name, "args": tuple, "kwargs": dict,
  "report": bool}`` answered with ``{"ok": True, "value": ..., "mutated": (names),
  "warnings": (texts), "changed": ((position or keyword, new value), ...)}`` (the dicts and
  generators the call changed in place, for the grader to write back into its own objects);
  with ``"report": False`` (the caller wants the value only) only the dicts and generators
  are watched, so ``mutated`` names no array;
* ``{"op": "map", "module": name, "function": name, "items": ((args, kwargs), ...)}``
  answered with one reply frame per item, in order, each as for ``call`` (an item that
  raises gets its error reply and the next item runs);
* ``{"op": "pipeline", "module": name, "forward": name, "kwargs": dict, "backward": name,
  "dout": array}``: ``out, cache = forward(**kwargs)``, then ``backward(dout, cache)`` with
  ``cache`` as the grader would send it back (through the codec); two reply frames, the
  second an error when the forward did not return a pair;
* ``{"op": "chain", "module": name, "function": name, "items": ((args, kwargs), ...),
  "feed": ((position or keyword, index), ...)}``: one call per item, in order, where each
  step after the first takes items of the previous step's value as some of its arguments
  (see :meth:`Worker.chain`); one reply frame per item, as for ``map``;
* ``{"op": "clear"}`` forgets every object kept behind a handle and seeds the global random
  generators again (:func:`reseed`); ``{"op": "ping"}`` answers
  once the worker is up, with the layers it applied;
* a failure in any of them is answered with ``{"ok": False, "error": {type, message,
  traceback}}``, where the traceback keeps only frames from the submission's own files.

Nothing here trusts the student code: the grader decides what a reply means. This module
imports only the codec (with its trusted probes), the chain feeding, numpy and msgpack,
never the reference solutions or the tests.
"""

from __future__ import annotations

import ctypes
import errno
import importlib.util
import inspect
import itertools
import json
import os
import random
import resource
import signal
import sys
import traceback
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from numpy.random import bit_generator

from autograder.sandbox import codec
from autograder.sandbox.chaining import chained

MAX_HANDLES = 100_000
MAX_TEXT = 2000
MAX_WARNINGS = 20


def _text(obj: object, limit: int = MAX_TEXT) -> str:
    """``str(obj)`` that survives a hostile ``__str__``, truncated to ``limit`` characters."""
    try:
        text = str(obj)
    except BaseException:
        text = f"<unprintable {type(obj).__name__}>"
    return text if len(text) <= limit else text[:limit] + " [...]"


class Worker:
    """The worker's state: imported student modules and the objects kept behind handles."""

    def __init__(self, root: str, first_handle_id: int, layers: dict[str, str]):
        self.root = os.path.realpath(root)
        self.layers = layers
        self.modules: dict[str, object] = {}
        self.objects: dict[int, object] = {}
        self.handle_of: dict[int, int] = {}  # id(object) -> handle id, to reuse handles
        self.next_id = first_handle_id
        self.signatures: dict[object, list[str]] = {}

    def keep(self, obj: object) -> codec.Handle:
        """Keep a non-plain object in the worker and name it by a handle."""
        handle_id = self.handle_of.get(id(obj))
        if handle_id is None:
            if len(self.objects) >= MAX_HANDLES:
                raise codec.CodecError(f"more than {MAX_HANDLES} objects kept in the sandbox")
            handle_id = self.next_id
            self.next_id += 1
            self.objects[handle_id] = obj
            self.handle_of[id(obj)] = handle_id
        return codec.Handle(handle_id, codec.describe(obj))

    def lookup(self, handle: codec.Handle) -> object:
        try:
            return self.objects[handle.id]
        except KeyError:
            raise codec.CodecError(
                "unknown handle: the object was released or the sandbox was restarted"
            ) from None

    def error(self, exc: BaseException) -> dict:
        """Describe ``exc`` with the frames of the submission's own files only."""
        frames = [  # "<frozen importlib._bootstrap>" is no file (nor relative to the root)
            frame for frame in traceback.extract_tb(exc.__traceback__)
            if os.path.isabs(frame.filename)
            and os.path.realpath(frame.filename).startswith(self.root + os.sep)
        ]
        for frame in frames:
            frame.filename = os.path.relpath(frame.filename, self.root)
        lines = traceback.format_list(frames)
        if isinstance(exc, SyntaxError):
            if exc.filename:
                exc.filename = os.path.relpath(exc.filename, self.root)
            lines += traceback.format_exception_only(type(exc), exc)[:-1]
        return {
            "ok": False,
            "error": {
                "type": type(exc).__name__[:100],
                "message": _text(exc),
                "traceback": _text("".join(lines), 4 * MAX_TEXT),
            },
        }

    def replies(self, request: dict) -> Iterator[dict]:
        """The reply frames to ``request`` (several for ``map`` and ``pipeline``)."""
        op = request.get("op")
        if op == "map":
            with watching() as caught:
                for args, kwargs in request["items"]:
                    try:  # one reply per item, whatever happens
                        reply = self.call(request["module"], request["function"], args,
                                          kwargs, caught)
                    except BaseException as exc:
                        reply = self.error(exc)
                    yield reply
        elif op == "pipeline":
            with watching() as caught:
                yield from self.pipeline(request, caught)
        elif op == "chain":
            with watching() as caught:
                yield from self.chain(request, caught)
        else:
            yield self.handle(request)

    def pipeline(self, request: dict, caught: list) -> Iterator[dict]:
        forward = self.call(request["module"], request["forward"], (), request["kwargs"],
                            caught)
        yield forward
        value = forward.get("value")
        if not forward["ok"] or type(value) not in (tuple, list) or len(value) != 2:
            yield {"ok": False, "error": {"type": "PipelineStopped", "traceback": "",
                                          "message": f"{request['forward']}() did not return "
                                                     "(out, cache)"}}
            return
        cache = codec.through_the_wire(value[1], self.keep, self.lookup)
        yield self.call(request["module"], request["backward"], (request["dout"], cache), {},
                        caught)

    def chain(self, request: dict, caught: list) -> Iterator[dict]:
        """One call per item, fed as :func:`autograder.sandbox.chaining.chained` says with
        values sent through the codec, as the grader would send them back; once a step
        raised or its value cannot feed the next one, the remaining steps answer
        ChainStopped."""
        def call(args: tuple, kwargs: dict) -> tuple[dict, object, bool]:
            reply = self.call(request["module"], request["function"], args, kwargs, caught)
            return reply, reply.get("value"), reply["ok"]

        def wire(value: object) -> object:
            return codec.through_the_wire(value, self.keep, self.lookup)

        answered = 0
        for reply in chained(request["items"], dict(request["feed"]), call, wire, wire):
            answered += 1
            yield reply
        stopped = {"ok": False, "error": {
            "type": "ChainStopped", "traceback": "",
            "message": f"{request['function']}() stopped the chain"}}
        yield from itertools.repeat(stopped, len(request["items"]) - answered)

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        if op == "call":
            with watching() as caught:
                return self.call(request["module"], request["function"],
                                 request["args"], request["kwargs"], caught,
                                 request.get("report") is not False)
        if op == "import":
            return self.import_module(request["module"], request["path"])
        if op == "ping":
            return {"ok": True, "layers": self.layers}
        if op == "clear":
            self.objects.clear()
            self.handle_of.clear()
            reseed()
            return {"ok": True}
        raise ValueError(f"unknown request {op!r}")

    def import_module(self, name: str, relpath: str) -> dict:
        path = os.path.join(self.root, relpath)
        if not os.path.isfile(path):
            return {"ok": False, "error": {
                "type": "FileNotFoundError",
                "message": f"{relpath} is missing from the submission",
                "traceback": "",
            }}
        folder = os.path.dirname(path)
        if folder not in sys.path:
            sys.path.insert(0, folder)  # so that the module's sibling imports work
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:
            sys.modules.pop(name, None)
            return self.error(exc)
        self.modules[name] = module
        return {"ok": True}

    def call(self, module: str, function: str, args: tuple, kwargs: dict,
             caught: list, report: bool = True) -> dict:
        """One watched call, inside :func:`watching` (whose ``caught`` list it reads);
        ``report``: as :func:`watched_call`'s."""
        fn = getattr(self.modules[module], function, None)
        if not callable(fn):
            return {"ok": False, "error": {
                "type": "AttributeError",
                "message": f"the module defines no function {function}()",
                "traceback": "",
            }}
        names = self.parameter_names(fn, len(args))
        try:
            watched = watched_call(fn, args, kwargs, names, self.keep, caught, report)
        except BaseException as exc:
            return self.error(exc)
        # tuples, not lists: the codec sends a list as a nested message of its own
        return {"ok": True, "value": watched.value, "mutated": tuple(watched.mutated),
                "warnings": tuple(watched.warnings),
                "changed": tuple((key, arg) for key, _, arg in watched.changed
                                 if isinstance(arg, WRITTEN_BACK))}

    def parameter_names(self, fn: object, count: int) -> list[str]:
        """Names of the first ``count`` positional parameters, for readable mutation reports."""
        if fn not in self.signatures:
            try:
                self.signatures[fn] = list(inspect.signature(fn).parameters)
            except (TypeError, ValueError):
                self.signatures[fn] = []
        params = self.signatures[fn]
        return [params[i] if i < len(params) else f"argument {i + 1}" for i in range(count)]


@dataclass
class Watched:
    """A watched call: its value, the arguments it changed in place as ``(key, name,
    argument)`` (key: position or keyword), and the numpy floating-point warnings raised."""

    value: object
    changed: list[tuple[int | str, str, object]]
    warnings: list[str]

    @property
    def mutated(self) -> list[str]:
        """Names of the changed arguments, less random generators (drawing advances them)."""
        return [name for _, name, arg in self.changed
                if not isinstance(arg, np.random.Generator)]


@contextmanager
def watching() -> Iterator[list]:
    """Record numpy's floating-point warnings (overflow, invalid, divide) into the list it
    gives, for the calls of one request (one context per request, not per call)."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(
        divide="warn", over="warn", invalid="warn", under="ignore"
    ):
        warnings.simplefilter("always")
        yield caught


WRITTEN_BACK = (dict, np.random.Generator)
"""The arguments whose in-place changes the grader writes back into its own objects."""


def watched_call(fn, args: tuple, kwargs: dict, names: list[str], keep,
                 caught: list, report: bool = True) -> Watched:
    """Call ``fn(*args, **kwargs)`` inside :func:`watching` and watch its arguments and the
    warnings it adds to ``caught``. ``names`` names the positional arguments in reports;
    ``keep`` names non-plain objects (see :func:`snapshot`); exceptions propagate. Without
    ``report`` only the arguments of :data:`WRITTEN_BACK` types are watched: copying the
    others (arrays, mostly) before and after the call is for reports alone."""
    keyed = [(i, names[i], arg) for i, arg in enumerate(args)] + [
        (key, key, arg) for key, arg in kwargs.items()]
    if not report:
        keyed = [entry for entry in keyed if isinstance(entry[2], WRITTEN_BACK)]
    before = [snapshot(arg, keep) for _, _, arg in keyed]
    seen = len(caught)
    value = fn(*args, **kwargs)
    changed = [entry for entry, old in zip(keyed, before) if not unchanged(entry[2], old, keep)]
    notes = [f"{w.category.__name__}: {_text(w.message, 200)}" for w in caught[seen:]]
    del caught[seen:]
    return Watched(value, changed, notes[:MAX_WARNINGS])


def snapshot(value: object, keep) -> tuple:
    """A copy of an argument, to tell later whether the call changed it: nothing for an
    immutable scalar (the caller's binding cannot change), else :func:`_copy`."""
    if type(value) in codec.IMMUTABLE_SCALARS:
        return ()
    return _copy(value, keep)


def _copy(value: object, keep) -> tuple:
    """``value`` as plain, comparable data: an array's dtype, shape and bytes; a tuple,
    list or dict item by item (its type and keys included); a scalar by type and exact
    value (a float by its hex digits, so that a NaN equals itself); anything else by its
    encoding (objects behind handles by identity only).

    A copy and a comparison, because both run at memory speed: a digest instead (BLAKE2)
    took 50 times as long on a 1.5 MB array, and a checksum fast enough to compete (CRC)
    could be matched on purpose by a submission that changes its input. Containers are
    walked here rather than encoded, which took three times as long for a cache tuple."""
    kind = type(value)
    if codec.is_plain_array(value):
        return value.dtype, value.shape, value.tobytes()
    if kind is tuple or kind is list:
        return kind, tuple(_copy(item, keep) for item in value)
    if kind is dict:
        return dict, tuple((key, _copy(item, keep)) for key, item in value.items())
    if kind is float:
        return float, value.hex()
    if kind in codec.IMMUTABLE_SCALARS:
        return kind, value
    return (b"".join(bytes(chunk) for chunk in codec.encode(value, keep)[1:]),)


def unchanged(value: object, before: tuple, keep) -> bool:
    return snapshot(value, keep) == before


def confine(settings: dict) -> dict[str, str]:
    """Apply the limits and filters of ``settings``; returns what each layer did."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the grader
    try:  # out of memory (a small grading container), the kernel kills the worker first
        with open("/proc/self/oom_score_adj", "w") as adj:
            adj.write("1000")
    except OSError:
        pass
    limits = settings["limits"]
    for name, value in (("RLIMIT_AS", limits["memory_bytes"]),
                        ("RLIMIT_CPU", limits["cpu_seconds"]),
                        ("RLIMIT_FSIZE", limits["file_bytes"]),
                        ("RLIMIT_NOFILE", limits["open_files"]),
                        ("RLIMIT_CORE", 0)):
        resource.setrlimit(getattr(resource, name), (value, value))
    if os.getuid() != 0:  # RLIMIT_NPROC does not bind root
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"], limits["processes"]))
    layers = {"rlimits": "on", "uid": f"running as uid {os.getuid()}"}
    if settings["seccomp"]:
        try:
            _load_seccomp()
            layers["seccomp"] = "on"
        except Exception as exc:
            layers["seccomp"] = f"failed to load: {exc}"
    return layers


_DENIED_SYSCALLS = (
    "execve", "execveat", "fork", "vfork", "socket", "socketpair", "ptrace", "mount",
    "umount2", "unshare", "setns", "pivot_root", "chroot", "kill", "tkill",
    "process_vm_readv", "process_vm_writev", "bpf", "perf_event_open", "keyctl",
    "add_key", "request_key", "init_module", "finit_module", "delete_module", "kexec_load",
    "reboot", "swapon", "swapoff", "open_by_handle_at", "userfaultfd",
)
_CLONE_THREAD = 0x10000


def _load_seccomp() -> None:
    import pyseccomp as sc

    rules = sc.SyscallFilter(defaction=sc.ALLOW)
    deny = sc.ERRNO(errno.EPERM)
    for name in _DENIED_SYSCALLS:
        rules.add_rule(deny, name)
    # clone3 cannot be filtered by its flags: report it missing so glibc falls back to clone,
    # where a new process (no CLONE_THREAD) is refused and a thread is allowed
    rules.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    rules.add_rule(deny, "clone", sc.Arg(0, sc.MASKED_EQ, _CLONE_THREAD, 0))
    rules.add_rule(deny, "tgkill", sc.Arg(0, sc.NE, os.getpid()))  # signals to itself only
    rules.load()


_ENTROPY = random.Random()  # what an unseeded numpy generator is seeded from, in here


def reseed() -> None:
    """Seed the random generators a submission might use without a seed (``random``,
    ``np.random``, ``np.random.default_rng()``) the same way at the start of each test: what
    it draws then depends only on the test's own calls, not on the tests before it nor on
    when its worker was started, so that two gradings give the same results. Successive
    unseeded generators still differ (they are drawn afresh from a seeded stream)."""
    random.seed(0)
    np.random.seed(0)
    _ENTROPY.seed(0)
    bit_generator.randbits = _ENTROPY.getrandbits  # numpy's SeedSequence() reads this


def main(argv: list[str]) -> int:
    request_fd, reply_fd, first_handle_id = int(argv[1]), int(argv[2]), int(argv[3])
    layers = confine(json.loads(argv[5]))
    worker = Worker(argv[4], first_handle_id, layers)
    reseed()
    while True:
        try:
            header, data = codec.read_frame(request_fd)
        except codec.PeerClosed:
            return 0
        try:
            request = codec.decode(header, data, worker.lookup, accept_probes=True)
        except BaseException as exc:  # say what was refused, in the call's terms
            if isinstance(exc, codec.CodecError):
                exc = codec.CodecError(f"the request could not cross into the sandbox: {exc}")
            codec.write_frame(reply_fd, codec.encode(worker.error(exc)))
            continue
        try:
            for function, reply in zip(_functions(request), worker.replies(request)):
                try:
                    chunks = codec.encode(reply, worker.keep)
                except codec.CodecError as exc:
                    chunks = codec.encode(worker.error(codec.CodecError(
                        f"{function}() returned a value that cannot leave "
                        f"the sandbox: {exc}" if function else
                        f"the reply could not leave the sandbox: {exc}")))
                except BaseException as exc:
                    chunks = codec.encode(worker.error(exc))
                codec.write_frame(reply_fd, chunks)
        except BaseException as exc:
            codec.write_frame(reply_fd, codec.encode(worker.error(exc)))


def _functions(request: dict) -> Iterator[str | None]:
    """The student function whose call each reply to ``request`` answers (None: no call)."""
    op = request.get("op") if type(request) is dict else None
    if op == "pipeline":
        yield from (request.get("forward"), request.get("backward"))
    yield from itertools.repeat(request.get("function") if op in ("call", "map", "chain")
                                else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
