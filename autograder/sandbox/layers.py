"""Isolation layers around the worker, each probed on this machine and used where it works.

* **bubblewrap** (when ``bwrap`` is installed and a probe run succeeds): new user, network,
  pid, ipc and uts namespaces (no network), all capabilities dropped, dies with the grader;
  the filesystem holds only read-only system and Python directories, the autograder package,
  the staged submission (read-only, at ``/submission``) and a private ``/tmp``: a tmpfs of
  :data:`TMP_FRACTION` of the worker's memory limit. The rest of the sandbox's tree (``/``,
  ``/dev`` and its ``/dev/shm``) is read-only, so no file can hold more host memory.
* **resource limits** (always, applied by the worker before any student code runs): address
  space, CPU seconds, file size, open files, no core files; processes when not root.
* **unprivileged uid** (when the grader runs as root and a uid of :data:`UID_RANGE`, which
  no account uses, can run Python): each sandbox claims a uid of its own for its lifetime
  (distinct among every sandbox on the machine at the time, and drawn at random, so that the
  next submission rarely gets the last one's), its worker runs as that uid with a group of
  the same number and no other groups, and its processes are capped by ``RLIMIT_NPROC``.
  The staged submission is given to that group alone (:meth:`Confinement.admit`), and the
  course's ``solutions/`` and ``tests/`` folders are closed to other users. When the sandbox
  closes, every process of its uid is killed and every file it left in the machine's shared
  temporary folders (:data:`SHARED_TMP`) is removed.
* **process cap** (a worker running as root, whom ``RLIMIT_NPROC`` does not bind): a cgroup
  of its own with ``pids.max`` (threads and processes), where the grader may make one (cgroup
  v1's pids hierarchy, or v2 with pids delegated); everything in it is killed at the end.
  Where none can be made, no student code is run as root (:attr:`Isolation.refusal`, shown
  by ``autograder doctor``): seccomp refuses new processes but not threads, and tens of
  thousands of small-stack threads fit in the address space and exhaust the machine's pids.
* **seccomp** (where libseccomp loads, through pyseccomp): no exec, no new processes (threads
  are allowed), no sockets, no ptrace, mount, unshare, setns or kill of other processes.

Always on besides: a clean environment, BLAS/OpenMP pinned to one thread, stdout/stderr
drained and capped, per-call timeouts and a per-submission time budget (see
:mod:`autograder.sandbox.client`), and a private temporary folder per sandbox (without
bubblewrap: a folder of mode 0700, the worker's ``TMPDIR``, removed when the sandbox closes).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import autograder

UID_RANGE = range(0x7000_0000, 0x7100_0000)  # unused by Debian, systemd and container tools
SUBMISSION_MOUNT = "/submission"
LAYERS = ("bubblewrap", "rlimits", "uid", "seccomp")
TMP_FRACTION = 8  # bubblewrap's /tmp holds at most 1/TMP_FRACTION of the memory limit
SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm")  # swept of a sandbox uid's files at its end


class Refused(RuntimeError):
    """No student code may run here as configured; the message says why."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of the worker process (see ``setrlimit(2)``)."""

    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 900
    file_bytes: int = 16 * 2**20
    open_files: int = 256
    processes: int = 512  # threads and processes of one sandbox (its uid, or its cgroup)


