"""The module prints 64 MB while it is imported; every function is correct."""
import sys

TOPIC = "03_losses"
ZEROED = []

for _ in range(64):
    sys.stdout.write("x" * 2**20)
