"""A sandboxed, Hypothesis-driven autograder for numpy deep-learning courses.

The pipeline, one subpackage per stage::

    submission (folder | .zip | .ipynb)
      -> intake: stage a private copy, notebooks to code      grading/intake, notebooks
      -> runner: pytest + Hypothesis over tests/<topic>        grading/runner, plugin
           tests import the checks toolkit                     checks/
      -> sandbox: a worker process runs the student's code     sandbox/ (client <-> worker)
      -> results: one model of scores and feedback             results.py
      -> exports (CSV, JSON, HTML, JUnit) | gradebook, batch   exports/ | classbook/
      -> platforms (Gradescope, Classroom, nbgrader, bundle)   platforms/
    course/ finds topics, releases stubs, proves tests; cli/ is a thin layer over all of it.
"""

__version__ = "0.1.0"
