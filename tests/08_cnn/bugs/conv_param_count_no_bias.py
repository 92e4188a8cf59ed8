"""conv_param_count counts the weights k f^2 c_in but forgets the k biases."""

CAUGHT_BY = ["test_conv_param_count"]
MISTAKE = "missing-term"


def conv_param_count(c_in, f, k):
    return k * f * f * c_in
