"""Candidate mistakes of the pooling topic, in NumPy: average pooling that counts the padding, max-pool
gradients sent to every tied maximum, and answers wrong only where a window meets the padding."""

from __future__ import annotations

import numpy as np

from ...diagnose import Mistake, candidate
from .windows import options, out_shape, windows


def _full_windows(x_shape, kw):
    """Per output position: does its window lie wholly inside the input (no padding)?"""
    pool, _, _ = options(kw)
    full = np.zeros(out_shape(x_shape, kw)[1:3], bool)
    for i, j, rs, cs in windows(x_shape, kw):
        full[i, j] = (rs.stop - rs.start, cs.stop - cs.start) == pool
    return full


def avg_counting_padding(x, kw, dout=None):
    """Average pooling (or its gradient) dividing every window by pool_h*pool_w, padding counted."""
    pool, _, _ = options(kw)
    area = pool[0] * pool[1]
    if dout is None:
        y = np.zeros(out_shape(x.shape, kw))
        for i, j, rs, cs in windows(x.shape, kw):
            y[:, i, j] = x[:, rs, cs].astype(np.float64).sum(axis=(1, 2)) / area
        return y
    dx = np.zeros(x.shape)
    for i, j, rs, cs in windows(x.shape, kw):
        dx[:, rs, cs] += dout[:, i, j][:, None, None, :] / area
    return dx


def _tie_positions(x, kw):
    """Inputs equal to the maximum of a window whose maximum is not unique."""
    ties = np.zeros(x.shape, bool)
    for _, _, rs, cs in windows(x.shape, kw):
        win = x[:, rs, cs]
        at_max = win == win.max(axis=(1, 2), keepdims=True)
        several = at_max.sum(axis=(1, 2), keepdims=True) > 1
        ties[:, rs, cs] |= at_max & several
    return ties


def pool(kind, backward):
    """The candidate mistakes of one pooling exercise (``kind`` max, average or min; forward or backward)."""
    def mistakes(case, expected):
        x = case.args[1] if backward else case.args[0]
        kw = case.kwargs
        padding = options(kw)[2]
        found = []
        if kind == "average" and padding == "same":
            variant = avg_counting_padding(x, kw, case.args[0] if backward else None)
            found += candidate("diag_pool_padding", variant.astype(x.dtype), expected, case.terms)
        ties = _tie_positions(x, kw) if kind == "max" and backward else None
        if ties is not None and ties.any():
            found.append(Mistake("diag_pool_ties", [((), ties)], "within", case.terms))
        if padding == "same":
            if backward:
                pool = options(kw)[0]
                r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
                border = ((r < pool[0] - 1) | (r >= x.shape[1] - pool[0] + 1))[None, :, None, None] | \
                    ((c < pool[1] - 1) | (c >= x.shape[2] - pool[1] + 1))[None, None, :, None]
            else:
                border = ~_full_windows(x.shape, kw)[None, :, :, None]
            found.append(Mistake("diag_border", [((), border)], "within", case.terms, alone=True))
        return found
    return mistakes
