"""``dlkata show curves``: your ``fit`` beside Keras' on the two-moons data."""

import click

from ..autograder.paths import SOLUTIONS
from .show_common import out_option, picture_source, source_options


@click.command("curves")
@out_option
@source_options
@click.option("--epochs", type=click.IntRange(1, 500), default=40, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 10000), default=32, show_default=True)
@click.option("--optimizer", type=click.Choice(["sgd", "rmsprop", "adam"]), default="adam", show_default=True)
@click.option("--learning-rate", type=float, default=0.01, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the data and the initial weights.")
def curves(out, path, epochs, batch_size, optimizer, learning_rate, seed, use_solutions=False):
    """Train a small Dense net with your training.fit and with Keras; plot both into OUT/curves.png.

    Exit status: 0 when your curves were drawn, 1 when your fit failed (the
    picture then shows Keras' curves alone and says why).
    """
    from ..autograder import curves as C

    directory, who = picture_source(path, use_solutions)
    try:
        run = C.train_both(directory or SOLUTIONS, epochs=epochs, batch_size=batch_size, seed=seed,
                           optimizer={"name": optimizer, "learning_rate": learning_rate})
    except C.CurvesNotShipped:
        shipped = ", ".join(s["optimizer"]["name"] for s in C.SHIPPED_SETTINGS)
        raise click.UsageError(
            "Keras' curves for these settings are not shipped with the course (there is no TensorFlow here). "
            f"Shipped: --optimizer {shipped}, each with the default epochs, batch size, learning rate and seed.") \
            from None
    target = C.plot(run, out / "curves.png", who)
    click.echo(f"wrote {target}")
    if run.student_error:
        click.echo(f"your fit failed: {run.student_error}", err=True)
        raise SystemExit(1)
    for key, diff in sorted(run.max_differences().items()):
        click.echo(f"  {key:14s} largest |yours - Keras| = {diff:.3g}")
