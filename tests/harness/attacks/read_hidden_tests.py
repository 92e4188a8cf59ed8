"""softmax reads the hidden tests to learn what they check."""
TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "error"
NEEDS = "filesystem"


def softmax(x, axis=-1):
    with open("@@TESTS@@/02_activations/test_activations_hidden.py") as source:
        source.read()
    return x
