"""softmax returns a list nested 100000 levels deep."""
TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "error"


def softmax(x, axis=-1):
    value = []
    for _ in range(100000):
        value = [value]
    return value
