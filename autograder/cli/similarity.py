"""``autograder similarity``: which pairs of a class are worth a second look (code and
behaviour); also written by ``autograder batch --export similarity``."""

from __future__ import annotations

import glob
from pathlib import Path

import click

from autograder.cli.app import fail, main, stderr, stdout, topics_of
from autograder.course import Course, Topic
from autograder.results import GradingResult

INSTALL_HINT = ("similarity needs copydetect, an instructor's extra: "
                "pip install -e '.[similarity]'")


def write_similarity(class_dir: Path, topics: list[Topic], results: list[GradingResult],
                     base: Path | None, out_dir: Path, exclude: list[Path]) -> list[Path]:
    """Analyse, print the top pairs and write similarity.json and similarity.html."""
    try:
        from autograder.classbook import similarity
    except ImportError as exc:
        fail(f"{INSTALL_HINT} ({exc})")
    from autograder.exports.similarity_report import terminal_table

    report = similarity.analyse(class_dir, topics, results, base, exclude)
    for note in report.notes:
        stderr.print(note, highlight=False, soft_wrap=True, markup=False)
    stdout.print(terminal_table(report.to_dict()))
    return similarity.write_report(report, out_dir)


@main.command(name="similarity")
@click.argument("class_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--topic", "topic_names", multiple=True,
              help="Compare only this topic (repeatable; default: all).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for similarity.html and similarity.json  "
                                 "[default: CLASS_DIR-results beside CLASS_DIR]")
@click.option("--base", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Released stubs, laid out like assignments/, whose code "
                                 "does not count  [default: the course's assignments/]")
@click.option("--gradebook", "gradebook_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Gradebook of `autograder batch`, for the shared wrong "
                                 "outputs  [default: OUT/gradebook.sqlite]")
@click.pass_obj
def similarity_command(course: Course, class_dir: Path, topic_names: tuple[str, ...],
                       out_dir: Path | None, base: Path | None,
                       gradebook_path: Path | None) -> None:
    """Rank the pairs of submissions in CLASS_DIR by how much they have in common: code
    (winnowing, as MOSS, on this machine) and identical wrong outputs in the gradebook.
    A reason to look, never a verdict."""
    from autograder.classbook.gradebook import Gradebook, GradebookError

    topics = topics_of(course, topic_names)
    class_dir = class_dir.resolve()
    out_dir = (out_dir or class_dir.with_name(f"{class_dir.name}-results")).resolve()
    gradebook_path = (gradebook_path or out_dir / "gradebook.sqlite").resolve()
    results = []
    if gradebook_path.is_file():
        try:
            with Gradebook(gradebook_path) as gradebook:
                results = gradebook.current()
        except GradebookError as exc:
            fail(str(exc))
    else:
        stderr.print(f"no gradebook at {gradebook_path}: code similarity only (run "
                     "`autograder batch` first for shared wrong outputs)", highlight=False,
                     soft_wrap=True, markup=False)
    written = write_similarity(
        class_dir, topics, results, (base or course.assignments).resolve(), out_dir,
        [out_dir, *gradebook_path.parent.glob(f"{glob.escape(gradebook_path.name)}*")])
    stdout.print(f"wrote {', '.join(str(path) for path in written)}", highlight=False,
                 soft_wrap=True, markup=False)
