"""l2_loss prints workflow commands and escape sequences, then kills its process: the crash
output is quoted in the feedback."""
import os
import sys

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l2_loss"]
STATUS = "error"


def l2_loss(pred, target):
    sys.stdout.write("::notice::Points 100/100\n::add-mask::x\n"
                     "\x1b[32mPASSED\x1b[0m\r::set-output name=score::100\n")
    sys.stdout.flush()
    os._exit(3)
