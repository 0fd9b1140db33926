"""``dlkata submit``: your exercises (or notebooks) as ``<student-id>.zip``, with a receipt."""

from __future__ import annotations

from pathlib import Path

import click

from ..autograder import submit as S
from ..autograder.paths import exercises_dir


@click.command("submit")
@click.option("--id", "student", default=None, help="Your student id (asked for when not given): the zip's name.")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The folder to submit (default: exercises/ here; with --notebooks, notebooks/).")
@click.option("--notebooks", "notebooks", is_flag=True, help="Submit your notebooks (.ipynb) instead of exercises/.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder to write the zip into.")
@click.option("--force", is_flag=True, help="Replace an existing <student-id>.zip.")
def submit_cmd(student, path, notebooks, out, force):
    """Write <student-id>.zip of your work with dlkata-submission.json (a receipt: versions, file hashes, time).

    Hand in that zip. An existing zip is never replaced without --force.
    """
    kind = "notebooks" if notebooks else "exercises"
    folder = path or (Path.cwd() / "notebooks" if notebooks else exercises_dir())
    if not folder.is_dir():
        raise click.UsageError(f"no {kind} folder at {folder}: run dlkata in your course folder, or give --path")
    if student is None:
        student = click.prompt("student id")
    try:
        target = S.write(student, folder, kind, out, force=force)
    except S.SubmitError as exc:
        raise click.ClickException(str(exc)) from None
    files = len(S.collect(folder, kind))
    click.echo(f"wrote {target} ({files} files from {folder}); hand in this file")
