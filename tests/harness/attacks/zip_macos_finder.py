"""A zip as macOS Finder makes it: one folder holding the submission, __MACOSX/ with resource
forks, .DS_Store files. Accepted, and graded in full."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZIP_WRAP = "alice"
ZIP_MEMBERS = {"__MACOSX/alice/03_losses/._losses.py": "\x00\x05\x16\x07",
               "__MACOSX/._alice": "\x00\x05\x16\x07", "alice/.DS_Store": "Bud1",
               "alice/03_losses/.DS_Store": "Bud1"}
ZEROED = []
