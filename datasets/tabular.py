"""Small tabular data sets generated on the spot (no download), for training demos.

``two_moons`` draws two interleaving half circles with Gaussian noise, the
classic toy problem a linear model cannot separate but a small Dense network
can. The generator is seeded, so the same call always gives the same arrays,
on every machine (NumPy's ``default_rng`` / PCG64 stream is stable).
"""

from __future__ import annotations

import numpy as np


def two_moons(n: int = 300, noise: float = 0.2, seed: int = 0, dtype=np.float32):
    """Two interleaving half moons.

    Returns ``(x, y)``: ``x`` of shape (n, 2) in ``dtype``, standardised to zero
    mean and unit variance per column; ``y`` of shape (n, 1) in ``dtype``
    holding 0.0 (upper moon) or 1.0 (lower moon). The classes alternate so
    that any prefix of the data is balanced.
    """
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    angle = rng.uniform(0.0, np.pi, n)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    x = np.where(labels[:, None] == 0, upper, lower) + rng.normal(0.0, noise, (n, 2))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x.astype(dtype), labels[:, None].astype(dtype)


def train_validation_split(x, y, validation_fraction: float = 0.25):
    """``(x_train, y_train), (x_val, y_val)``: the last ``validation_fraction`` of the rows held out."""
    n_val = int(round(len(x) * validation_fraction))
    cut = len(x) - n_val
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])
