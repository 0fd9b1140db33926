"""Cases of the activations topic: both dtypes, batch 1, odd sizes, zeros and ties, huge values, rank 3."""

from __future__ import annotations

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal
from ...tolerances import input_scale


def _inputs(rng, with_dout: bool, softmax: bool = False) -> list[Case]:
    """Elementwise cases: both dtypes, batch 1, odd sizes, zeros, huge values, rank 3."""
    cases = []
    for dt in FLOAT_DTYPES:
        name = np.dtype(dt).name
        shapes = [("batch", (int(rng.integers(2, 9)), int(rng.integers(3, 12)))),
                  ("batch 1", (1, int(rng.integers(1, 8)) * 2 + 1)),
                  ("rank 3", (2, int(rng.integers(2, 5)), 5))]
        for label, shape in shapes:
            x = normal(rng, shape, dt, scale=3.0)
            cases.append((f"{name} {label}", x, ""))
        huge = np.array([[-1e4, -1000.0, -88.8, -30.0, 0.0, 30.0, 88.8, 1000.0, 1e4]], dt)
        cases.append((f"{name} huge", huge, "huge positive and negative inputs"))
        ties = np.array([[0.0, -0.0, 1.5, 1.5, -2.0]], dt)
        cases.append((f"{name} zeros and ties", ties, "exact zeros and equal entries"))
    out = []
    for label, x, note in cases:
        args = (normal(rng, x.shape, x.dtype), x) if with_dout else (x,)
        terms = x.shape[-1] if softmax else 1
        # backward passes multiply dout by a difference of O(1) terms (1 - y*y,
        # dout - sum(dout * s)): their rounding error scales with |dout|, not the result
        scale = input_scale(args[0]) if with_dout else None
        out.append(Case(label, args, terms=terms, note=note, scale=scale))
    if softmax:
        x = normal(rng, (3, 4, 5), np.float64)
        args = (normal(rng, x.shape, x.dtype), x) if with_dout else (x,)
        scale = input_scale(args[0]) if with_dout else None
        out.append(Case("float64 axis=1", args, {"axis": 1}, terms=4, note="softmax over a middle axis", scale=scale))
        out.append(Case("float64 axis=0", args, {"axis": 0}, terms=3, note="softmax over the first axis", scale=scale))
    return out


def forward(rng):
    """``relu``, ``sigmoid``, ``tanh``: ``(x,)``."""
    return _inputs(rng, with_dout=False)


def backward(rng):
    """Their gradients: ``(dout, x)``."""
    return _inputs(rng, with_dout=True)


def softmax(rng):
    """``softmax``: ``(x,)``, sums as long as the axis, and the other axes."""
    return _inputs(rng, with_dout=False, softmax=True)


def softmax_backward(rng):
    """``softmax_backward``: ``(dout, x)``."""
    return _inputs(rng, with_dout=True, softmax=True)
