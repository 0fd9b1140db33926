"""``dlkata grade`` and ``dlkata hidden new``: the instructor's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..autograder import hidden as hidden_cases
from ..autograder import registry
from ..autograder.gradebook import Gradebook
from ..autograder.grading import GradeOptions, grade
from ..autograder.messages import t
from ..autograder.submissions import SubmissionError


@click.command("grade")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Grading folder: gradebook.sqlite, grades.csv, results/, feedback/, index.html (the class page).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Submissions graded at once.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Wall-clock seconds for all cases of one exercise.")
@click.option("--memory", type=click.IntRange(min=256), default=2048, show_default=True,
              help="Address-space cap of a submission's process, in MB.")
@click.option("--hidden", "hidden_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Instructor's hidden-case file (see `dlkata hidden new`).")
@click.option("--topics", default="", help="Comma-separated topics or TOPIC.FUNCTION (default: all).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the public cases.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Feedback language.")
def grade_cmd(submissions, out, jobs, timeout, memory, hidden_file, topics, seed, lang):
    """Grade SUBMISSIONS, each in its own sandbox, into --out.

    \b
    A submission is one of:
      - a student's folder holding exercises/ (or the exercises/ folder), or a zip of it;
      - a student's nbgrader notebooks: a folder (or zip) of <topic>.ipynb files,
        or one notebook;
      - nbgrader's submitted/ folder: one submission per student folder
        (submitted/<student>/<assignment>/<topic>.ipynb);
      - nbgrader notebooks by glob, e.g. submitted/*/activations/activations.ipynb:
        each student is named by the folder that holds their assignment folders.
    The student id is the folder's, zip's or notebook's name. In a student's
    notebooks, <topic>.ipynb is the one graded; a copy of it (activations-Copy1.ipynb,
    Untitled.ipynb) is ignored, and the feedback says so.

    Re-running on the same --out resumes: finished submissions are skipped
    unless their files changed, and their pages are written again in --lang
    (the language never regrades; `dlkata feedback OUT --lang ko` rewrites
    the pages alone).
    """
    try:
        exercises = registry.select([t.strip() for t in topics.split(",") if t.strip()])
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    try:
        hidden = hidden_cases.load(hidden_file) if hidden_file else None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    options = GradeOptions(exercises, seed=seed, timeout=timeout, memory_mb=memory, hidden=hidden,
                           hidden_path=hidden_file, lang=lang, jobs=jobs)
    console = Console(highlight=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        state = {}

        def progress(event, **info):
            if event == "skipped":
                console.print(f"[dim]{t('grade_skipped', lang, student=info['student'])}[/]")
            elif event == "start":
                state["oracle"] = bar.add_task("expected outputs", total=info["exercises"]) if info["total"] else None
                state["grade"] = bar.add_task("grading", total=info["total"])
            elif event == "oracle" and state.get("oracle") is not None:
                bar.advance(state["oracle"])
            elif event == "graded":
                bar.advance(state["grade"])
                console.print(f"{info['student']}: {info['score']}/{info['total']}")

        try:
            report = grade(submissions, out, options, progress)
        except SubmissionError as exc:
            raise click.UsageError(str(exc)) from None
    summary_table(console, out, exercises, lang)
    console.print(t("grade_done", lang, graded=len(report.graded), skipped=len(report.skipped), out=out))
    sys.exit(0)


def summary_table(console: Console, out: Path, exercises, lang: str = "en") -> None:
    """Per exercise: how many students passed it (what the class struggled with)."""
    book = Gradebook(out / "gradebook.sqlite")
    try:
        students = book.students()
        per_student = {s: book.exercise_scores(s) for s, _, _ in students}
    finally:
        book.close()
    if not students:
        return
    table = Table(title=t("grade_submissions", lang, n=len(students)))
    for col in ("word_exercise", "word_points", "passed", "grade_class"):
        table.add_column(t(col, lang))
    n = len(students)
    for ex in exercises:
        passed = sum(1 for s in per_student.values() if s.get(ex.id, (0, 0))[0] == ex.points and ex.points)
        share = passed / n
        bar = "█" * round(share * 20) + "·" * (20 - round(share * 20))
        style = "green" if share >= 0.8 else ("yellow" if share >= 0.5 else "red")
        table.add_row(ex.id, str(ex.points), f"{passed}/{n}", f"[{style}]{bar}[/]")
    totals = sorted(t for _, t, _ in students)
    console.print(table)
    console.print(t("grade_totals", lang, low=totals[0], median=totals[len(totals) // 2], high=totals[-1],
                    max=students[0][2]))


@click.group("hidden")
def hidden_group():
    """Instructor-only hidden cases."""


@hidden_group.command("new")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rounds", type=click.IntRange(1, 20), default=1, show_default=True,
              help="Draws of every exercise's cases.")
@click.option("--show-feedback", is_flag=True, help="Show hidden failures' details to students.")
@click.option("--topics", default="", help="Only these topics/exercises (comma-separated).")
def hidden_new(file, rounds, show_feedback, topics):
    """Write a new hidden-case FILE with a fresh secret seed (keep it away from students)."""
    chosen = [t.strip() for t in topics.split(",") if t.strip()] or None
    if chosen:
        try:
            registry.select(chosen)
        except KeyError as exc:
            raise click.UsageError(str(exc.args[0])) from None
    try:
        hidden_cases.new(file, rounds, not show_feedback, chosen)
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {file} (mode 600); pass it to `dlkata grade --hidden {file}`")
