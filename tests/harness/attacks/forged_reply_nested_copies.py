"""svm_loss writes its own reply frame: a 1 MiB string inside 30 nested lists, each level of
which would be copied again while decoding."""
import os
import struct
import sys

import msgpack

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["svm_loss"]
STATUS = "error"
FEEDBACK = r"malformed reply: nested lists copy more than"


def svm_loss(x, y, delta=1.0):
    value = "x" * 2**20
    for _ in range(30):
        value = msgpack.ExtType(3, msgpack.packb([value]))
    header = msgpack.packb(value)
    os.write(int(sys.argv[2]), struct.pack("<IQ", len(header), 0) + header)
    raise RuntimeError("the forged reply was not read")
