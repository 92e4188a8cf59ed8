"""svm_loss dereferences a null pointer through ctypes."""
import ctypes

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"


def svm_loss(x, y, delta=1.0):
    return ctypes.string_at(0xFFFFFFFFFFFF0000, 16)  # a kernel address: SIGSEGV
