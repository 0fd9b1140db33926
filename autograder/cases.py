"""Test cases: seeded inputs for one call of an exercise function.

A topic's registry module writes a generator ``cases(rng) -> list[Case]``; the
same generator serves the public cases (``check``'s seed), the instructor's
hidden cases (a secret seed) and ``validate`` (many fresh seeds), so edge cases
are written once and drawn with new numbers each time.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


@dataclass
class Case:
    """One call: ``fn(*args, **kwargs)``.

    ``terms`` is the length of the longest sum behind an output element and
    ``scale`` overrides the magnitude floor of the tolerance (default: the
    largest float input; see :mod:`autograder.tolerances`); ``accuracy`` is a
    coarser float dtype the expected output is only accurate to, where the
    oracle computes through it; ``note`` says which edge the case covers.
    """

    name: str
    args: tuple
    kwargs: dict = field(default_factory=dict)
    terms: int = 1
    note: str = ""
    scale: float | None = None
    accuracy: type | None = None

    def shapes(self) -> str:
        """Shapes and dtypes of the array arguments, for reports."""
        parts = []
        for i, a in enumerate(self.args):
            parts.append(_describe(a))
        for k, a in self.kwargs.items():
            parts.append(f"{k}={_describe(a)}")
        return ", ".join(parts)


def _describe(a) -> str:
    if isinstance(a, np.ndarray):
        return f"{a.dtype.name}{list(a.shape)}"
    if isinstance(a, (list, tuple)) and a and any(isinstance(v, (np.ndarray, list, tuple, dict)) for v in a):
        inner = ", ".join(_describe(v) for v in a[:6]) + (", ..." if len(a) > 6 else "")
        return f"({inner})" if isinstance(a, tuple) else f"[{inner}]"
    if isinstance(a, dict):
        return "{" + ", ".join(f"{k}: {_describe(v)}" for k, v in list(a.items())[:6]) + "}"
    if isinstance(a, (list, tuple)) and len(a) > 6:
        return f"{type(a).__name__}[{len(a)}]"
    return repr(a)


def rng_for(seed: int, exercise_id: str, salt: str = "") -> np.random.Generator:
    """A generator that depends on the seed and the exercise, stable across runs."""
    key = zlib.crc32(f"{exercise_id}/{salt}".encode())
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, key])


def normal(rng: np.random.Generator, shape, dtype, scale: float = 1.0) -> np.ndarray:
    """Standard-normal array of ``shape`` in ``dtype``."""
    return (rng.standard_normal(shape) * scale).astype(dtype)


def uniform(rng: np.random.Generator, shape, dtype, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """Uniform array in ``[low, high)`` of ``shape`` in ``dtype``."""
    return rng.uniform(low, high, shape).astype(dtype)


def probabilities(rng: np.random.Generator, shape, dtype, normalized: bool = True) -> np.ndarray:
    """Rows of positive numbers along the last axis, summing to 1 if ``normalized``."""
    p = rng.uniform(0.01, 1.0, shape)
    if normalized:
        p = p / p.sum(axis=-1, keepdims=True)
    return p.astype(dtype)


def one_hot(rng: np.random.Generator, batch: int, classes: int, dtype) -> np.ndarray:
    """``(batch, classes)`` one-hot rows of random classes."""
    return np.eye(classes, dtype=dtype)[rng.integers(0, classes, batch)]
