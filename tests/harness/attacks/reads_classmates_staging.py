"""l2_loss looks for other submissions being graded at the same time (staged copies under
/tmp, other workers' folders through /proc) and fails if it can read any (staged since this
test run began: older leftovers of other programs on a shared machine are not its
classmates)."""
import glob
import os

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = []
NEEDS = "filesystem"

_l2_loss = l2_loss  # noqa: F821


def _readable_elsewhere():
    here = os.path.realpath(os.getcwd())
    patterns = ["/tmp/autograder-*/*/*.py", "/tmp/autograder-*/*/*/*.py",
                "/proc/[0-9]*/cwd/*/*.py", "/proc/[0-9]*/root/submission/*/*.py"]
    for pattern in patterns:
        for path in glob.glob(pattern):
            try:
                if os.path.realpath(path).startswith(here + os.sep) \
                        or os.stat(path).st_mtime < float("@@STARTED@@"):
                    continue
                with open(path, "rb") as source:
                    source.read(1)
                return path
            except OSError:
                pass
    return None


def l2_loss(pred, target):
    found = _readable_elsewhere()
    if found:
        raise RuntimeError(f"read another submission: {found}")
    return _l2_loss(pred, target)
