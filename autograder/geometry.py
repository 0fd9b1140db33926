"""Keras' sliding-window geometry, written once: output sizes and 'same' padding.

Convolution and pooling share it (pooling is a window with dilation 1), for
drawing cases, for the diagnoses' NumPy variants and for walking a model spec.
Along one axis of length ``n``, a window of ``k`` taps ``d`` apart moved by
``s``:

- ``"valid"``: ``out = floor((n - d*(k-1) - 1) / s) + 1``, no padding;
- ``"same"``: ``out = ceil(n / s)``, padding ``total = max((out-1)*s + d*(k-1) + 1 - n, 0)``
  split ``total // 2`` before and the rest after (the extra row or column
  goes bottom/right, as TensorFlow's ``kernel_shape_util.cc`` does).
"""

from __future__ import annotations

import numpy as np


def pair(v) -> tuple[int, int]:
    """An int or a pair (``strides``, ``pool_size``, ``dilation_rate``) as a pair of ints."""
    return (int(v), int(v)) if isinstance(v, (int, np.integer)) else tuple(int(a) for a in v)


def axis(n: int, k: int, s: int = 1, d: int = 1, padding: str = "valid") -> tuple[int, int, int]:
    """``(out, before, after)`` along one axis, as Keras/TensorFlow compute them."""
    span = d * (k - 1) + 1
    if padding == "valid":
        return (n - span) // s + 1, 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + span - n, 0)
    return out, total // 2, total - total // 2
