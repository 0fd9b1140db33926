"""Pictures of what the shipped convnet looks at: Grad-CAM heatmaps and filter patterns (``dlkata show``).

Both are drawn with a student's folder (run in the sandbox through
:class:`autograder.convnet.Runner`, never imported here) or with the
reference solutions, on the network in ``datasets/convnet/`` and the shapes test split;
matplotlib's Agg backend writes PNG files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..datasets.shapes import load_shapes
from .convnet import Runner, StudentError, channels, layer_names, load_convnet, metadata
from .pictures import pyplot


def gradcam(out: Path, path=None, layer: str = "conv4", count: int = 8, seed: int = 0,
            who: str = "") -> tuple[Path, list[StudentError]]:
    """Grad-CAM heatmaps of the top predicted class over ``count`` test images; writes ``out/gradcam.png``.

    ``path`` is a student's folder (``None``: the references); ``who`` names it in
    the title. Draws what it can: when ``transfer.extract_features`` fails the
    titles carry no prediction, when ``visualization.grad_cam`` fails the images
    carry no heatmap. Returns the file and the failures (each names the
    unfinished exercise), empty when everything was drawn.
    """
    model = load_convnet()
    names = metadata()["class_names"]
    x, y = load_shapes("test")
    idx = np.random.default_rng(seed).choice(len(x), count, replace=False)
    images, labels = x[idx], y[idx]
    base = {"layers": model["spec"]["layers"], "weights": model["weights"]}
    failures: list[StudentError] = []
    probs = heats = None
    with Runner(path) as run:
        try:
            probs = np.asarray(run.call("transfer", "extract_features", images, base))
        except StudentError as exc:
            failures.append(exc)
        try:
            heats = [np.asarray(run.call("visualization", "grad_cam", img, model, None, layer)) for img in images]
        except StudentError as exc:
            failures.append(exc)
    plt = pyplot()
    cols = min(count, 4)
    rows = -(-count // cols)
    fig, axes = plt.subplots(2 * rows, cols, figsize=(2.3 * cols, 4.6 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, img in enumerate(images):
        r, c = 2 * (i // cols), i % cols
        axes[r, c].imshow(img)
        title = names[labels[i]]
        if probs is not None:
            pred = int(np.argmax(probs[i]))
            title += f"\npred {names[pred]} {probs[i, pred]:.2f}"
        axes[r, c].set_title(title, fontsize=8)
        axes[r + 1, c].imshow(img)
        if heats is None:
            axes[r + 1, c].set_title("no heatmap", fontsize=8)
            continue
        h, w = img.shape[:2]
        heat = np.nan_to_num(heats[i].astype(np.float64))
        axes[r + 1, c].imshow(heat, cmap="jet", alpha=np.clip(0.15 + 0.7 * heat, 0, 1), interpolation="bilinear",
                              extent=(-0.5, w - 0.5, h - 0.5, -0.5), vmin=0, vmax=1)
        axes[r + 1, c].set_title(f"Grad-CAM {layer}", fontsize=8)
    title = "Grad-CAM of the top class" + (f" ({who})" if who else "")
    for exc in failures:
        title += f"\n{exc.exercise} not drawn: " + ("not written yet" if exc.unfinished else "it failed")
    fig.suptitle(title, fontsize=10)
    return _save(plt, fig, Path(out) / "gradcam.png"), failures


def deprocess(img: np.ndarray) -> np.ndarray:
    """The Keras example's display step: standardise, scale by 0.15, centre on 0.5, clip to [0, 1]."""
    img = img - img.mean()
    img = img / (img.std() + 1e-5) * 0.15
    return np.clip(img + 0.5, 0, 1)


def layers() -> list[str]:
    """The names of the shipped convnet's layers."""
    return layer_names(load_convnet()["spec"])


def filters(out: Path, path=None, layer: str = "conv4", steps: int = 30, learning_rate: float = 10.0,
            seed: int = 0, who: str = "") -> Path:
    """The input pattern each filter of ``layer`` responds to most; writes ``out/filters_<layer>.png``.

    ``path`` is a student's folder (``None``: the references), ``who`` names it in
    the title. ``ValueError`` names the valid layers for an unknown ``layer``; a
    failing student function raises :class:`autograder.convnet.StudentError`
    (nothing to draw without it), which names the unfinished exercise.
    """
    model = load_convnet()
    spec = model["spec"]
    names = layer_names(spec)
    if layer not in names:
        raise ValueError(f"unknown layer {layer!r}; layers are {', '.join(names)}")
    n_filters = channels(spec, names.index(layer))
    with Runner(path) as run:
        patterns = [np.asarray(run.call("visualization", "filter_visualization", model, layer, f,
                                        steps=steps, learning_rate=learning_rate, seed=seed))
                    for f in range(n_filters)]
    plt = pyplot()
    cols = min(n_filters, 8)
    rows = -(-n_filters // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.4 * cols, 1.55 * rows + 0.4), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for f, pat in enumerate(patterns):
        ax = axes[f // cols, f % cols]
        ax.imshow(deprocess(pat), interpolation="nearest")
        ax.set_title(f"{layer}[{f}]", fontsize=7)
    fig.suptitle(f"Filter patterns of {layer}, {steps} steps" + (f" ({who})" if who else ""), fontsize=9)
    return _save(plt, fig, Path(out) / f"filters_{layer}.png")


def _save(plt, fig, target: Path) -> Path:
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return target
