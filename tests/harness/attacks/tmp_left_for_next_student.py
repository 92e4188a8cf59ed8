"""l1_loss leaves a world-readable file in every shared temporary folder it can write to, and
fails if it finds one a previous student's worker left there: graded twice in a row, the
second student must find nothing."""
import os
import secrets
import tempfile

TOPIC = "03_losses"
TOPICS = ["03_losses"]
TWICE = True
ZEROED = []
NEEDS = "filesystem"

_mine = secrets.token_hex(8)
_folders = ("/tmp", "/var/tmp", "/dev/shm", tempfile.gettempdir())
_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    for folder in _folders:
        path = os.path.join(folder, "@@NAME@@-leftover")
        try:
            with open(path) as found:
                if found.read() != _mine:
                    raise RuntimeError(f"found what a classmate left in {folder}")
        except OSError:
            pass
        try:
            with open(path, "w") as left:
                left.write(_mine)
            os.chmod(path, 0o666)
        except OSError:
            pass
    return _l1_loss(pred, target)
