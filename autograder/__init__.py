"""A sandboxed, Hypothesis-driven autograder for numpy deep-learning courses."""

__version__ = "0.1.0"
