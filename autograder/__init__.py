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
    course/ finds topics, releases stubs, proves tests; api.py is the Python API and cli/
    a thin command line over it.

The Python API (:mod:`autograder.api`), imported on first use so that ``import autograder``
stays light (the sandbox worker imports this package too)::

    import autograder
    result = autograder.grade("alice/", topics=["03_losses"], options={"examples": 10})
    result.score, result.to_gradescope()
    autograder.batch("class/", topics="03")      # a whole class, with its exports
"""

__version__ = "0.1.0"
DISTRIBUTION = "propgrade"  # the name on the package index; the import package is autograder

_API = ("grade", "batch", "GradingResult", "GradingOptions", "BatchResult", "NotGradable",
        "GradingError")
__all__ = ["DISTRIBUTION", "__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from autograder import api

        return getattr(api, name)
    raise AttributeError(f"module 'autograder' has no attribute {name!r}")
