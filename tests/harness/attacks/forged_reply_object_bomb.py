"""svm_loss writes its own reply frame to the grader: 16 MB on the wire that would decode
into 16 million dicts (1.3 GiB in the grader) if decoding did not count objects."""
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
    header = msgpack.packb([[{}] * 1000] * 16_000)
    os.write(int(sys.argv[2]), struct.pack("<IQ", len(header), 0) + header)
    raise RuntimeError("the forged reply was not read")
