"""svm_loss writes 16 MiB files into its temporary folder (and tries /, /dev/shm and the
submission) until something stops it: under bubblewrap /tmp is a tmpfs of an eighth of the
memory limit and the rest is read-only. It fails either way, but returns the right answer
if it wrote more than half the memory limit, which would earn points."""
import os
import tempfile

import numpy as np

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["svm_loss"]
STATUS = "error"
NEEDS = "bubblewrap"

_svm_loss = svm_loss  # noqa: F821


def svm_loss(x, y, delta=1.0):
    written = 0
    for folder in (tempfile.gettempdir(), "/dev/shm", "/", "/submission"):
        for number in range(64):
            try:
                with open(os.path.join(folder, f"fill-{number}"), "wb") as out:
                    out.write(np.zeros(2**21).tobytes())
                written += 16
            except OSError:
                break
        for number in range(64):
            try:
                os.unlink(os.path.join(folder, f"fill-{number}"))
            except OSError:
                pass
    if written > 1024:
        return _svm_loss(x, y, delta)
    raise RuntimeError(f"wrote only {written} MiB")
