"""A whole class: batch grading in a process pool and the SQLite gradebook that makes it
resumable. Built on grading and exports; never imported by them, nor by sandbox or checks.
"""
