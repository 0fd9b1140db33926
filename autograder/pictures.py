"""Pictures for feedback pages: the student's output beside the reference.

Arrays become images (a 2-D slice, with the absolute error map beside them),
1-D arrays and training histories become curves. Everything is rendered with
matplotlib's Agg backend to PNG bytes, embedded in the page as data URIs.
A picture holds no words: the page says, in its own language, what each
panel is and which slice it shows, so one stored picture serves every
language (a gradebook keeps it and pages are re-rendered from it). The grader
keeps only a small :func:`thumbnail` of the few failing cases a page draws,
and draws it with :func:`picture`.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

import numpy as np


def pyplot():
    """``matplotlib.pyplot`` on the Agg backend (files only, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


#: Colours that mark non-finite elements on the grey value maps (a page's legend names them).
NONFINITE_COLOURS = {"nan": "#e41a1c", "+inf": "#ff9f1c", "-inf": "#1f78ff"}


@dataclass
class Picture:
    """A picture of a wrong output, with no words in it (a page captions it in its language).

    ``kind``: ``"image"`` (yours | expected | error, side by side) or ``"curves"``
    (expected solid, yours dashed, one panel per history key, titled by the key);
    ``part``: which part of the arrays is drawn, as an index (``"[0, :, :, 0]"``;
    ``""`` when all of it); ``nonfinite``: the NaN/inf marks that appear.
    """

    png: bytes
    kind: str
    part: str = ""
    nonfinite: list[str] = field(default_factory=list)


#: The largest side of the part of an array a picture keeps, and the most points of a curve.
THUMB_SIDE = 128
THUMB_POINTS = 1000


@dataclass
class Thumbnail:
    """What a picture of ``(got, expected)`` needs, kept small: the 2-D slices (or the history curves),
    the index of the slice (``part``) and the arrays' shape."""

    got: object
    expected: object
    part: str = ""
    shape: tuple = ()


def _plane(a: np.ndarray) -> tuple[np.ndarray, str]:
    """A representative 2-D slice (the first batch item, the first channel...), cut to THUMB_SIDE and
    sliced before copying, and the index that took it."""
    if a.ndim <= 2:
        plane, part = (a if a.ndim == 2 else a.reshape(1, -1)), ""
    else:
        index = ["0"] * a.ndim
        index[-2:] = [":", ":"]
        if a.ndim == 4:  # (batch, h, w, c): the first image's first channel
            index = ["0", ":", ":", "0"]
        plane = a[tuple(slice(None) if i == ":" else 0 for i in index)]
        part = "[" + ", ".join(index) + "]"
    return np.array(plane[:THUMB_SIDE, :THUMB_SIDE], dtype=np.float64), part


def _curve(v) -> np.ndarray:
    try:
        return np.asarray(v, dtype=np.float64).ravel()[:THUMB_POINTS].copy()
    except (TypeError, ValueError, OverflowError):
        return np.zeros(0)


def thumbnail(got, expected) -> Thumbnail | None:
    """A small copy of what :func:`picture` draws from ``(got, expected)``, or None when there is nothing to draw.

    The grader keeps this for the few failing cases a feedback page shows,
    instead of whole outputs: at most THUMB_SIDE x THUMB_SIDE numbers per array.
    """
    if isinstance(expected, dict) and isinstance(got, dict):
        keys = [k for k in expected if isinstance(expected[k], (list, np.ndarray)) and k in got][:8]
        if not keys:
            return None
        return Thumbnail({k: _curve(got[k]) for k in keys}, {k: _curve(expected[k]) for k in keys})
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return None
    if got.shape != expected.shape or expected.size < 2 or expected.dtype.kind not in "fiub" \
            or got.dtype.kind not in "fiub":
        return None
    (g, part), (e, _) = _plane(got), _plane(expected)
    return Thumbnail(g, e, part, tuple(got.shape))


def _marks(img: np.ndarray) -> np.ndarray:
    """An RGBA layer that paints NaN, +inf and -inf in their colours (transparent elsewhere)."""
    from matplotlib.colors import to_rgba

    layer = np.zeros(img.shape + (4,))
    for name, where in (("nan", np.isnan(img)), ("+inf", np.isposinf(img)), ("-inf", np.isneginf(img))):
        layer[where] = to_rgba(NONFINITE_COLOURS[name])
    return layer


def _present(*arrays: np.ndarray) -> list[str]:
    tests = {"nan": np.isnan, "+inf": np.isposinf, "-inf": np.isneginf}
    return [name for name, test in tests.items() if any(test(a).any() for a in arrays)]


def picture(thumb: Thumbnail) -> Picture:
    """A language-neutral picture of a :func:`thumbnail`.

    Arrays become three grey maps (yours, expected, ``|yours - expected|``) of
    one 2-D slice, with NaN and +-inf painted in :data:`NONFINITE_COLOURS` and a
    legend of those marks; vectors become curves; dicts of histories become one
    panel of curves per key.
    """
    plt = pyplot()
    got, expected = thumb.got, thumb.expected
    if isinstance(expected, dict):
        keys = list(expected)
        fig, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 2.6), squeeze=False)
        for ax, k in zip(axes[0], keys):
            ax.plot(expected[k], "o-")
            ax.plot(got[k], "x--")
            ax.set_title(str(k), fontsize=9)
        return Picture(_finish(fig), "curves")
    g, e, part = got, expected, thumb.part
    marks = _present(g, e)
    if e.shape[0] == 1:  # a vector: curves
        fig, ax = plt.subplots(figsize=(6, 2.4))
        ax.plot(e[0], "o-", ms=3)
        ax.plot(np.where(np.isfinite(g[0]), g[0], np.nan), "x--", ms=3)
        for name in marks:
            bad = {"nan": np.isnan, "+inf": np.isposinf, "-inf": np.isneginf}[name](g[0])
            ax.plot(np.flatnonzero(bad), np.zeros(int(bad.sum())), "s", color=NONFINITE_COLOURS[name], label=name)
        if marks:
            ax.legend(fontsize=7)
        return Picture(_finish(fig), "curves", part, marks)
    with np.errstate(invalid="ignore"):
        err = np.abs(g - e)
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 2.8))
    finite = np.concatenate([g[np.isfinite(g)], e[np.isfinite(e)]])
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    for ax, img, kw in ((axes[0], g, {"vmin": lo, "vmax": hi}), (axes[1], e, {"vmin": lo, "vmax": hi}),
                        (axes[2], err, {})):
        im = ax.imshow(np.where(np.isfinite(img), img, np.nan), cmap="gray", interpolation="nearest", **kw)
        ax.imshow(_marks(img), interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(im, ax=ax, fraction=0.046)
    if marks:
        from matplotlib.patches import Patch

        fig.legend(handles=[Patch(color=NONFINITE_COLOURS[m], label=m) for m in marks], loc="lower center",
                   ncol=len(marks), fontsize=8, frameon=False)
    return Picture(_finish(fig, 0.12 if marks else 0.0), "image", part, marks)


def _finish(fig, bottom: float = 0.0) -> bytes:
    """The figure as PNG bytes (``bottom``: the share of the height kept free for a legend below)."""
    plt = pyplot()
    fig.tight_layout(rect=(0, bottom, 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
