"""Hypothesis strategies for graded tests: shapes, float64 arrays, labels and logits.

Arrays are built fast: Hypothesis draws a shape and a seed, numpy fills the array. Values are
stratified (each falls in its own sub-interval of the range), so all of an array's values are
distinct: no ties for max-style functions, and an array shrinks to a small shape and seed 0.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def shapes(min_dims: int = 1, max_dims: int = 3, min_side: int = 1,
           max_side: int = 6) -> st.SearchStrategy[tuple[int, ...]]:
    """Array shapes with ``min_dims..max_dims`` axes of ``min_side..max_side`` each."""
    return st.lists(st.integers(min_side, max_side), min_size=min_dims,
                    max_size=max_dims).map(tuple)


def fill(shape: Sequence[int], seed: int, low: float = -5.0, high: float = 5.0,
         min_magnitude: float = 0.0) -> np.ndarray:
    """A float64 array of ``shape`` whose values are distinct, drawn from ``seed``.

    Without ``min_magnitude`` the values lie in [low, high). With it, |value| lies in
    [min_magnitude, max(|low|, |high|)) with a random sign (clipped to [low, high]): use it to
    keep inputs away from a kink at 0, such as ReLU's.
    """
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    # one value per stratum: distinct by construction, spread over the whole range
    unit = (rng.permutation(size) + rng.uniform(0.05, 0.95, size)) / max(size, 1)
    if min_magnitude > 0:
        top = max(abs(low), abs(high))
        values = (min_magnitude + unit * (top - min_magnitude)) * rng.choice([-1.0, 1.0], size)
        if low >= 0 or high <= 0:
            values = np.abs(values) * (1.0 if low >= 0 else -1.0)
    else:
        values = low + unit * (high - low)
    return values.reshape(shape)


@st.composite
def arrays(draw: st.DrawFn, shape: tuple[int, ...] | st.SearchStrategy | None = None,
           low: float = -5.0, high: float = 5.0, min_magnitude: float = 0.0) -> np.ndarray:
    """Float64 arrays of distinct values in [low, high) (see :func:`fill`).

    ``shape`` is a fixed tuple, a strategy of shapes, or None for :func:`shapes`'s default.
    """
    if shape is None:
        shape = shapes()
    if isinstance(shape, st.SearchStrategy):
        shape = draw(shape)
    return fill(shape, draw(SEEDS), low, high, min_magnitude)


@st.composite
def classification(draw: st.DrawFn, max_n: int = 6, min_classes: int = 2, max_classes: int = 6,
                   low: float = -5.0, high: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: scores of shape (N, C) and int64 labels of shape (N,) with 0 <= y < C."""
    n = draw(st.integers(1, max_n))
    classes = draw(st.integers(min_classes, max_classes))
    seed = draw(SEEDS)
    x = fill((n, classes), seed, low, high)
    y = np.random.default_rng(seed + 1).integers(0, classes, size=n)
    return x, y


def pairs(shape: st.SearchStrategy | None = None, **fill_options: float):
    """Two arrays of the same shape, e.g. a prediction and its target."""
    return (shape if shape is not None else shapes()).flatmap(
        lambda s: st.tuples(arrays(s, **fill_options), arrays(s, **fill_options))
    )
