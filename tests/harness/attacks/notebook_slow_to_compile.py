"""A notebook whose first cell is an 8 MiB list literal: compiling it costs tens of seconds
and gigabytes, so the grader must not compile it (the worker does, within its limits, and
the module never imports)."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
FORMAT = "ipynb"
HUGE_CELL = 8_388_608  # 8 MiB
ZEROED = ["*"]
