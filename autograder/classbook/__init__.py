"""A whole class: batch grading in a process pool, the SQLite gradebook that makes it
resumable, and the similarity of its submissions. Built on grading and exports; never
imported by them, nor by sandbox or checks.
"""
