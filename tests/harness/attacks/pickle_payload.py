"""softmax returns a pickle whose loading would create a marker file in the grader."""
import os
import pickle

TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "failed"


class Payload:
    def __reduce__(self):
        return (os.mkdir, ("@@MARKER@@",))


def softmax(x, axis=-1):
    return pickle.dumps(Payload())
