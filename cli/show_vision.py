"""``dlkata show gradcam`` and ``dlkata show filters``: what the shipped convnet looks at.

Both draw with a student's folder (run in the sandbox, never imported here;
``--path DIR``, by default ``exercises/`` in the student edition) or, in the
instructor's checkout, by default with the reference solutions; the drawing
is :mod:`autograder.vision`'s.
"""

from pathlib import Path

import click

from ..autograder.edition import is_student
from .main import student_folder


def _folder(path):
    """The folder to draw with: ``--path``; by default the student's exercises/, or None (the references)."""
    return student_folder(path) if path is not None or is_student() else None


def _fail(exc):
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(1)


_OUT = click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("pictures"),
                    show_default=True, help="Folder to write the PNG into.")
_PATH = click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                     help="Folder holding your topic modules (default: exercises/)." if is_student()
                     else "Student folder to draw with (default: the reference solutions).")


@click.command("gradcam")
@_OUT
@_PATH
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer of the heatmap.")
@click.option("--count", type=click.IntRange(1, 32), default=8, show_default=True, help="Test images to draw.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which test images (a seeded pick).")
def gradcam(out, path, layer, count, seed):
    """Grad-CAM heatmaps of the shipped convnet over shapes test images (top predicted class)."""
    from ..autograder import vision
    from ..autograder.convnet import StudentError

    try:
        target = vision.gradcam(out, _folder(path), layer=layer, count=count, seed=seed)
    except (StudentError, ValueError) as exc:
        _fail(exc)
    click.echo(f"wrote {target}")


@click.command("filters")
@_OUT
@_PATH
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer whose filters to draw.")
@click.option("--steps", type=click.IntRange(0, 1000), default=30, show_default=True)
@click.option("--learning-rate", type=float, default=10.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the start image.")
def filters(out, path, layer, steps, learning_rate, seed):
    """The input pattern each filter of a layer responds to most (gradient ascent)."""
    from ..autograder import vision
    from ..autograder.convnet import StudentError

    if layer not in vision.layers():
        raise click.UsageError(f"unknown layer {layer!r}; layers are {', '.join(vision.layers())}")
    try:
        target = vision.filters(out, _folder(path), layer=layer, steps=steps, learning_rate=learning_rate,
                                seed=seed)
    except (StudentError, ValueError) as exc:
        _fail(exc)
    click.echo(f"wrote {target}")
