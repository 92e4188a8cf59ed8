"""same_padding returns f // 2 for every f: right for odd f, but for even f it returns a
padding that grows the output by one pixel instead of raising ValueError."""

CAUGHT_BY = ["test_same_padding"]
MISTAKE = "validation"


def same_padding(f):
    return f // 2
