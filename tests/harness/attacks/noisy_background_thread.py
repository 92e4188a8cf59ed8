"""A background thread prints and burns CPU for the whole run; every function is correct."""
import sys
import threading
import time

TOPIC = "03_losses"
ZEROED = []


def _noise():
    while True:
        sys.stdout.write("noise " * 100 + "\n")
        time.sleep(0.001)


threading.Thread(target=_noise, daemon=True).start()
