"""The course on disk: topic discovery (:mod:`.discovery`), release of stubs, and the proofs
of its tests (verify, stress). Importing this package loads only discovery; never platforms.
"""

from autograder.course.discovery import TOPIC_NAME, Course, CourseError, Topic

__all__ = ["TOPIC_NAME", "Course", "CourseError", "Topic"]
