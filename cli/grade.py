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
from ..autograder.submissions import SubmissionError


@click.command("grade")
@click.argument("submissions", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Grading folder: gradebook.sqlite, grades.csv, results/, feedback/ "
                   "(with --nbgrader, default COURSE/dlkata/NAME).")
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
@click.option("--nbgrader", "course", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="An nbgrader course folder: grade its submitted/<student>/NAME/ notebooks and write the "
                   "scores into its gradebook.db (needs --assignment).")
@click.option("--assignment", help="The nbgrader assignment to grade (with --nbgrader).")
def grade_cmd(submissions, out, jobs, timeout, memory, hidden_file, topics, seed, lang, course, assignment):
    """Grade SUBMISSION folders (holding exercises/) or zips of them, each in its own sandbox.

    Re-running on the same --out resumes: finished submissions are skipped
    unless their files changed. With --nbgrader COURSE --assignment NAME, the
    submissions are nbgrader's and their scores go into nbgrader's gradebook.
    """
    selectors = [t.strip() for t in topics.split(",") if t.strip()]
    nb_plan = None
    if course or assignment:
        nb_plan, out = _nbgrader_plan(course, assignment, submissions, out, selectors)
    elif not submissions:
        raise click.UsageError("give SUBMISSIONS, or --nbgrader COURSE --assignment NAME")
    elif out is None:
        raise click.UsageError("missing option --out")
    try:
        exercises = nb_plan.exercises if nb_plan else registry.select(selectors)
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
                console.print(f"[dim]skip {info['student']} (already graded, unchanged)[/]")
            elif event == "start":
                state["oracle"] = bar.add_task("expected outputs", total=info["exercises"]) if info["total"] else None
                state["grade"] = bar.add_task("grading", total=info["total"])
            elif event == "oracle" and state.get("oracle") is not None:
                bar.advance(state["oracle"])
            elif event == "graded":
                bar.advance(state["grade"])
                console.print(f"{info['student']}: {info['score']}/{info['total']}")

        try:
            report = grade(submissions, out, options, progress,
                           submissions=nb_plan.submissions if nb_plan else None)
        except SubmissionError as exc:
            raise click.UsageError(str(exc)) from None
    summary_table(console, out, exercises)
    console.print(f"graded {len(report.graded)}, skipped {len(report.skipped)} → {out}/grades.csv, "
                  f"{out}/results/, {out}/feedback/")
    if nb_plan is not None:
        from .nbgrader_report import write_back

        write_back(console, nb_plan, out)
    sys.exit(0)


def _nbgrader_plan(course, assignment, submissions, out, selectors):
    """The nbgrader run to do, and its output folder (default COURSE/dlkata/NAME)."""
    from ..autograder.platforms import nbgradebook

    if not (course and assignment):
        raise click.UsageError("--nbgrader COURSE and --assignment NAME go together")
    if submissions:
        raise click.UsageError("with --nbgrader, the submissions are COURSE/submitted/*/NAME: give no SUBMISSIONS")
    out = out or nbgradebook.default_out(course, assignment)
    try:
        return nbgradebook.plan(course, assignment, out, selectors), out
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def summary_table(console: Console, out: Path, exercises) -> None:
    """Per exercise: how many students passed it (what the class struggled with)."""
    book = Gradebook(out / "gradebook.sqlite")
    try:
        students = book.students()
        per_student = {s: book.exercise_scores(s) for s, _, _ in students}
    finally:
        book.close()
    if not students:
        return
    table = Table(title=f"{len(students)} submissions")
    for col in ("exercise", "points", "passed", "class"):
        table.add_column(col)
    n = len(students)
    for ex in exercises:
        passed = sum(1 for s in per_student.values() if s.get(ex.id, (0, 0))[0] == ex.points and ex.points)
        share = passed / n
        bar = "█" * round(share * 20) + "·" * (20 - round(share * 20))
        style = "green" if share >= 0.8 else ("yellow" if share >= 0.5 else "red")
        table.add_row(ex.id, str(ex.points), f"{passed}/{n}", f"[{style}]{bar}[/]")
    totals = sorted(t for _, t, _ in students)
    console.print(table)
    console.print(f"total: min {totals[0]}, median {totals[len(totals) // 2]}, max {totals[-1]} "
                  f"of {students[0][2]}")


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