@dataclass(frozen=True)
class Isolation:
    """The layers to use for workers, decided once per grader process by :func:`detect`.

    ``uid`` is the first of :data:`UID_RANGE` when the uid layer is on (each sandbox then
    claims its own), else None; ``process_cap`` the cgroup folder under which a worker that
    runs as root gets its own pids cgroup, else None."""

    bwrap: str | None = None
    uid: int | None = None
    seccomp: bool = False
    limits: Limits = field(default_factory=Limits)
    reasons: tuple[tuple[str, str], ...] = ()  # (layer, why it is off) for the doctor
    process_cap: str | None = None

    @property
    def refusal(self) -> str | None:
        """Why no student code may run with these layers, or None."""
        if self.uid is None and os.geteuid() == 0 and not self.process_cap:
            return ("refusing to run student code as root with no cap on its threads and "
                    "processes: the uid layer is off and no pids cgroup can be made here; make "
                    "Python and the autograder readable by every user so that the worker runs "
                    "as a uid of its own (see `autograder doctor`)")
        return None

    @property
    def tmp_bytes(self) -> int:
        return self.limits.memory_bytes // TMP_FRACTION

    def command(self, worker_args: list[str], submission: Path) -> list[str]:
        """The worker's command line (under bubblewrap, the submission is at /submission)."""
        settings = json.dumps({"limits": asdict(self.limits), "seccomp": self.seccomp})
        python = [sys.executable, "-I", "-B", "-u", "-m", "autograder.sandbox.worker"]
        if not self.bwrap:
            return [*python, *worker_args, str(submission), settings]
        return [*_bwrap_prefix(self.bwrap, submission, self.tmp_bytes), *python, *worker_args,
                SUBMISSION_MOUNT, settings]

    def confine(self, root: Path) -> Confinement:
        """A sandbox's own uid, temporary folder and process cap (:class:`Confinement`);
        :class:`Refused` when no student code may run here."""
        if self.refusal:
            raise Refused(self.refusal)
        return Confinement(self, Path(root))

    def protect(self, paths: list[Path]) -> None:
        """Close ``paths`` to other users, so the sandbox uid cannot read them."""
        if self.uid is None:
            return
        for path in paths:
            if path.is_dir():
                path.chmod(path.stat().st_mode & 0o770)


class Confinement:
    """What one sandbox holds for its lifetime (every worker it starts): its uid (uid layer),
    its private temporary folder (without bubblewrap) and its pids cgroup (a root worker).
    :meth:`release` gives it all back and removes what the submission left behind."""

    _numbers = itertools.count()

    def __init__(self, isolation: Isolation, root: Path):
        self.uid: int | None = None
        self.tmp: Path | None = None
        self.cgroup: Path | None = None
        self._claim: socket.socket | None = None
        try:
            if isolation.uid is not None:
                self.uid, self._claim = _claim_uid()
                self.admit(root)
            if not isolation.bwrap:
                self.tmp = Path(tempfile.mkdtemp(prefix="autograder-tmp-"))
                if self.uid is not None:
                    os.chown(self.tmp, self.uid, self.uid)
            if isolation.process_cap and isolation.uid is None:
                self.cgroup = _new_cgroup(Path(isolation.process_cap),
                                          isolation.limits.processes, next(self._numbers))
        except BaseException:
            self.release()
            raise

    def admit(self, root: Path) -> None:
        """Give the sandbox's group (alone) read access to the staged submission at ``root``:
        folders ``rwxr-x---``, files ``rw-r-----``, owned by the grader."""
        for folder, _, files in os.walk(root):
            for path, mode in [(folder, 0o750)] + [(os.path.join(folder, f), 0o640)
                                                    for f in files]:
                if not os.path.islink(path):  # a staging has none: never follow one
                    os.chown(path, -1, self.uid)
                    os.chmod(path, mode)

    def popen_options(self) -> dict:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.uid, "extra_groups": []}

    def environment(self) -> dict[str, str]:
        """The worker's temporary folder (under bubblewrap: its own /tmp)."""
        folder = str(self.tmp) if self.tmp else "/tmp"
        return {"TMPDIR": folder, "TEMP": folder, "TMP": folder}

    def enter(self, pids: list[int]) -> None:
        """Put a worker's processes (started, no student code run yet) in the cgroup."""
        if self.cgroup is not None:
            for pid in pids:
                try:
                    (self.cgroup / "cgroup.procs").write_text(str(pid))
                except ProcessLookupError:
                    pass

    def release(self) -> None:
        """Kill what is left of the sandbox's processes, remove its files, free its uid."""
        if self.cgroup is not None:
            _remove_cgroup(self.cgroup)
            self.cgroup = None
        if self.uid is not None:
            _kill_uid(self.uid)
            for folder in SHARED_TMP:
                _remove_owned(Path(folder), self.uid, depth=2)
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
        if self._claim is not None:
            self._claim.close()
            self._claim = None


