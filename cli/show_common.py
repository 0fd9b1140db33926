"""What every ``dlkata show`` command shares: ``--out`` (a folder), and whose code draws.

``--out`` is always a folder; each command writes its fixed file names into it
(``curves.png``, ``gradcam.png``, ``filters_<layer>.png``). The code drawn is
the student's (``exercises/`` or ``--path``) unless ``--solutions`` asks for the
references (the instructor's checkout only); only then does a picture say "(reference)".
"""

from pathlib import Path

import click

from .main import instructor_option, student_folder

#: The default folder pictures are written into.
PICTURES = Path("pictures")


def out_option(f):
    """The ``--out`` option of the picture commands."""
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=PICTURES,
                        show_default=True, help="Folder to write the PNG into (its file name is fixed).")(f)


def source_options(f):
    """The ``--path`` and ``--solutions`` options of the picture commands."""
    f = instructor_option("--solutions", "use_solutions", is_flag=True,
                          help="Draw with the reference solutions instead of your code.")(f)
    return click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                        help="Folder holding your topic modules (default: exercises/).")(f)


def picture_source(path, use_solutions: bool) -> tuple[Path | None, str]:
    """``(folder to run, or None for the references; how the picture names it)``."""
    if path and use_solutions:
        raise click.UsageError("give --path or --solutions, not both")
    if use_solutions:
        return None, "reference"
    directory = student_folder(path)
    return directory, f"your code: {directory.name}"


def fail(exc):
    """Print ``exc`` on stderr and exit with status 1."""
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(1)
