"""Candidate mistakes of the convolution topic, in NumPy: a flipped kernel (true convolution instead of
Keras' cross-correlation) and 'same' padding put on the wrong side, or an answer wrong only at the border."""

from __future__ import annotations

import numpy as np

from ...diagnose import Mistake, candidate
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


def _touches_padding(out, before, n, s, span):
    """Output positions whose window reaches into the padding."""
    start = np.arange(out) * s - before
    return (start < 0) | (start + span > n)


def conv2d(case, expected):
    x, k = case.args[0], case.args[1]
    b = case.args[2] if len(case.args) > 2 else None
    rows, cols, s, d, padding = layout(x.shape, k.shape, case.kwargs)
    found = candidate("diag_flipped", _np_conv2d(x, k[::-1, ::-1], b, s, d, rows, cols), expected, case.terms)
    if padding == "same" and (rows[1] != rows[2] or cols[1] != cols[2] or rows[1] or cols[1]):
        swapped = _np_conv2d(x, k, b, s, d, (rows[0], rows[2], rows[1]), (cols[0], cols[2], cols[1]))
        row_border = _touches_padding(rows[0], rows[1], x.shape[1], s[0], d[0] * (k.shape[0] - 1) + 1)
        col_border = _touches_padding(cols[0], cols[1], x.shape[2], s[1], d[1] * (k.shape[1] - 1) + 1)
        found += candidate("diag_border", swapped, expected, case.terms)
        found.append(Mistake("diag_border", [((), row_border[None, :, None, None] | col_border[None, None, :, None])],
                             "within", case.terms))
    return found


def conv2d_backward(case, expected):
    dout, x, k = case.args[0], case.args[1], case.args[2]
    rows, cols, s, d, padding = layout(x.shape, k.shape, case.kwargs)
    dx_flip, _ = _np_conv2d_backward(dout, x, k[::-1, ::-1], s, d, rows, cols)
    found = candidate("diag_flipped", dx_flip, expected, case.terms, path=(0,))
    found += candidate("diag_flipped", np.asarray(expected[1])[::-1, ::-1], expected, case.terms, path=(1,))
    if padding == "same" and (rows[1] or rows[2] or cols[1] or cols[2]):
        sw_rows, sw_cols = (rows[0], rows[2], rows[1]), (cols[0], cols[2], cols[1])
        dx_sw, dk_sw = _np_conv2d_backward(dout, x, k, s, d, sw_rows, sw_cols)
        span_r, span_c = d[0] * (k.shape[0] - 1) + 1, d[1] * (k.shape[1] - 1) + 1
        r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
        row_border = (r < span_r - 1) | (r >= x.shape[1] - span_r + 1)
        col_border = (c < span_c - 1) | (c >= x.shape[2] - span_c + 1)
        found += candidate("diag_border", dx_sw, expected, case.terms, path=(0,))
        found += candidate("diag_border", dk_sw, expected, case.terms, path=(1,))
        found.append(Mistake("diag_border", [((0,), row_border[None, :, None, None] | col_border[None, None, :, None])],
                             "within", case.terms))
    return found
