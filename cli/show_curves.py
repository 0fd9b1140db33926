"""``dlkata show curves``: your ``fit`` beside Keras' on the two-moons data."""

from pathlib import Path

import click

from ..autograder.paths import SOLUTIONS
from .main import instructor_option, student_folder


@click.command("curves")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("curves.png"),
              show_default=True, help="PNG file to write.")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding your topic modules (default: exercises/).")
@instructor_option("--solutions", "use_solutions", is_flag=True, help="Train with the reference solutions instead.")
@click.option("--epochs", type=click.IntRange(1, 500), default=40, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 10000), default=32, show_default=True)
@click.option("--optimizer", type=click.Choice(["sgd", "rmsprop", "adam"]), default="adam", show_default=True)
@click.option("--learning-rate", type=float, default=0.01, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the data and the initial weights.")
def curves(out, path, epochs, batch_size, optimizer, learning_rate, seed, use_solutions=False):
    """Train a small Dense net with your training.fit and with Keras; plot both.

    Exit status: 0 when your curves were drawn, 1 when your fit failed.
    """
    from ..autograder import curves as C

    if path and use_solutions:
        raise click.UsageError("give --path or --solutions, not both")
    directory = SOLUTIONS if use_solutions else student_folder(path)
    try:
        run = C.train_both(directory, epochs=epochs, batch_size=batch_size, seed=seed,
                           optimizer={"name": optimizer, "learning_rate": learning_rate})
    except C.CurvesNotShipped:
        shipped = ", ".join(s["optimizer"]["name"] for s in C.SHIPPED_SETTINGS)
        raise click.UsageError(
            "Keras' curves for these settings are not shipped with the course (there is no TensorFlow here). "
            f"Shipped: --optimizer {shipped}, each with the default epochs, batch size, learning rate and seed.") \
            from None
    C.plot(run, out)
    click.echo(f"wrote {out}")
    if run.student_error:
        click.echo(f"your fit failed: {run.student_error}", err=True)
        raise SystemExit(1)
    for key, diff in sorted(run.max_differences().items()):
        click.echo(f"  {key:14s} largest |yours - Keras| = {diff:.3g}")
