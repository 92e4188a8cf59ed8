"""A zip holding a file and a folder of the same name (the module, and a folder named after
it): refused before anything is staged."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZIP_MEMBERS = {"03_losses/losses.py/inner.py": "x = 1\n"}
REFUSED = r"03_losses/losses\.py is both a file and a folder"