def _claim_uid() -> tuple[int, socket.socket]:
    """A uid of :data:`UID_RANGE` that no other sandbox on this machine holds, and the
    claim on it: an abstract socket named after it, freed by the kernel with its holder."""
    for _ in range(100):
        uid = UID_RANGE[secrets.randbelow(len(UID_RANGE))]
        claim = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            claim.bind(f"\0autograder-sandbox-uid-{uid}")
            return uid, claim
        except OSError:
            claim.close()
    raise Refused("no free sandbox uid could be claimed")


def _kill_uid(uid: int) -> None:
    """SIGKILL every process with ``uid`` as its real, effective or saved uid (read from
    ``/proc/PID/status``, which a process cannot hide by making itself non-dumpable), until
    none is left."""
    for _ in range(20):
        found = []
        for name in os.listdir("/proc"):
            try:
                status = Path(f"/proc/{name}/status").read_text() if name.isdigit() else ""
                uids = next((line.split()[1:4] for line in status.splitlines()
                             if line.startswith("Uid:")), [])
                if str(uid) in uids:
                    os.kill(int(name), signal.SIGKILL)
                    found.append(name)
            except OSError:
                pass
        if not found:
            return
        time.sleep(0.01)


def _remove_owned(folder: Path, uid: int, depth: int) -> None:
    """Remove what ``uid`` owns in ``folder``, looking into world-writable subfolders
    (where it could have written) ``depth`` levels down."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
            if info.st_uid == uid:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            elif entry.is_dir(follow_symlinks=False) and info.st_mode & 0o002 and depth:
                _remove_owned(Path(entry.path), uid, depth - 1)
        except OSError:
            pass


def _pids_cgroup_base() -> Path | None:
    """This process's cgroup in a hierarchy where it may make child cgroups with a
    ``pids.max`` (cgroup v1's pids controller, or v2 with pids in its subtree_control)."""
    try:
        own = [line.split(":", 2) for line in Path("/proc/self/cgroup").read_text().split("\n")
               if line.count(":") >= 2]
        mounts = [line.split(" - ") for line in Path("/proc/self/mountinfo").read_text()
                  .split("\n") if " - " in line]
    except OSError:
        return None
    for _, controllers, path in own:
        for before, after in mounts:
            fields, (fstype, _, options) = before.split(), after.split()[:3]
            root, mountpoint = fields[3], fields[4]
            v1 = fstype == "cgroup" and "pids" in controllers.split(",") \
                and "pids" in options.split(",")
            v2 = fstype == "cgroup2" and controllers == ""
            if (v1 or v2) and (path == root or path.startswith(root.rstrip("/") + "/")):
                base = Path(mountpoint, path[len(root.rstrip("/")):].lstrip("/"))
                if v1 or "pids" in _read(base / "cgroup.subtree_control").split():
                    return base
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _new_cgroup(base: Path, processes: int, number: int | str) -> Path:
    for stale in base.glob("autograder-*-*"):  # left by a grader that was killed
        pid = stale.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _remove_cgroup(stale)
    cgroup = base / f"autograder-{os.getpid()}-{number}"
    cgroup.mkdir()
    try:
        (cgroup / "pids.max").write_text(str(processes))
    except OSError:
        cgroup.rmdir()
        raise
    return cgroup


def _remove_cgroup(cgroup: Path) -> None:
    """Kill every process in ``cgroup``, then remove it."""
    for _ in range(100):
        pids = _read(cgroup / "cgroup.procs").split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
        try:
            cgroup.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:  # busy until the killed processes are gone
            time.sleep(0.01)


def _bwrap_prefix(bwrap: str, submission: Path, tmp_bytes: int) -> list[str]:
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--proc", "/proc", "--dev", "/dev", "--size", str(tmp_bytes), "--tmpfs", "/tmp"]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    package = str(Path(autograder.__file__).resolve().parent)
    for path in dict.fromkeys((sys.base_prefix, sys.prefix, package)):
        args += ["--ro-bind", path, path]
    args += ["--ro-bind", str(submission), SUBMISSION_MOUNT, "--chdir", SUBMISSION_MOUNT,
             "--remount-ro", "/dev", "--remount-ro", "/"]
    return args


def detect(limits: Limits = Limits(), disabled: frozenset[str] = frozenset()) -> Isolation:
    """Probe each layer on this machine; ``disabled`` names layers not to use, as does the
    comma-separated environment variable ``AUTOGRADER_DISABLE_LAYERS`` (e.g. to reproduce
    a Docker host, where bubblewrap cannot run)."""
    from_env = os.environ.get("AUTOGRADER_DISABLE_LAYERS", "")
    unknown = {name for name in from_env.split(",") if name} - set(LAYERS)
    if unknown:
        raise ValueError(f"AUTOGRADER_DISABLE_LAYERS names unknown layers: {sorted(unknown)}")
    return _detect(limits, disabled | {name for name in from_env.split(",") if name})


@functools.lru_cache(maxsize=None)
def _detect(limits: Limits, disabled: frozenset[str]) -> Isolation:
    reasons = []
    uid = None
    if "uid" in disabled:
        reasons.append(("uid", "disabled"))
    elif os.geteuid() != 0:
        reasons.append(("uid", "the grader does not run as root, so it cannot switch users"))
    elif not _probe([sys.executable, "-I", "-c", "import numpy, autograder.sandbox.worker"],
                    _as(UID_RANGE[0])):
        reasons.append(("uid", f"uid {UID_RANGE[0]} (no account's) cannot run "
                               f"{sys.executable} and the autograder package: they must be "
                               "readable by every user (not under /root)"))
    else:
        uid = UID_RANGE[0]

    bwrap = None
    found = shutil.which("bwrap")
    if "bubblewrap" in disabled:
        reasons.append(("bubblewrap", "disabled"))
    elif not found:
        reasons.append(("bubblewrap", "bwrap is not installed (Debian package bubblewrap)"))
    else:
        here = Path(autograder.__file__).resolve().parent
        command = [*_bwrap_prefix(found, here, 2**20), sys.executable, "-I", "-c",
                   "import numpy"]
        if _probe(command, {} if uid is None else _as(uid)):
            bwrap = found
        else:
            reasons.append(("bubblewrap", "a probe run failed (namespaces are probably "
                                          "blocked here, as in most Docker containers)"))

    seccomp = False
    if "seccomp" in disabled:
        reasons.append(("seccomp", "disabled"))
    else:
        try:
            import pyseccomp  # noqa: F401  (loads libseccomp through ctypes)
            seccomp = True
        except Exception as exc:  # ImportError, or OSError when libseccomp is missing
            reasons.append(("seccomp", f"pyseccomp/libseccomp unavailable: {exc}"))
    if "rlimits" in disabled:
        raise ValueError("resource limits are always on")
    process_cap = None
    if uid is None and os.geteuid() == 0:  # the worker would run as root
        process_cap, why_not = _process_cap(limits)
        if why_not:
            reasons.append(("processes", why_not))
    return Isolation(bwrap, uid, seccomp, limits, tuple(reasons), process_cap)


def _process_cap(limits: Limits) -> tuple[str | None, str | None]:
    """(the cgroup folder for per-sandbox pids cgroups, or None; why there is none)."""
    base = _pids_cgroup_base()
    if base is None:
        return None, "no cgroup hierarchy with the pids controller is writable here"
    try:
        _remove_cgroup(_new_cgroup(base, limits.processes, "probe"))
    except OSError as exc:
        return None, f"no pids cgroup can be made in {base}: {exc}"
    return str(base), None


def _as(uid: int) -> dict:
    return {"user": uid, "group": uid, "extra_groups": []}


def _probe(command: list[str], options: dict) -> bool:
    try:
        return subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=60, cwd="/",
                              **options).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
