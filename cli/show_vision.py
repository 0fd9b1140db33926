"""``dlkata show gradcam`` and ``dlkata show filters``: what the shipped convnet looks at.

Both draw with the student's own code (``exercises/``, or ``--path DIR``), run
in the sandbox and never imported here, or with the reference solutions under
``--solutions``; the drawing is :mod:`autograder.vision`'s.
"""

import click

from .show_common import out_option, source_options, fail, picture_source


@click.command("gradcam")
@out_option
@source_options
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer of the heatmap.")
@click.option("--count", type=click.IntRange(1, 32), default=8, show_default=True, help="Test images to draw.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which test images (a seeded pick).")
def gradcam(out, path, layer, count, seed, use_solutions=False):
    """Grad-CAM heatmaps of the shipped convnet over shapes test images (top predicted class), from your grad_cam.

    Draws what it can: with transfer.extract_features or visualization.grad_cam
    unfinished, the picture says which and leaves that part out (exit status 1).
    """
    from ..autograder import vision
    from ..autograder.convnet import StudentError

    directory, who = picture_source(path, use_solutions)
    try:
        target, failures = vision.gradcam(out, directory, layer=layer, count=count, seed=seed, who=who)
    except (StudentError, ValueError) as exc:
        fail(exc)
    click.echo(f"wrote {target}")
    for exc in failures:
        click.echo(f"not drawn: {exc}", err=True)
    if failures:
        raise SystemExit(1)


@click.command("filters")
@out_option
@source_options
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer whose filters to draw.")
@click.option("--steps", type=click.IntRange(0, 1000), default=30, show_default=True)
@click.option("--learning-rate", type=float, default=10.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the start image.")
def filters(out, path, layer, steps, learning_rate, seed, use_solutions=False):
    """The input pattern each filter of a layer responds to most (gradient ascent), from your filter_visualization."""
    from ..autograder import vision
    from ..autograder.convnet import StudentError

    if layer not in vision.layers():
        raise click.UsageError(f"unknown layer {layer!r}; layers are {', '.join(vision.layers())}")
    directory, who = picture_source(path, use_solutions)
    try:
        target = vision.filters(out, directory, layer=layer, steps=steps, learning_rate=learning_rate, seed=seed,
                                who=who)
    except (StudentError, ValueError) as exc:
        fail(exc)
    click.echo(f"wrote {target}")
