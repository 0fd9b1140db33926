"""``dlkata show gradcam`` and ``dlkata show filters``: what the shipped convnet looks at.

Both draw with a student's folder (run in the sandbox, never imported here;
``--path DIR``, by default ``exercises/`` in the student edition) or, in the
instructor's checkout, by default with the reference solutions, on the
network in ``datasets/convnet/`` and the shapes test split.
"""

from pathlib import Path

import click
import numpy as np

from ..autograder.edition import is_student
from .main import student_folder

_PATH_HELP = ("Folder holding your topic modules (default: exercises/)." if is_student()
              else "Student folder to draw with (default: the reference solutions).")


def _folder(path):
    """The folder to draw with: ``--path``; the student's exercises/, or None (the references) by default."""
    return student_folder(path) if path is not None or is_student() else None


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _fail(exc):
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(1)


@click.command("gradcam")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("pictures"),
              show_default=True, help="Folder to write gradcam.png into.")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help=_PATH_HELP)
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer of the heatmap.")
@click.option("--count", type=click.IntRange(1, 32), default=8, show_default=True, help="Test images to draw.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which test images (a seeded pick).")
def gradcam(out, path, layer, count, seed):
    """Grad-CAM heatmaps of the shipped convnet over shapes test images (top predicted class)."""
    from ..autograder.convnet import Runner, StudentError, load_convnet, metadata
    from ..datasets.shapes import load_shapes

    path = _folder(path)
    model = load_convnet()
    names = metadata()["class_names"]
    x, y = load_shapes("test")
    idx = np.random.default_rng(seed).choice(len(x), count, replace=False)
    images, labels = x[idx], y[idx]
    base = {"layers": model["spec"]["layers"], "weights": model["weights"]}
    try:
        with Runner(path) as run:
            probs = np.asarray(run.call("transfer", "extract_features", images, base))
            heats = [np.asarray(run.call("visualization", "grad_cam", img, model, None, layer)) for img in images]
    except (StudentError, ValueError) as exc:
        _fail(exc)
    plt = _plt()
    cols = min(count, 4)
    rows = -(-count // cols)
    fig, axes = plt.subplots(2 * rows, cols, figsize=(2.3 * cols, 4.6 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, (img, heat) in enumerate(zip(images, heats)):
        r, c = 2 * (i // cols), i % cols
        pred = int(np.argmax(probs[i]))
        axes[r, c].imshow(img)
        axes[r, c].set_title(f"{names[labels[i]]}\npred {names[pred]} {probs[i, pred]:.2f}", fontsize=8)
        axes[r + 1, c].imshow(img)
        h, w = img.shape[:2]
        heat = np.nan_to_num(heat.astype(np.float64))
        axes[r + 1, c].imshow(heat, cmap="jet", alpha=np.clip(0.15 + 0.7 * heat, 0, 1), interpolation="bilinear",
                              extent=(-0.5, w - 0.5, h - 0.5, -0.5), vmin=0, vmax=1)
        axes[r + 1, c].set_title(f"Grad-CAM {layer}", fontsize=8)
    fig.suptitle("Grad-CAM of the top class" + (f" ({path})" if path else " (reference)"), fontsize=10)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    target = out / "gradcam.png"
    fig.savefig(target, dpi=110)
    plt.close(fig)
    click.echo(f"wrote {target}")


def _deprocess(img):
    """The Keras example's display step: standardise, scale by 0.15, centre on 0.5, clip to [0, 1]."""
    img = img - img.mean()
    img = img / (img.std() + 1e-5) * 0.15
    return np.clip(img + 0.5, 0, 1)


@click.command("filters")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("pictures"),
              show_default=True, help="Folder to write filters_<layer>.png into.")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help=_PATH_HELP)
@click.option("--layer", default="conv4", show_default=True, help="Conv or pooling layer whose filters to draw.")
@click.option("--steps", type=click.IntRange(0, 1000), default=30, show_default=True)
@click.option("--learning-rate", type=float, default=10.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the start image.")
def filters(out, path, layer, steps, learning_rate, seed):
    """The input pattern each filter of a layer responds to most (gradient ascent)."""
    from ..autograder.convnet import Runner, StudentError, channels, layer_names, load_convnet

    path = _folder(path)
    model = load_convnet()
    spec = model["spec"]
    names = layer_names(spec)
    if layer not in names:
        raise click.UsageError(f"unknown layer {layer!r}; layers are {', '.join(names)}")
    n_filters = channels(spec, names.index(layer))
    try:
        with Runner(path) as run:
            patterns = [np.asarray(run.call("visualization", "filter_visualization", model, layer, f,
                                            steps=steps, learning_rate=learning_rate, seed=seed))
                        for f in range(n_filters)]
    except (StudentError, ValueError) as exc:
        _fail(exc)
    plt = _plt()
    cols = min(n_filters, 8)
    rows = -(-n_filters // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.4 * cols, 1.55 * rows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for f, pat in enumerate(patterns):
        ax = axes[f // cols, f % cols]
        ax.imshow(_deprocess(pat), interpolation="nearest")
        ax.set_title(f"{layer}[{f}]", fontsize=7)
    fig.suptitle(f"Filter patterns of {layer}, {steps} steps" + (f" ({path})" if path else " (reference)"),
                 fontsize=9)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"filters_{layer}.png"
    fig.savefig(target, dpi=110)
    plt.close(fig)
    click.echo(f"wrote {target}")
