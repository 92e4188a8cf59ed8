"""l1_loss starts threads with small stacks until it cannot: the worker's threads and
processes are capped (RLIMIT_NPROC of its own uid, or a pids cgroup for a root worker). It
fails either way, but returns the right answer if it started 5000, which would earn points."""
import threading

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "error"

_l1_loss = l1_loss  # noqa: F821
_hold = threading.Event()


def l1_loss(pred, target):
    threading.stack_size(64 * 1024)
    started = 0
    try:
        while started < 5000:
            threading.Thread(target=_hold.wait, daemon=True).start()
            started += 1
    except RuntimeError:
        raise RuntimeError(f"capped after {started} threads") from None
    return _l1_loss(pred, target)
