"""softmax reads the reference solution from disk and runs it."""
TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "error"
NEEDS = "filesystem"


def softmax(x, axis=-1):
    namespace = {}
    with open("@@SOLUTIONS@@/02_activations/activations.py") as source:
        exec(source.read(), namespace)
    return namespace["softmax"](x, axis)
