"""svm_loss lifts the recursion limit and recurses in C until the stack overflows."""
import sys

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"


def svm_loss(x, y, delta=1.0):
    left, right = [], []
    for _ in range(10**6):
        left, right = [left], [right]
    sys.setrecursionlimit(10**8)
    return left == right  # list comparison recurses in C, one frame per level
