"""A zip whose directory is intact but whose module's stored data is corrupt: refused with
the member's name, and the next submission is graded."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
CORRUPT = "03_losses/losses.py"
REFUSED = r"03_losses/losses\.py: cannot be read"
