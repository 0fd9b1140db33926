"""``dlkata export``: what Gradescope, PrairieLearn and GitHub Classroom need to grade with dlkata."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from ..autograder import hidden as hidden_cases
from ..autograder import registry
from ..autograder.platforms.settings import VISIBILITIES


@click.group("export")
def export_group():
    """Grade a large class on a course platform: Gradescope, PrairieLearn, GitHub Classroom."""


def _selected(topics: str):
    try:
        return registry.select([t.strip() for t in topics.split(",") if t.strip()])
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None


def _check_hidden(hidden_file):
    if hidden_file is not None:
        try:
            hidden_cases.load(hidden_file)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; pass --force to replace it")


def grading_options(command):
    """The options every grader bundle takes (as `dlkata grade` names them)."""
    for option in reversed([
        click.option("--topics", default="", help="Comma-separated topics or TOPIC.FUNCTION (default: all)."),
        click.option("--hidden", "hidden_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Instructor's hidden-case file (`dlkata hidden new`), copied into the bundle."),
        click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
                     help="Feedback language."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                     help="Wall-clock seconds for all cases of one exercise."),
        click.option("--memory", type=click.IntRange(min=256), default=2048, show_default=True,
                     help="Address-space cap of a submission's process, in MB."),
        click.option("--force", is_flag=True, help="Replace OUT if it exists."),
    ]):
        command = option(command)
    return command


def _building(what: str):
    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            click.echo(f"building the wheel of this checkout for {what} ...")
            try:
                return fn(*args, **kwargs)
            except RuntimeError as exc:
                raise click.ClickException(str(exc)) from None
        return run
    return wrap


@export_group.command("gradescope")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@grading_options
@click.option("--public-visibility", type=click.Choice(VISIBILITIES), default="visible", show_default=True,
              help="When students see each exercise's test (its points and its public cases' feedback).")
@click.option("--hidden-visibility", type=click.Choice(VISIBILITIES), default="hidden", show_default=True,
              help="When students see the tests holding the hidden cases' reports (hidden: instructors only).")
@_building("Gradescope")
def gradescope_cmd(out, topics, hidden_file, lang, timeout, memory, force, public_visibility, hidden_visibility):
    """Write OUT.zip, a Gradescope autograder: upload it as the assignment's autograder."""
    from ..autograder.platforms import gradescope

    exercises = _selected(topics)
    _check_hidden(hidden_file)
    _refuse_existing(out, force)
    gradescope.export(out, exercises, hidden_file, lang, public_visibility, hidden_visibility, timeout, memory)
    points = sum(e.points for e in exercises)
    click.echo(f"wrote {out}: {len(exercises)} exercises, {points} points"
               + (", hidden cases" if hidden_file else "") + ". Upload it on the assignment's Configure Autograder page.")


@export_group.command("prairielearn")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@grading_options
@click.option("--image", default="", help="The public image name you will push the grader as "
              "(default: YOUR-DOCKER-ACCOUNT/dlkata-grader:VERSION).")
@_building("PrairieLearn")
def prairielearn_cmd(out, topics, hidden_file, lang, timeout, memory, force, image):
    """Write OUT/: the PrairieLearn grader image (OUT/image/) and course files (OUT/serverFilesCourse/)."""
    from ..autograder.platforms import prairielearn
    from ..autograder.platforms.settings import installed_version

    exercises = _selected(topics)
    _check_hidden(hidden_file)
    _refuse_existing(out, force)
    image = image or f"YOUR-DOCKER-ACCOUNT/dlkata-grader:{installed_version()}"
    prairielearn.export(out, exercises, image, hidden_file, lang, timeout, memory)
    click.echo(f"wrote {out}/: build and push {out}/image/ as {image} (public: it holds no answers), copy "
               f"{out}/serverFilesCourse/dlkata/ into the course's serverFilesCourse/ (private), and set "
               f"each question's info.json from {out}/externalGradingOptions.json")


@export_group.command("classroom")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--topics", default="", help="Comma-separated topics (default: all); each is one graded step.")
@click.option("--install", default="python -m pip install -e .", show_default=True,
              help="The command that installs the student repository.")
@click.option("--force", is_flag=True, help="Replace an existing workflow.")
def classroom_cmd(out, topics, install, force):
    """Write OUT/.github/workflows/classroom.yml for a student repository (GitHub Classroom autograding)."""
    from ..autograder.platforms import classroom

    names = [t.strip() for t in topics.split(",") if t.strip()]
    if any("." in n for n in names):
        raise click.UsageError("GitHub Classroom grades whole topics: give topic names, not TOPIC.FUNCTION")
    try:
        chosen = [registry.topic(n) for n in names] if names else list(registry.topics())
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    try:
        path = classroom.export(out, chosen, force, install)
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {path}: {len(chosen)} topics, {sum(tp.points for tp in chosen)} points")
