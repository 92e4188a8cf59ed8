"""A zip entry that points outside the submission, named with Rich markup, escape sequences,
a newline and a workflow command: refused, the name shown as inert text."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZIP_MEMBERS = {"[/][bold]x\x1b[2J\n::add-mask::y/../../../evil.py": "x = 1\n"}
REFUSED = r"entry '\[/\]\[bold\]x\\x1b\[2J\\n::add-mask::y/\.\./\.\./\.\./evil\.py' points outside"
