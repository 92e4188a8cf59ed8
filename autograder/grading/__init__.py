"""One submission, graded: intake (staging, notebooks to code), the pytest runner and plugin,
feedback text. Talks to student code only through :mod:`autograder.sandbox.client`; never
imports the class book, exports or platforms.
"""
