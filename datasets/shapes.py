"""Shapes: a small, deterministic image dataset drawn with NumPy alone.

Each image is 32x32 RGB (float32 in [0, 1], channels_last) holding one shape
-- a circle, a square, a triangle or a cross -- of random size, position and
colour, on a textured, noisy background (a smooth random colour field plus
stripes plus pixel noise). The label is the shape's class. Because the shape
sits anywhere on a busy background, a network must find it to classify the
image, so a Grad-CAM heatmap of the shipped network lands on the shape.

The images are made from fixed seeds with ``np.random.default_rng``: the same
NumPy release, or any release with the same PCG64 stream (all of NumPy >= 1.17),
gives the same arrays. Nothing is downloaded and nothing is stored on disk.

    >>> x, y = load_shapes("train")      # (3000, 32, 32, 3) float32, (3000,) int64
    >>> CLASS_NAMES[y[0]]
"""

from __future__ import annotations

import numpy as np

#: Class index -> name.
CLASS_NAMES = ("circle", "square", "triangle", "cross")
#: Image side in pixels.
SIZE = 32
#: Images per split.
SPLITS = {"train": 3000, "test": 1000}
_SEEDS = {"train": 20240901, "test": 20240902}


def _smooth_field(rng, size, cells):
    """A smooth random field in [0, 1): bilinear upsampling of a (cells+1)^2 random grid."""
    grid = rng.random((cells + 1, cells + 1))
    t = np.linspace(0, cells, size, endpoint=False) + 0.5 * cells / size
    i = np.minimum(t.astype(int), cells - 1)
    f = t - i
    rows = grid[i] * (1 - f)[:, None] + grid[i + 1] * f[:, None]          # (size, cells+1)
    return rows[:, i] * (1 - f)[None, :] + rows[:, i + 1] * f[None, :]     # (size, size)


def _mask(kind, yy, xx, cy, cx, r, angle):
    """Boolean mask of one shape centred at (cy, cx) with half-size r, rotated by ``angle``."""
    dy, dx = yy - cy, xx - cx
    c, s = np.cos(angle), np.sin(angle)
    u, v = c * dx + s * dy, -s * dx + c * dy  # rotated coordinates
    if kind == "circle":
        return dx * dx + dy * dy <= r * r
    if kind == "square":
        h = 0.8 * r
        return (np.abs(u) <= h) & (np.abs(v) <= h)
    if kind == "triangle":
        # equilateral, circumradius r, apex up (-y) before rotation: a point is inside when
        # its projection on each edge's outward normal (opposite a vertex) is <= the inradius r/2
        inside = np.ones_like(dx, dtype=bool)
        for k in range(3):
            vertex = angle - np.pi / 2 + 2 * np.pi * k / 3
            inside &= -(dx * np.cos(vertex) + dy * np.sin(vertex)) <= r / 2
        return inside
    if kind == "cross":
        w = max(r / 3.0, 1.0)
        return ((np.abs(u) <= w) & (np.abs(v) <= r)) | ((np.abs(v) <= w) & (np.abs(u) <= r))
    raise ValueError(f"unknown shape {kind!r}; shapes are {CLASS_NAMES}")


def _background(rng):
    """A textured background: smooth colour field + faint stripes + pixel noise."""
    base = rng.uniform(0.15, 0.85, 3)
    field = np.stack([_smooth_field(rng, SIZE, int(rng.integers(2, 5))) for _ in range(3)], axis=-1)
    img = base + 0.35 * (field - 0.5)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    theta, period = rng.uniform(0, np.pi), rng.uniform(3.0, 8.0)
    stripes = np.sin(2 * np.pi * (np.cos(theta) * xx + np.sin(theta) * yy) / period + rng.uniform(0, 2 * np.pi))
    img = img + rng.uniform(0.02, 0.08) * stripes[..., None]
    return img, base


def _shape_colour(rng, base):
    """A colour far enough from the background's mean colour to be seen."""
    for _ in range(100):
        col = rng.uniform(0, 1, 3)
        if np.abs(col - base).sum() > 0.7:
            return col
    return 1.0 - base


def make_image(rng, label, with_mask=False):
    """One (32, 32, 3) float64 image of class ``label`` drawn with ``rng`` (and the shape's mask)."""
    img, base = _background(rng)
    r = rng.uniform(5.0, 10.0)
    cy, cx = rng.uniform(r, SIZE - 1 - r, 2)
    angle = rng.uniform(-0.35, 0.35) if CLASS_NAMES[label] != "circle" else 0.0
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    mask = _mask(CLASS_NAMES[label], yy, xx, cy, cx, r, angle)
    col = _shape_colour(rng, base) + rng.normal(0, 0.04, (SIZE, SIZE, 3))
    img = np.where(mask[..., None], col, img)
    img = np.clip(img + rng.normal(0, 0.04, img.shape), 0.0, 1.0)
    return (img, mask) if with_mask else img


def generate(n, seed, masks=False):
    """``n`` images and labels from ``seed``: ``(n, 32, 32, 3)`` float32, ``(n,)`` int64.

    Classes are balanced and shuffled. With ``masks=True`` also the ``(n, 32, 32)``
    bool masks of the shapes (the same images either way).
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n, dtype=np.int64) % len(CLASS_NAMES)
    rng.shuffle(labels)
    images = np.empty((n, SIZE, SIZE, 3), np.float32)
    shape_masks = np.empty((n, SIZE, SIZE), bool)
    for i, lab in enumerate(labels):
        images[i], shape_masks[i] = make_image(rng, int(lab), with_mask=True)
    return (images, labels, shape_masks) if masks else (images, labels)


def load_shapes(split="train", masks=False):
    """The ``split`` ("train": 3000 images, "test": 1000) as ``(images, labels)``.

    images: (n, 32, 32, 3) float32 in [0, 1].  labels: (n,) int64 in 0..3, names in
    :data:`CLASS_NAMES`. With ``masks=True``, ``(images, labels, masks)``: masks (n, 32, 32)
    bool, where the shape is. Deterministic: every call returns the same arrays.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(repr(s) for s in SPLITS)}, got {split!r}")
    return generate(SPLITS[split], _SEEDS[split], masks=masks)
