"""Process pools that grade several submissions (``batch``) or seeds (``stress``) at once."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from autograder.sandbox.client import BLAS_THREAD_VARIABLES


def grading_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` spawned processes (a process with threads must not fork), each with
    BLAS/OpenMP pinned to one thread unless the environment says otherwise: the gradings
    already occupy the cores, and BLAS threads on top oversubscribe them (under load an
    ``eigvalsh`` of a 300 x 300 matrix in a test took 3 s instead of 15 ms). Each grading
    claims a core of its own (:mod:`autograder.grading.cores`)."""
    for name in BLAS_THREAD_VARIABLES:  # inherited by the processes the pool spawns
        os.environ.setdefault(name, "1")
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
