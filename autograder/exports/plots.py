"""Small inline plots for reports: PNG images as ``data:`` URLs, drawn with matplotlib's
object-oriented API (a ``Figure`` on the Agg canvas: no pyplot state, no display).

:func:`comparison_png` draws a failed comparison recorded by the grader (a test result's
``details["plot"]``, see :mod:`autograder.results`): on the left every entry as a point
(expected on x, got on y; a correct entry lies on the diagonal), on the right the error
``got - expected`` as a heat map over the array's layout. The worst entries are circled in
both. Text on the figure is drawn as plain text (no mathtext), so a ``$`` in a label is a
dollar sign.
"""

from __future__ import annotations

import base64
import io

import numpy as np

from autograder.extras import require

WORST = 3  # entries circled in a comparison plot


def png(figure) -> str:
    """``figure`` as a ``data:image/png;base64,...`` URL."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _grid(values: np.ndarray, shape: list[int]) -> np.ndarray:
    """The entries laid out in 2-D: a row for a vector, the last axis as columns above 2-D."""
    if len(shape) <= 1:
        return values.reshape(1, -1)
    return values.reshape(-1, shape[-1])


def comparison_png(plot: dict) -> str:
    """A scatter (expected vs got) and a heat map of the error, worst entries circled."""
    Figure = require("matplotlib.figure", "instructor", "the feedback's plots").Figure

    got = np.array([np.nan if v is None else v for v in plot["got"]], dtype=np.float64)
    expected = np.array([np.nan if v is None else v for v in plot["expected"]],
                        dtype=np.float64)
    error = got - expected
    ranking = np.where(np.isnan(error), np.inf, np.abs(error))
    # circled: the largest errors, not round-off next to them
    floor = 0.01 * float(np.max(ranking[np.isfinite(ranking)], initial=0.0))
    worst = [int(i) for i in np.argsort(-ranking, kind="stable")[:WORST]
             if ranking[i] > floor]
    indices = list(np.ndindex(*plot["shape"])) if plot["shape"] else [()]

    figure = Figure(figsize=(8.0, 3.2), dpi=90, layout="constrained")
    scatter, heat = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    finite = np.isfinite(got) & np.isfinite(expected)
    scatter.scatter(expected[finite], got[finite], s=14, color="#4a78c2")
    span = np.concatenate([expected[finite], got[finite]])
    if span.size:
        low, high = float(span.min()), float(span.max())
        scatter.plot([low, high], [low, high], color="#999", linewidth=1, linestyle="--")
    for i in worst:
        if finite[i]:
            scatter.scatter([expected[i]], [got[i]], s=90, facecolors="none",
                            edgecolors="#c0392b", linewidths=1.5)
            scatter.annotate(str(tuple(int(k) for k in indices[i])), (expected[i], got[i]),
                             textcoords="offset points", xytext=(5, 5), fontsize=7,
                             color="#c0392b", parse_math=False)
    scatter.set_xlabel(plot["expected_label"], parse_math=False)
    scatter.set_ylabel(plot["got_label"], parse_math=False)
    scatter.set_title("each entry (a right one lies on the dashed line)", fontsize=9,
                      parse_math=False)

    grid = _grid(error, plot["shape"])
    bound = float(np.nanmax(np.abs(grid))) if np.isfinite(grid).any() else 1.0
    image = heat.imshow(grid, cmap="coolwarm", vmin=-bound or -1.0, vmax=bound or 1.0,
                        aspect="auto", interpolation="nearest")
    figure.colorbar(image, ax=heat, fraction=0.046)
    columns = grid.shape[1]
    for i in worst:
        heat.scatter([i % columns], [i // columns], s=120, facecolors="none",
                     edgecolors="black", linewidths=1.5)
    for row, column in zip(*np.nonzero(~np.isfinite(grid))):
        heat.text(column, row, "nan", ha="center", va="center", fontsize=7, parse_math=False)
    heat.set_title(f"{plot['got_label']} - {plot['expected_label']}, shape "
                   f"{tuple(plot['shape'])}", fontsize=9, parse_math=False)
    heat.set_xticks(range(0, columns, max(1, columns // 10)))
    heat.set_yticks(range(0, grid.shape[0], max(1, grid.shape[0] // 10)))
    if len(plot["shape"]) <= 1:
        heat.set_yticks([])
        heat.set_xlabel("index", fontsize=8)
    else:
        heat.set_xlabel("last axis", fontsize=8)
        heat.set_ylabel("other axes" if len(plot["shape"]) > 2 else "first axis", fontsize=8)
    figure.suptitle(plot["what"][:120], fontsize=10, parse_math=False)
    return png(figure)
