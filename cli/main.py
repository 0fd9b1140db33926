"""``dlkata``: check, list, validate and sync the course's exercises."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from rich.console import Console

from ..autograder import registry, render, sample_class, stubs
from ..autograder.checking import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, run
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
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en")
def list_cmd(path, lang):
    """Topics, exercises, points, and which are still stubs."""
    from rich.table import Table

    path = path or EXERCISES
    table = Table(title=f"dlkata — {path}")
    for col in ("topic", "exercise", "points", "status"):
        table.add_column(col)
    for tp in registry.topics():
        src = path / f"{tp.name}.py"
        text = src.read_text(encoding="utf-8") if src.exists() else None
        for ex in tp.exercises:
            state = "missing file" if text is None else {
                True: "[yellow]stub[/]", False: "[green]written[/]", None: "[red]missing/unparsable[/]"
            }[stubs.is_stub(text, ex.name)]
            table.add_row(f"{tp.name} ({tp.title[lang]})", ex.name, str(ex.points), state)
    _console().print(table)


@main.command()
@click.argument("selectors", nargs=-1)
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding your topic modules (default: exercises/ of this checkout).")
@click.option("--solutions", "use_solutions", is_flag=True, help="Check the reference solutions instead.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the public cases.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Feedback language.")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds allowed for all cases of one exercise.")
@click.option("-v", "--verbose", is_flag=True, help="Show every failing case, not just the first.")
def check(selectors, path, use_solutions, seed, lang, timeout, verbose):
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
    for res in run(exercises, directory, seed=seed, lang=lang, timeout=timeout, memory_mb=DEFAULT_MEMORY_MB):
        if res.exercise.topic != current:
            current = res.exercise.topic
            title = registry.topic(current).title
            console.print(f"\n[bold]{current}[/] — {title.get(lang, title['en'])}  [dim]({directory})[/]")
        render.exercise_line(console, res, lang, verbose)
        results.append(res)
    console.print()
    render.summary(console, results, lang)
    sys.exit(0 if all(r.passed for r in results) else 1)


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
from .export import export_group  # noqa: E402
from .grade import grade_cmd, hidden_group  # noqa: E402
from .show import show  # noqa: E402

main.add_command(show)
main.add_command(grade_cmd)
main.add_command(bench_cmd)
main.add_command(hidden_group)
main.add_command(export_group)
main.add_command(__import__("dlkata.cli.notebooks", fromlist=["notebooks"]).notebooks)
