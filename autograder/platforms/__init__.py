"""What a platform needs beyond a results file: Gradescope's autograder zip, GitHub Classroom's
workflow, nbgrader notebooks, the student bundle. Depends on results; nothing depends on it.
"""
