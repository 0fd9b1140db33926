"""``dlkata``: list and check the course's exercises; the other commands register here.

The student edition registers ``list``, ``check``, ``show`` and ``submit``;
the instructor's checkout adds its own commands (:mod:`dlkata.cli.instructor`),
whose modules the student edition does not ship.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..autograder import registry, render
from ..autograder.checking import DEFAULT_TIMEOUT, run
from ..autograder.edition import is_student
from ..autograder.messages import t
from ..autograder.paths import SOLUTIONS, exercises_dir
from ..autograder.public import PublicCasesError
from ..autograder.sandbox import DEFAULT_LIMITS, LEVELS, IsolationUnavailable
from ..autograder.written import is_stub


def console() -> Console:
    """The terminal the commands report to."""
    return Console(highlight=False, soft_wrap=True)


def select(selectors):
    """Exercises named by ``TOPIC`` / ``TOPIC.FUNCTION`` selectors; a usage error lists the valid ones."""
    try:
        return registry.select(list(selectors))
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    except PublicCasesError as exc:
        raise click.ClickException(str(exc)) from None


def student_folder(path: Path | None) -> Path:
    """``--path`` or the default exercises folder, which must exist."""
    folder = path or exercises_dir()
    if not folder.is_dir():
        raise click.UsageError(f"no exercises folder at {folder}: run dlkata in your course folder "
                               f"(the one holding exercises/), or give --path")
    return folder


def instructor_option(*decls, **attrs):
    """A ``click.option`` that only the instructor's checkout offers (the student edition keeps the default)."""
    if is_student():
        return lambda f: f
    return click.option(*decls, **attrs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlkata")
def main():
    """dlkata: build the NumPy heart of Keras, checked against TensorFlow."""


@main.command("list")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding your topic modules (default: exercises/).")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def list_cmd(path, lang):
    """Topics, exercises, points, and which are still stubs."""
    path = student_folder(path)
    try:
        table = list_table(path, lang)
    except PublicCasesError as exc:
        raise click.ClickException(str(exc)) from None
    console().print(table)


def list_table(path: Path, lang: str = "en"):
    """The table ``dlkata list`` prints: a row per topic, then its exercises, never cut at 80 columns."""
    from rich.table import Table

    table = Table(title=f"dlkata — {path}", title_justify="left")
    table.add_column(t("word_exercise", lang), no_wrap=True)
    table.add_column(t("word_points", lang), justify="right", no_wrap=True)
    table.add_column(t("list_status", lang))
    styles = {True: "[yellow]{}[/]", False: "[green]{}[/]", None: "[red]{}[/]"}
    for tp in registry.topics():
        src = path / f"{tp.name}.py"
        text = src.read_text(encoding="utf-8") if src.exists() else None
        table.add_row(f"[bold]{tp.name}[/] ({tp.title.get(lang, tp.title['en'])})", str(tp.points), "",
                      end_section=False)
        for ex in tp.exercises:
            if text is None:
                state = f"[red]{t('list_no_file', lang)}[/]"
            else:
                stub = is_stub(text, ex.name)
                key = {True: "list_stub", False: "list_written", None: "list_unparsable"}[stub]
                state = styles[stub].format(t(key, lang))
            table.add_row(f"  {ex.name}", str(ex.points), state, end_section=ex is tp.exercises[-1])
    return table


@main.command()
@click.argument("selectors", nargs=-1)
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding your topic modules (default: exercises/).")
@instructor_option("--solutions", "use_solutions", is_flag=True, help="Check the reference solutions instead.")
@instructor_option("--seed", type=int, default=0, show_default=True, help="Seed of the public cases.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Feedback language.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds allowed for all cases of one exercise.")
@click.option("-v", "--verbose", is_flag=True, help="Show every failing case, not just the first, and the sandbox's walls.")
@instructor_option("--isolation", type=click.Choice(LEVELS), default=None,
                   help="auto: the bubblewrap wall where it stands (default); strict: refuse without it; "
                        "fallback: never; plain: a plain child process with the time limit only.")
def check(selectors, path, lang, timeout, verbose, use_solutions=False, seed=0, isolation=None):
    """Check exercises: `dlkata check [TOPIC | TOPIC.FUNCTION]...`.

    Exit status: 0 all passed, 1 some failed, 2 usage error.
    """
    if path and use_solutions:
        raise click.UsageError("give --path or --solutions, not both")
    exercises = select(selectors)
    directory = SOLUTIONS if use_solutions else student_folder(path)
    out = console()
    results = []
    current = None
    info: dict = {}
    label = "solutions" if use_solutions else ("exercises" if path is None else _label(path))
    try:
        for res in run(exercises, directory, seed=seed, limits=replace(DEFAULT_LIMITS, timeout=timeout),
                       isolation=isolation, info=info, label=label):
            if res.exercise.topic != current:
                current = res.exercise.topic
                title = registry.topic(current).title
                out.print(f"\n[bold]{current}[/] — {title.get(lang, title['en'])}  [dim]({escape(str(directory))})[/]")
            render.exercise_line(out, res, lang, verbose)
            results.append(res)
    except IsolationUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    except PublicCasesError as exc:
        raise click.ClickException(str(exc)) from None
    out.print()
    render.summary(out, results, lang)
    if verbose and info.get("isolation"):
        out.print(Text(f"isolation: {info['isolation'].summary()}", style="dim"))
    sys.exit(0 if all(r.passed for r in results) else 1)


def _label(path: Path) -> str:
    """How reports name a student's folder: relative to here when it is below, else its own name."""
    rel = os.path.relpath(path.resolve(), Path.cwd())
    return path.resolve().name if rel.startswith("..") else rel


from .show import show  # noqa: E402 - commands register after `main` exists
from .submit import submit_cmd  # noqa: E402

main.add_command(show)
main.add_command(submit_cmd)
if not is_student():
    from .instructor import register  # noqa: E402

    register(main)
