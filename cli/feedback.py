"""``dlkata feedback OUT --lang ko``: the pages of a grading folder again, in another language, without grading."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("feedback")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the pages and results.")
def feedback_cmd(out, lang):
    """Write OUT's feedback pages, Gradescope results, grades.csv and class page again, from its gradebook.

    OUT is the --out folder of a `dlkata grade` run. Nothing is graded again:
    the verdicts and pictures the gradebook holds are worded in --lang.
    """
    from ..autograder.exports import rerender
    from ..autograder.gradebook import GradebookError

    try:
        students = rerender(out, lang)
    except (FileNotFoundError, GradebookError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {out}/feedback/ ({len(students)} pages), {out}/results/, {out}/grades.csv and "
               f"{out}/index.html in {lang}")
