"""svm_loss raises with GitHub workflow commands in its message: a forged mask, notice, a
legacy `##[` command and one after a bare carriage return."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["svm_loss"]
STATUS = "error"
FEEDBACK = r"\| ::notice title=Autograding::Points 100/100"


def svm_loss(x, y, delta=1.0):
    raise ValueError("\n::add-mask::alice\n::notice title=Autograding::Points 100/100\n"
                     "   ::error file=x::fake\r::warning::y ##[error]legacy ##[group]z")
