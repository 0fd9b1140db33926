"""Pictures for feedback pages: the student's output beside the reference.

Arrays become images (a 2-D slice, with the absolute error map beside them),
1-D arrays and training histories become curves. Everything is rendered with
matplotlib's Agg backend to PNG bytes, embedded in the page as data URIs.
"""

from __future__ import annotations

import base64
import io

import numpy as np


def pyplot():
    """``matplotlib.pyplot`` on the Agg backend (files only, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _slice2d(a: np.ndarray) -> np.ndarray:
    """A representative 2-D slice of an array (first batch item, first channel...)."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 4:  # (batch, h, w, c): the first image's first channel
        return a[0, :, :, 0]
    while a.ndim > 2:
        a = a[0]
    return a if a.ndim == 2 else a.reshape(1, -1)


def comparison_png(got, expected, title: str = "") -> bytes | None:
    """PNG of got | expected | |got - expected| (or curves for histories); None if nothing to draw."""
    plt = pyplot()
    if isinstance(expected, dict) and isinstance(got, dict):
        keys = [k for k in expected if isinstance(expected[k], (list, np.ndarray)) and k in got]
        if not keys:
            return None
        fig, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 2.6), squeeze=False)
        for ax, k in zip(axes[0], keys):
            ax.plot(np.asarray(expected[k], float), "o-", label="Keras")
            try:
                ax.plot(np.asarray(got[k], float), "x--", label="yours")
            except (TypeError, ValueError):
                pass
            ax.set_title(k, fontsize=9)
            ax.legend(fontsize=7)
        return _finish(fig, title)
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return None
    if got.shape != expected.shape or expected.size < 2 or expected.dtype.kind not in "fiub":
        return None
    g, e = _slice2d(got), _slice2d(expected)
    if e.shape[0] == 1:  # a vector: curves
        fig, ax = plt.subplots(figsize=(6, 2.4))
        ax.plot(e[0], "o-", ms=3, label="expected")
        ax.plot(g[0], "x--", ms=3, label="yours")
        ax.legend(fontsize=7)
        return _finish(fig, title)
    err = np.abs(g - e)
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 2.8))
    finite = np.concatenate([g[np.isfinite(g)], e[np.isfinite(e)]])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    for ax, img, name, kw in ((axes[0], g, "yours", {"vmin": lo, "vmax": hi}),
                              (axes[1], e, "expected", {"vmin": lo, "vmax": hi}),
                              (axes[2], err, "|error|", {"cmap": "magma"})):
        im = ax.imshow(img, interpolation="nearest", **kw)
        ax.set_title(name, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(im, ax=ax, fraction=0.046)
    return _finish(fig, title)


def _finish(fig, title: str) -> bytes:
    plt = pyplot()
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
