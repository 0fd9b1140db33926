"""Mistakes of the pooling topic, recomputed in NumPy: average pooling that counts the padding, max (or min)
pooling over zero padding, max-pool gradients sent to every tied maximum or to the last one; and what the
output alone shows: a wrong output size, an answer wrong only where a window meets the padding."""

from __future__ import annotations

import numpy as np

from ...diagnose import border_only, output_size
from ...exercise import Mistake
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


def _extreme_over_zero_padding(x, kw, sign):
    """Max (``sign`` 1) or min (``sign`` -1) pooling where the 'same' padding holds zeros that can win."""
    full = _full_windows(x.shape, kw)
    y = np.zeros(out_shape(x.shape, kw), x.dtype)
    for i, j, rs, cs in windows(x.shape, kw):
        best = sign * (sign * x[:, rs, cs]).max(axis=(1, 2))
        y[:, i, j] = best if full[i, j] else sign * np.maximum(sign * best, 0)
    return y


def _max_gradient_to(x, dout, kw, which):
    """Max-pool gradient sent to ``which`` maxima of each window: "all" tied ones, or the "last" in row-major
    order."""
    dx = np.zeros(x.shape, np.float64)
    for i, j, rs, cs in windows(x.shape, kw):
        win = x[:, rs, cs]
        at_max = win == win.max(axis=(1, 2), keepdims=True)
        if which == "last":
            flat = at_max.reshape(win.shape[0], -1, win.shape[3])
            last = flat.shape[1] - 1 - np.argmax(flat[:, ::-1], axis=1)
            keep = np.zeros_like(flat)
            np.put_along_axis(keep, last[:, None, :], True, axis=1)
            at_max = keep.reshape(win.shape)
        dx[:, rs, cs] += at_max * dout[:, i, j][:, None, None, :]
    return dx


def _same(case) -> bool:
    return options(case.kwargs)[2] == "same"


def mistakes(kind: str, backward: bool) -> tuple[Mistake, ...]:
    """The declared mistakes of one pooling exercise (``kind`` max, average or min)."""
    if kind == "average":
        if backward:
            return (Mistake("diag_pool_padding", lambda c: avg_counting_padding(c.args[1], c.kwargs, c.args[0]),
                            _same),)
        return (Mistake("diag_pool_padding", lambda c: avg_counting_padding(c.args[0], c.kwargs), _same),)
    if backward:
        return (Mistake("diag_pool_ties", lambda c: _max_gradient_to(c.args[1], c.args[0], c.kwargs, "all")),
                Mistake("diag_pool_ties_last", lambda c: _max_gradient_to(c.args[1], c.args[0], c.kwargs, "last")))
    sign = 1 if kind == "max" else -1
    return (Mistake("diag_pool_zero_padding", lambda c: _extreme_over_zero_padding(c.args[0], c.kwargs, sign),
                    _same, fields=lambda c: {"kind": kind, "fill": "-inf" if kind == "max" else "+inf"}),)


def pool(backward):
    """What the output alone shows: a wrong output size (forward), or an answer wrong only near the padding."""
    def diagnose(case, got, expected):
        x = case.args[1] if backward else case.args[0]
        kw = case.kwargs
        pool_size, strides, padding = options(kw)
        found = [] if backward else output_size(
            got, expected, {1 + a: (x.shape[1 + a], pool_size[a], strides[a], 1, padding) for a in range(2)})
        if found or padding != "same":
            return found
        if backward:
            r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
            border = ((r < pool_size[0] - 1) | (r >= x.shape[1] - pool_size[0] + 1))[None, :, None, None] | \
                ((c < pool_size[1] - 1) | (c >= x.shape[2] - pool_size[1] + 1))[None, None, :, None]
        else:
            border = ~_full_windows(x.shape, kw)[None, :, :, None]
        return border_only(case, got, expected, border)
    return diagnose
