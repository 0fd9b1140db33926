"""``dlkata notebooks``: write the course as nbgrader source notebooks."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("notebooks")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ko", "en", "both"]), default="both", show_default=True,
              help="Language of the theory and instructions (test feedback is Korean only for ko).")
@click.option("--topics", "topics", multiple=True,
              help="Only these topics (repeat, or separate with commas); default: every registered topic.")
@click.option("--give", "given", multiple=True,
              help="Topics whose reference later notebooks import (repeat, or separate with commas); the others "
                   "come from the student's own exercises/.")
@click.option("--warm", is_flag=True, help="Also compute the public cases' oracle outputs now (imports TensorFlow).")
def notebooks(out, lang, topics, given, warm):
    """Write OUT/nbgrader_config.py and OUT/source/<topic>/<topic>.ipynb for nbgrader.

    Then, in OUT: `nbgrader generate_assignment <topic>` and, with the
    students' notebooks in submitted/<student>/<topic>/, `nbgrader autograde <topic>`.
    """
    from ..autograder import notebooks as nb
    from ..autograder import registry

    names = [t for item in topics for t in item.split(",") if t]
    try:
        chosen = [registry.topic(t) for t in names] if names else list(registry.topics())
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    gives = [t for item in given for t in item.split(",") if t]
    try:
        for t in gives:
            registry.topic(t)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    click.echo("earlier topics come from the students' own exercises/"
               + (f"; given (the reference, imported): {', '.join(gives)}" if gives else "; none is given"))
    for path in nb.write(out, lang, [tp.name for tp in chosen], gives):
        click.echo(f"wrote {path}")
    click.echo(f"wrote {Path(out) / 'nbgrader_config.py'}")
    if warm:
        count = nb.warm(chosen)
        click.echo(f"oracle outputs of the {count} public cases are cached")
