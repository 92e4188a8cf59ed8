"""Isolation layers around the worker, each probed on this machine and used where it works.

* **bubblewrap** (when ``bwrap`` is installed and a probe run succeeds): new user, network,
  pid, ipc and uts namespaces (no network), all capabilities dropped, dies with the grader;
  the filesystem holds only read-only system and Python directories, the autograder package,
  the staged submission (read-only, at ``/submission``) and a private ``/tmp``.
* **resource limits** (always, applied by the worker before any student code runs): address
  space, CPU seconds, file size, open files, no core files; processes when not root.
* **unprivileged uid** (when the grader runs as root and that uid can run Python): the worker
  runs as ``nobody`` with no supplementary groups, and the course's ``solutions/`` and
  ``tests/`` folders are closed to other users.
* **seccomp** (where libseccomp loads, through pyseccomp): no exec, no new processes (threads
  are allowed), no sockets, no ptrace, mount, unshare, setns or kill of other processes.

Always on besides: a clean environment, BLAS/OpenMP pinned to one thread, stdout/stderr
drained and capped, per-call timeouts and a per-submission time budget (see
:mod:`autograder.sandbox.client`).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import autograder

SANDBOX_UID = SANDBOX_GID = 65534  # nobody / nogroup
SUBMISSION_MOUNT = "/submission"
LAYERS = ("bubblewrap", "rlimits", "uid", "seccomp")


@dataclass(frozen=True)
class Limits:
    """Resource limits of the worker process (see ``setrlimit(2)``)."""

    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 900
    file_bytes: int = 16 * 2**20
    open_files: int = 256
    processes: int = 512  # per uid, so shared by parallel workers running as nobody


@dataclass(frozen=True)
class Isolation:
    """The layers to use for workers, decided once per grader process by :func:`detect`."""

    bwrap: str | None = None
    uid: int | None = None
    seccomp: bool = False
    limits: Limits = field(default_factory=Limits)
    reasons: tuple[tuple[str, str], ...] = ()  # (layer, why it is off) for the doctor

    def command(self, worker_args: list[str], submission: Path) -> list[str]:
        """The worker's command line (under bubblewrap, the submission is at /submission)."""
        settings = json.dumps({"limits": asdict(self.limits), "seccomp": self.seccomp})
        python = [sys.executable, "-I", "-B", "-u", "-m", "autograder.sandbox.worker"]
        if not self.bwrap:
            return [*python, *worker_args, str(submission), settings]
        return [*_bwrap_prefix(self.bwrap, submission), *python, *worker_args,
                SUBMISSION_MOUNT, settings]

    def popen_options(self) -> dict:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": SANDBOX_GID, "extra_groups": []}

    def protect(self, paths: list[Path]) -> None:
        """Close ``paths`` to other users, so the sandbox uid cannot read them."""
        if self.uid is None:
            return
        for path in paths:
            if path.is_dir():
                path.chmod(path.stat().st_mode & 0o770)


def _bwrap_prefix(bwrap: str, submission: Path) -> list[str]:
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    package = str(Path(autograder.__file__).resolve().parent)
    for path in dict.fromkeys((sys.base_prefix, sys.prefix, package)):
        args += ["--ro-bind", path, path]
    args += ["--ro-bind", str(submission), SUBMISSION_MOUNT, "--chdir", SUBMISSION_MOUNT]
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
    elif not _probe([sys.executable, "-I", "-c", "import numpy"], {"user": SANDBOX_UID,
                    "group": SANDBOX_GID, "extra_groups": []}):
        reasons.append(("uid", f"uid {SANDBOX_UID} cannot run {sys.executable}"))
    else:
        uid = SANDBOX_UID

    bwrap = None
    found = shutil.which("bwrap")
    if "bubblewrap" in disabled:
        reasons.append(("bubblewrap", "disabled"))
    elif not found:
        reasons.append(("bubblewrap", "bwrap is not installed (Debian package bubblewrap)"))
    else:
        probe = Isolation(uid=uid)
        options = probe.popen_options()
        here = Path(autograder.__file__).resolve().parent
        command = [*_bwrap_prefix(found, here), sys.executable, "-I", "-c", "import numpy"]
        if _probe(command, options):
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
    return Isolation(bwrap, uid, seccomp, limits, tuple(reasons))


def _probe(command: list[str], options: dict) -> bool:
    try:
        return subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=60, cwd="/",
                              **options).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
