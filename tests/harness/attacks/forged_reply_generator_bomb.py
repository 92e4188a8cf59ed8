"""svm_loss writes its own reply frame: 100,000 random generator states, each a heavy object
in the grader."""
import os
import struct
import sys

import msgpack

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["svm_loss"]
STATUS = "error"
FEEDBACK = r"malformed reply: message decodes into more than 1,000,000 objects"


def svm_loss(x, y, delta=1.0):
    state = msgpack.ExtType(6, msgpack.packb(["1", "1", 0, 0]))
    header = msgpack.packb([state] * 100_000)
    os.write(int(sys.argv[2]), struct.pack("<IQ", len(header), 0) + header)
    raise RuntimeError("the forged reply was not read")
