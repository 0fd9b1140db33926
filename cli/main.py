"""``dlkata``: check, list, validate and sync the course's exercises."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..autograder import registry, render, sample_class, stubs
from ..autograder.checking import DEFAULT_TIMEOUT, run
from ..autograder.messages import t
from ..autograder.sandbox import DEFAULT_LIMITS, LEVELS, IsolationUnavailable
from ..autograder.paths import EXERCISES, SOLUTIONS


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _select(selectors):
    try:
        return registry.select(list(selectors))
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlkata")
def main():
    """dlkata: build the NumPy heart of Keras, checked against TensorFlow."""


@main.command("list")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Student folder to inspect (default: exercises/ of this checkout).")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True)
def list_cmd(path, lang):
    """Topics, exercises, points, and which are still stubs."""
    _console().print(list_table(path or EXERCISES, lang))




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
                stub = stubs.is_stub(text, ex.name)
                key = {True: "list_stub", False: "list_written", None: "list_unparsable"}[stub]
                state = styles[stub].format(t(key, lang))
            table.add_row(f"  {ex.name}", str(ex.points), state, end_section=ex is tp.exercises[-1])
    return table


@main.command()
@click.argument("selectors", nargs=-1)
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding your topic modules (default: exercises/ of this checkout).")
@click.option("--solutions", "use_solutions", is_flag=True, help="Check the reference solutions instead.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the public cases.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Feedback language.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds allowed for all cases of one exercise.")
@click.option("-v", "--verbose", is_flag=True, help="Show every failing case, not just the first, and the sandbox's walls.")
@click.option("--isolation", type=click.Choice(LEVELS), default=None,
              help="auto: the bubblewrap wall where it stands (default); strict: refuse without it; fallback: never.")
def check(selectors, path, use_solutions, seed, lang, timeout, verbose, isolation):
    """Check exercises: `dlkata check [TOPIC | TOPIC.FUNCTION]...`.

    Exit status: 0 all passed, 1 some failed, 2 usage error.
    """
    if path and use_solutions:
        raise click.UsageError("give --path or --solutions, not both")
    exercises = _select(selectors)
    directory = SOLUTIONS if use_solutions else (path or EXERCISES)
    console = _console()
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
                console.print(f"\n[bold]{current}[/] — {title.get(lang, title['en'])}  [dim]({escape(str(directory))})[/]")
            render.exercise_line(console, res, lang, verbose)
            results.append(res)
    except IsolationUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    console.print()
    render.summary(console, results, lang)
    if verbose and info.get("isolation"):
        console.print(Text(f"isolation: {info['isolation'].summary()}", style="dim"))
    sys.exit(0 if all(r.passed for r in results) else 1)


def _label(path: Path) -> str:
    """How reports name a student's folder: relative to here when it is below, else its own name."""
    rel = os.path.relpath(path.resolve(), Path.cwd())
    return path.resolve().name if rel.startswith("..") else rel


@main.command()
@click.argument("selectors", nargs=-1)
@click.option("--rounds", type=int, default=3, show_default=True, help="Fresh case draws per exercise.")
@click.option("--seed", type=int, default=None, help="First seed (default: random, printed).")
def validate(selectors, rounds, seed):
    """CI: references against live TensorFlow on fresh random cases (no cache)."""
    from ..autograder.validation import validate as run_validation

    exercises = _select(selectors)
    seed = secrets.randbelow(2**31) if seed is None else seed
    console = _console()
    console.print(f"validating {len(exercises)} exercises, {rounds} rounds from seed {seed}")
    failures = run_validation(exercises, seed, rounds, console)
    sys.exit(1 if failures else 0)


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Fail (exit 1) if exercises/ differs from what solutions/ generates.")
@click.option("--force", is_flag=True, help="Replace files of exercises/ even where they were edited by hand.")
def sync(check_only, force):
    """Write exercises/ from solutions/ (stubs where the solution markers are) and the sample class.

    A file of exercises/ that is not what sync last wrote (someone's work) is
    never replaced: sync stops, names it and changes nothing, unless --force.
    """
    console = _console()
    try:
        changes = [(ch.kind, ch.path) for ch in (stubs.drift() if check_only else stubs.sync(force=force))]
    except stubs.SyncRefused as exc:
        console.print(f"[red]{exc}[/]")
        sys.exit(1)
    # the sample class is made from exercises/, so it follows the stubs
    changes += [("write", p) for p in (sample_class.drift() if check_only else sample_class.write())]
    for kind, path in changes:
        console.print(f"{'would ' if check_only else ''}{kind} {os.path.relpath(path)}")
    if check_only and changes:
        console.print("[red]exercises/ or datasets/submissions/ is out of date: run `dlkata sync`[/]")
        sys.exit(1)
    if not changes:
        console.print("exercises/ and datasets/submissions/ are up to date")


from .bench import bench_cmd  # noqa: E402 - commands register after `main` exists
from .feedback import feedback_cmd  # noqa: E402
from .export import export_group  # noqa: E402
from .grade import grade_cmd, hidden_group  # noqa: E402
from .mutants import mutants_cmd  # noqa: E402
from .show import show  # noqa: E402

main.add_command(show)
main.add_command(grade_cmd)
main.add_command(bench_cmd)
main.add_command(feedback_cmd)
main.add_command(hidden_group)
main.add_command(mutants_cmd)
main.add_command(export_group)
main.add_command(__import__("dlkata.cli.notebooks", fromlist=["notebooks"]).notebooks)
