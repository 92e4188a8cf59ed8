"""The module calls sys.exit() while it is imported."""
import sys

TOPIC = "03_losses"
ZEROED = ["*"]
STATUS = "error"

sys.exit(0)
