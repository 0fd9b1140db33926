"""The instructor's commands: validate, sync, release, and those of their own modules (grade, with
``--nbgrader``; hidden, bench, notebooks, feedback, export, mutants). The student edition ships none of them."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from ..autograder import sample_class, stubs
from .main import console, select


@click.command()
@click.argument("selectors", nargs=-1)
@click.option("--rounds", type=int, default=3, show_default=True, help="Fresh case draws per exercise.")
@click.option("--seed", type=int, default=None, help="First seed (default: random, printed).")
def validate(selectors, rounds, seed):
    """CI: references against live TensorFlow on fresh random cases (no cache)."""
    from ..autograder.validation import validate as run_validation

    exercises = select(selectors)
    seed = secrets.randbelow(2**31) if seed is None else seed
    out = console()
    out.print(f"validating {len(exercises)} exercises, {rounds} rounds from seed {seed}")
    failures = run_validation(exercises, seed, rounds, out)
    sys.exit(1 if failures else 0)


@click.command()
@click.option("--check", "check_only", is_flag=True, help="Fail (exit 1) if exercises/ differs from what solutions/ generates.")
@click.option("--force", is_flag=True, help="Replace files of exercises/ even where they were edited by hand.")
def sync(check_only, force):
    """Write exercises/ from solutions/ (stubs where the solution markers are) and the sample class.

    A file of exercises/ that is not what sync last wrote (someone's work) is
    never replaced: sync stops, names it and changes nothing, unless --force.
    """
    out = console()
    try:
        changes = [(ch.kind, ch.path) for ch in (stubs.drift() if check_only else stubs.sync(force=force))]
    except stubs.SyncRefused as exc:
        out.print(f"[red]{exc}[/]")
        sys.exit(1)
    # the sample class is made from exercises/, so it follows the stubs
    changes += [("write", p) for p in (sample_class.drift() if check_only else sample_class.write())]
    for kind, path in changes:
        out.print(f"{'would ' if check_only else ''}{kind} {os.path.relpath(path)}")
    if check_only and changes:
        out.print("[red]exercises/ or datasets/submissions/ is out of date: run `dlkata sync`[/]")
        sys.exit(1)
    if not changes:
        out.print("exercises/ and datasets/submissions/ are up to date")


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--notebooks", "with_notebooks", is_flag=True,
              help="Also ship the course as Jupyter notebooks (notebooks/, and nbformat as a dependency).")
@click.option("--give", "given", multiple=True,
              help="With --notebooks: topics whose functions later notebooks get as locked cells "
                   "(repeat, or separate with commas); by default a notebook imports the student's own exercises/.")
@click.option("--lang", type=click.Choice(["ko", "en", "both"]), default="both", show_default=True,
              help="Language of the notebooks' text.")
@click.option("--force", is_flag=True, help="Write into OUT even if it is not empty (nothing outside it is touched).")
@click.option("--no-wheel", is_flag=True, help="Skip building OUT/dist/*.whl (quicker; for a look at the files).")
def release(out, with_notebooks, given, lang, force, no_wheel):
    """Write the student edition of the course to OUT: no answers, no TensorFlow.

    OUT holds a README (Korean and English), exercises/ (the stubs), the
    student package's source and pyproject.toml, and its wheel in OUT/dist/.
    Computes the public cases' expected outputs first (TensorFlow, cached).
    """
    from ..autograder import release as R

    gives = [t for item in given for t in item.split(",") if t]
    if gives and not with_notebooks:
        raise click.UsageError("--give chooses given cells of the notebooks: add --notebooks")
    out_console = console()
    try:
        made = R.write(out, notebooks=with_notebooks, give=gives, lang=lang, force=force, wheel=not no_wheel,
                       progress=lambda msg: out_console.print(f"[dim]{msg}[/]"))
    except R.ReleaseError as exc:
        raise click.ClickException(str(exc)) from None
    for line in made.summary():
        out_console.print(line)


def register(main: click.Group) -> None:
    """Add the instructor's commands to ``main``."""
    from .bench import bench_cmd
    from .export import export_group
    from .feedback import feedback_cmd
    from .grade import grade_cmd, hidden_group
    from .mutants import mutants_cmd
    from .notebooks import notebooks

    for command in (validate, sync, release, grade_cmd, hidden_group, bench_cmd, notebooks, feedback_cmd,
                    export_group, mutants_cmd):
        main.add_command(command)
