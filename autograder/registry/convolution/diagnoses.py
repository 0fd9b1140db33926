"""Mistakes of the convolution topic, recomputed in NumPy: a flipped kernel (true convolution instead of
Keras' cross-correlation), dx computed without rotating the kernel, a flipped dkernel, 'same' padding put on
the wrong side; and what the output alone shows: a wrong output size, an answer wrong only at the border."""

from __future__ import annotations

import numpy as np

from ...diagnose import border_only, output_size
from ...exercise import Mistake
from ...geometry import pair
from .cases import layout


def _np_conv2d(x, k, b, s, d, rows, cols):
    """Forward cross-correlation with explicit ``(out, before, after)`` per axis."""
    (oh, top, bottom), (ow, left, right) = rows, cols
    xp = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)))
    k64 = k.astype(np.float64)
    y = np.zeros((x.shape[0], oh, ow, k.shape[3]))
    for a in range(k.shape[0]):
        for c in range(k.shape[1]):
            win = xp[:, a * d[0]: a * d[0] + s[0] * (oh - 1) + 1: s[0], c * d[1]: c * d[1] + s[1] * (ow - 1) + 1: s[1]]
            y += win @ k64[a, c]
    return y if b is None else y + b


def _np_conv2d_backward(dout, x, k, s, d, rows, cols):
    """``(dx, dkernel)`` of ``_np_conv2d``."""
    (oh, top, bottom), (ow, left, right) = rows, cols
    xp = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)))
    g, k64 = dout.astype(np.float64), k.astype(np.float64)
    dxp, dk = np.zeros_like(xp), np.zeros(k.shape)
    for a in range(k.shape[0]):
        for c in range(k.shape[1]):
            sl = (slice(None), slice(a * d[0], a * d[0] + s[0] * (oh - 1) + 1, s[0]),
                  slice(c * d[1], c * d[1] + s[1] * (ow - 1) + 1, s[1]))
            dxp[sl] += g @ k64[a, c].T
            dk[a, c] = np.einsum("bijc,bijf->cf", xp[sl], g)
    return dxp[:, top: top + x.shape[1], left: left + x.shape[2]], dk


def _swapped(axis):
    """An axis' ``(out, before, after)`` with the padding sides exchanged."""
    return axis[0], axis[2], axis[1]


def _odd_same(case, x_at=0, k_at=1) -> bool:
    """'same' padding with an odd total along some axis: the side of the extra row/column matters."""
    rows, cols, _, _, padding = layout(case.args[x_at].shape, case.args[k_at].shape, case.kwargs)
    return padding == "same" and (rows[1] != rows[2] or cols[1] != cols[2])


def _forward(flip=False, swap=False):
    def compute(case):
        x, k = case.args[0], case.args[1]
        b = case.args[2] if len(case.args) > 2 else None
        rows, cols, s, d, _ = layout(x.shape, k.shape, case.kwargs)
        if swap:
            rows, cols = _swapped(rows), _swapped(cols)
        return _np_conv2d(x, k[::-1, ::-1] if flip else k, b, s, d, rows, cols)
    return compute


def _backward(part, flip_kernel=False, flip_result=False, swap=False):
    def compute(case):
        dout, x, k = case.args[0], case.args[1], case.args[2]
        rows, cols, s, d, _ = layout(x.shape, k.shape, case.kwargs)
        if swap:
            rows, cols = _swapped(rows), _swapped(cols)
        grads = _np_conv2d_backward(dout, x, k[::-1, ::-1] if flip_kernel else k, s, d, rows, cols)
        return grads[part][::-1, ::-1] if flip_result else grads[part]
    return compute


CONV2D = (
    Mistake("diag_flipped", _forward(flip=True)),
    Mistake("diag_padding_side", _forward(swap=True), _odd_same),
)

CONV2D_BACKWARD = (
    # dx is the full correlation of dout with the kernel rotated by 180 degrees: without the rotation it is
    # the gradient of a forward pass with the flipped kernel
    Mistake("diag_dx_kernel_not_rotated", _backward(0, flip_kernel=True), output="dx"),
    Mistake("diag_dkernel_flipped", _backward(1, flip_result=True), output="dkernel"),
    Mistake("diag_padding_side", _backward(0, swap=True), lambda case: _odd_same(case, 1, 2), output="dx"),
    Mistake("diag_padding_side", _backward(1, swap=True), lambda case: _odd_same(case, 1, 2), output="dkernel"),
)


def _touches_padding(out, before, n, s, span):
    """Output positions whose window reaches into the padding."""
    start = np.arange(out) * s - before
    return (start < 0) | (start + span > n)


def _windows(case, x_at, k_at, spatial):
    """``{output axis: (n, k, s, d, padding)}`` of a conv call (2-D, or 1-D when ``spatial`` is 1)."""
    x, k, kw = case.args[x_at], case.args[k_at], case.kwargs
    x_shape, k_shape = (v.shape if isinstance(v, np.ndarray) else tuple(v) for v in (x, k))  # arrays, or shapes
    s, d = pair(kw.get("strides", 1)), pair(kw.get("dilation_rate", 1))
    padding = kw.get("padding", "valid")
    return {1 + i: (int(x_shape[1 + i]), int(k_shape[i]), s[i], d[i], padding) for i in range(spatial)}


def conv2d(case, got, expected):
    """What the output alone shows: its size, or a wrong border."""
    found = output_size(got, expected, _windows(case, 0, 1, 2))
    x, k = case.args[0], case.args[1]
    rows, cols, s, d, padding = layout(x.shape, k.shape, case.kwargs)
    if padding == "same" and not found:
        row_border = _touches_padding(rows[0], rows[1], x.shape[1], s[0], d[0] * (k.shape[0] - 1) + 1)
        col_border = _touches_padding(cols[0], cols[1], x.shape[2], s[1], d[1] * (k.shape[1] - 1) + 1)
        found += border_only(case, got, expected, row_border[None, :, None, None] | col_border[None, None, :, None])
    return found


def conv2d_backward(case, got, expected):
    """A dx wrong only within a kernel's reach of the border."""
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return []
    x, k = case.args[1], case.args[2]
    _, _, _, d, padding = layout(x.shape, k.shape, case.kwargs)
    if padding != "same":
        return []
    span_r, span_c = d[0] * (k.shape[0] - 1) + 1, d[1] * (k.shape[1] - 1) + 1
    r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
    row_border = (r < span_r - 1) | (r >= x.shape[1] - span_r + 1)
    col_border = (c < span_c - 1) | (c >= x.shape[2] - span_c + 1)
    return border_only(case, got[0], expected[0], row_border[None, :, None, None] | col_border[None, None, :, None])


def conv2d_output_shape(case, got, expected):
    """A wrong height or width."""
    return output_size(got, expected, _windows(case, 0, 1, 2))


def conv1d(case, got, expected):
    """A wrong output size."""
    return output_size(got, expected, _windows(case, 0, 1, 1))
