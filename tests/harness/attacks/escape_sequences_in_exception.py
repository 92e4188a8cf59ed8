"""l1_loss raises with terminal escape sequences that would erase the line and draw a green
PASSED over it, ring the bell and reverse the text."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "error"
FEEDBACK = r"\\x1b\[2K\\x1b\[1A\\x1b\[32mPASSED"


def l1_loss(pred, target):
    raise RuntimeError("\x1b[2K\x1b[1A\x1b[32mPASSED 32/32\x1b[0m\x07\x1b]0;title\x07"
                       "\u202egnp.\x08")
