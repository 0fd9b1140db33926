"""``dlkata grade`` and ``dlkata hidden new``: the instructor's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..autograder import hidden as hidden_cases
from ..autograder import registry
from ..autograder.gradebook import Gradebook, GradebookError
from ..autograder.grading import GradeOptions, grade
from ..autograder.messages import t
from ..autograder.safetext import one_line
from ..autograder.sandbox import DEFAULT_LIMITS, GRADING_LEVELS, IsolationUnavailable
from ..autograder.submissions import SubmissionError


def _id(student: str) -> str:
    """A student id for one terminal line: control characters and rich markup shown, never obeyed."""
    return escape(one_line(student))


def _fail(message: str) -> None:
    """One line on stderr, exit status 2 (nothing was graded)."""
    click.echo(f"Error: {one_line(message, 2000)}", err=True)
    sys.exit(2)


@click.command("grade")
@click.argument("submissions", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Grading folder: gradebook.sqlite, grades.csv, results/, feedback/, index.html (the class page); "
                   "with --nbgrader, default COURSE/dlkata/NAME.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Submissions graded at once.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_LIMITS.timeout, show_default=True,
              help="Wall-clock seconds for the public cases of one exercise (and again for its hidden cases).")
@click.option("--memory", type=click.IntRange(min=256), default=DEFAULT_LIMITS.memory_mb, show_default=True,
              help="Memory cap of a submission's process, in MB (address space, and its memory cgroup).")
@click.option("--hidden", "hidden_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Instructor's hidden-case file (see `dlkata hidden new`).")
@click.option("--topics", default="", help="Comma-separated topics or TOPIC.FUNCTION (default: all).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the public cases.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Feedback language.")
@click.option("--isolation", type=click.Choice(GRADING_LEVELS), default="auto", show_default=True,
              help="auto: the bubblewrap wall where it stands, else the fallback sandbox (the run records which); "
                   "strict: refuse to grade without the wall; fallback: never use it.")
@click.option("--nbgrader", "course", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="An nbgrader course folder: grade its submitted/<student>/NAME/ notebooks and write the "
                   "scores into its gradebook.db (needs --assignment).")
@click.option("--assignment", help="The nbgrader assignment to grade (with --nbgrader).")
def grade_cmd(submissions, out, jobs, timeout, memory, hidden_file, topics, seed, lang, isolation, course,
              assignment):
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
    the pages alone). Exit status 2: nothing was graded (a usage error, a
    damaged or locked gradebook, or --isolation strict without the wall).

    With --nbgrader COURSE --assignment NAME, the submissions are nbgrader's
    (COURSE/submitted/<student>/NAME/) and their scores go into nbgrader's
    gradebook.db, where formgrader shows them.
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
                           hidden_path=hidden_file, lang=lang, jobs=jobs, isolation=isolation)
    console = Console(highlight=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        state = {}

        def progress(event, **info):
            if event == "skipped":
                console.print(f"[dim]{escape(t('grade_skipped', lang, student=_id(info['student'])))}[/]")
            elif event == "start":
                console.print(f"[dim]isolation {escape(info['isolation'].summary())}[/]")
                state["oracle"] = bar.add_task("expected outputs", total=info["exercises"]) if info["total"] else None
                state["grade"] = bar.add_task("grading", total=info["total"])
            elif event == "oracle" and state.get("oracle") is not None:
                bar.advance(state["oracle"])
            elif event == "graded":
                bar.advance(state["grade"])
                error = f"  [red]{escape(one_line(info['error'], 300))}[/]" if info.get("error") else ""
                console.print(f"{_id(info['student'])}: {info['score']}/{info['total']}{error}")

        try:
            report = grade(submissions, out, options, progress,
                           submissions=nb_plan.submissions if nb_plan else None)
        except SubmissionError as exc:
            raise click.UsageError(str(exc)) from None
        except (GradebookError, IsolationUnavailable) as exc:
            bar.stop()
            _fail(str(exc))
    summary_table(console, out, exercises, lang)
    console.print(escape(t("grade_done", lang, graded=len(report.graded), skipped=len(report.skipped),
                           errors=len(report.errors), out=out)))
    if report.isolation is not None:
        console.print(f"isolation {escape(report.isolation.summary())}")
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


def summary_table(console: Console, out: Path, exercises, lang: str = "en") -> None:
    """Per exercise: how many students passed it (what the class struggled with)."""
    try:
        book = Gradebook(out / "gradebook.sqlite")
    except GradebookError:
        return
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
    totals = sorted(total for _, total, _ in students)
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
