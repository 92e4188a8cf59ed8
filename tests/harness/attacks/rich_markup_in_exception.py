"""softmax_loss raises with Rich markup: a closing tag with nothing open (which crashes a
renderer that parses markup), fake styles and a link."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["softmax_loss"]
STATUS = "error"
FEEDBACK = r"\[/\]\[bold green\]PASSED\[/bold green\] \[link=file:///etc/passwd\]"


def softmax_loss(x, y):
    raise ValueError("[/][bold green]PASSED[/bold green] [link=file:///etc/passwd]x[/link]")
