"""The module kills its own process with os._exit() while it is imported."""
import os

TOPIC = "03_losses"
ZEROED = ["*"]
STATUS = "error"

os._exit(0)
