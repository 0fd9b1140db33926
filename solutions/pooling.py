"""Pooling: max, average and min pooling with their gradients, global pooling and flatten.

Course notes, 풀링레이어(Pooling Layer): a window slides over each channel
separately and keeps one number (the max, the min or the mean), shrinking
the feature map; there are no weights to learn.

What Keras does, all of which the checks test:

- channels_last ``(batch, height, width, channels)``; ``strides=None`` means
  ``strides = pool_size``; ``pool_size`` and ``strides`` take an int or a pair;
- output size as for a convolution with dilation 1: 'valid'
  ``(n - p)//s + 1``, 'same' ``ceil(n/s)``, 'same' padding split with the
  extra row/column at the bottom/right;
- 'same' max pooling ignores the padding (as if it were -inf); 'same'
  average pooling divides by the number of *real* elements in the window;
- the gradient of max pooling goes, for each window, to the *first* maximum
  in row-major order (TensorFlow's MaxPoolGrad), once per window;
- min pooling is ``-MaxPooling2D(-x)``.
"""

import numpy as np
from numba import njit, prange

from ._validate import as_float_array, as_int_tuple, require_ndim, require_padding, require_window_fits


def _check_pool_args(x, pool_size, strides, padding, name="x"):
    """Validate a pooling call; return ``(x, pool, strides, padding)``."""
    x = as_float_array(x, name)
    require_ndim(x, 4, name, "(batch, height, width, channels)")
    pool = as_int_tuple(pool_size, 2, "pool_size")
    strides = pool if strides is None else as_int_tuple(strides, 2, "strides")
    padding = require_padding(padding)
    if padding == "valid":
        require_window_fits(x.shape[1:3], pool, "pool_size", name)
    return x, pool, strides, padding


def _check_dout(dout, x):
    dout = as_float_array(dout, "dout")
    require_ndim(dout, 4, "dout", "(batch, out_height, out_width, channels)")
    if dout.shape[0] != x.shape[0] or dout.shape[3] != x.shape[3]:
        raise ValueError(f"dout must have shape (batch, out_height, out_width, channels) with batch {x.shape[0]} "
                         f"and channels {x.shape[3]} (x has shape {x.shape}), got {dout.shape}")
    return dout.astype(x.dtype, copy=False)


### BEGIN SOLUTION
def _geometry(n, p, s, padding):
    """Output length and the padding before the first window, along one axis."""
    if padding == "valid":
        return (n - p) // s + 1, 0
    out = -(-n // s)
    total = max((out - 1) * s + p - n, 0)
    return out, total // 2


def _layout(x, pool, strides, padding, dout=None):
    """``(oh, ow, top, left)`` for this call, checking ``dout`` against it if given."""
    oh, top = _geometry(x.shape[1], pool[0], strides[0], padding)
    ow, left = _geometry(x.shape[2], pool[1], strides[1], padding)
    if dout is not None and dout.shape[1:3] != (oh, ow):
        raise ValueError(f"dout must have the pooled shape {(x.shape[0], oh, ow, x.shape[3])}, got {dout.shape}")
    return oh, ow, top, left


@njit(cache=True, parallel=True)
def _pool_forward(x, ph, pw, sh, sw, top, left, oh, ow, average):
    """Max (``average=False``) or real-element mean of every window; padding never enters."""
    nb, h, w, nc = x.shape
    out = np.empty((nb, oh, ow, nc), x.dtype)
    for r in prange(nb * oh):
        b = r // oh
        i = r - b * oh
        h0 = max(i * sh - top, 0)
        h1 = min(i * sh - top + ph, h)
        for j in range(ow):
            w0 = max(j * sw - left, 0)
            w1 = min(j * sw - left + pw, w)
            for ch in range(nc):
                out[b, i, j, ch] = x[b, h0, w0, ch]
            for a in range(h0, h1):
                for c in range(w0, w1):
                    if a == h0 and c == w0:
                        continue
                    for ch in range(nc):
                        v = x[b, a, c, ch]
                        if average:
                            out[b, i, j, ch] += v
                        elif v > out[b, i, j, ch]:
                            out[b, i, j, ch] = v
            if average:
                count = (h1 - h0) * (w1 - w0)
                for ch in range(nc):
                    out[b, i, j, ch] /= count
    return out


@njit(cache=True)
def _pool_backward(dout, x, ph, pw, sh, sw, top, left, average):
    """Each window sends its dout to its first maximum (max) or spreads it evenly (average).

    Serial on purpose: measured no faster with ``parallel=True`` (it is bound by memory),
    and a serial kernel compiles in a third of the time."""
    nb, oh, ow, nc = dout.shape
    h, w = x.shape[1], x.shape[2]
    dx = np.zeros(x.shape, x.dtype)
    best = np.empty(nc, x.dtype)
    best_a = np.empty(nc, np.int64)
    best_c = np.empty(nc, np.int64)
    for b in range(nb):
        for i in range(oh):
            h0 = max(i * sh - top, 0)
            h1 = min(i * sh - top + ph, h)
            for j in range(ow):
                w0 = max(j * sw - left, 0)
                w1 = min(j * sw - left + pw, w)
                if average:
                    count = (h1 - h0) * (w1 - w0)
                    for a in range(h0, h1):
                        for c in range(w0, w1):
                            for ch in range(nc):
                                dx[b, a, c, ch] += dout[b, i, j, ch] / count
                    continue
                for ch in range(nc):
                    best[ch] = x[b, h0, w0, ch]
                    best_a[ch], best_c[ch] = h0, w0
                for a in range(h0, h1):  # row-major, strict '>': ties keep the first maximum
                    for c in range(w0, w1):
                        for ch in range(nc):
                            if x[b, a, c, ch] > best[ch]:
                                best[ch] = x[b, a, c, ch]
                                best_a[ch], best_c[ch] = a, c
                for ch in range(nc):
                    dx[b, best_a[ch], best_c[ch], ch] += dout[b, i, j, ch]
    return dx
### END SOLUTION


def max_pool2d(x, pool_size=2, strides=None, padding="valid"):
    """Max pooling. Mirrors ``keras.layers.MaxPooling2D(pool_size, strides, padding)``.

    x: (batch, height, width, channels).  pool_size, strides: int or pair
    (strides None = pool_size).  padding: "valid" or "same" (padding ignored).
    Returns: (batch, out_height, out_width, channels), x's dtype.
    """
    x, pool, strides, padding = _check_pool_args(x, pool_size, strides, padding)
    ### BEGIN SOLUTION
    oh, ow, top, left = _layout(x, pool, strides, padding)
    return _pool_forward(np.ascontiguousarray(x), pool[0], pool[1], strides[0], strides[1], top, left, oh, ow, False)
    ### END SOLUTION


def average_pool2d(x, pool_size=2, strides=None, padding="valid"):
    """Average pooling. Mirrors ``keras.layers.AveragePooling2D(pool_size, strides, padding)``.

    x: (batch, height, width, channels).  pool_size, strides, padding: as in
    ``max_pool2d``; with 'same' each window is divided by its number of real
    (unpadded) elements.  Returns: (batch, out_height, out_width, channels), x's dtype.
    """
    x, pool, strides, padding = _check_pool_args(x, pool_size, strides, padding)
    ### BEGIN SOLUTION
    oh, ow, top, left = _layout(x, pool, strides, padding)
    return _pool_forward(np.ascontiguousarray(x), pool[0], pool[1], strides[0], strides[1], top, left, oh, ow, True)
    ### END SOLUTION


def min_pool2d(x, pool_size=2, strides=None, padding="valid"):
    """Min pooling, ``-MaxPooling2D(pool_size, strides, padding)(-x)``.

    x: (batch, height, width, channels).  pool_size, strides, padding: as in
    ``max_pool2d``.  Returns: (batch, out_height, out_width, channels), x's dtype.
    """
    x, pool, strides, padding = _check_pool_args(x, pool_size, strides, padding)
    ### BEGIN SOLUTION
    return -max_pool2d(-x, pool, strides, padding)
    ### END SOLUTION


def max_pool2d_backward(dout, x, pool_size=2, strides=None, padding="valid"):
    """Gradient of ``max_pool2d`` given ``dout = dL/dy``, as ``tf.GradientTape`` gives it.

    dout: (batch, out_height, out_width, channels).  x and the options: as in
    ``max_pool2d``.  Returns: dx, x's shape and dtype. Each window's gradient
    goes to its first maximum in row-major order (ties: the earliest wins);
    overlapping windows add up.
    """
    x, pool, strides, padding = _check_pool_args(x, pool_size, strides, padding)
    dout = _check_dout(dout, x)
    ### BEGIN SOLUTION
    oh, ow, top, left = _layout(x, pool, strides, padding, dout)
    return _pool_backward(np.ascontiguousarray(dout), np.ascontiguousarray(x), pool[0], pool[1],
                          strides[0], strides[1], top, left, False)
    ### END SOLUTION


def average_pool2d_backward(dout, x, pool_size=2, strides=None, padding="valid"):
    """Gradient of ``average_pool2d`` given ``dout = dL/dy``, as ``tf.GradientTape`` gives it.

    dout: (batch, out_height, out_width, channels).  x and the options: as in
    ``average_pool2d``.  Returns: dx, x's shape and dtype: each window spreads
    ``dout / count`` over its real elements; overlapping windows add up.
    """
    x, pool, strides, padding = _check_pool_args(x, pool_size, strides, padding)
    dout = _check_dout(dout, x)
    ### BEGIN SOLUTION
    oh, ow, top, left = _layout(x, pool, strides, padding, dout)
    return _pool_backward(np.ascontiguousarray(dout), np.ascontiguousarray(x), pool[0], pool[1],
                          strides[0], strides[1], top, left, True)
    ### END SOLUTION


def global_average_pool2d(x):
    """Mean over height and width. Mirrors ``keras.layers.GlobalAveragePooling2D()``.

    x: (batch, height, width, channels).  Returns: (batch, channels), x's dtype.
    """
    x = as_float_array(x, "x")
    require_ndim(x, 4, "x", "(batch, height, width, channels)")
    ### BEGIN SOLUTION
    return x.mean(axis=(1, 2))
    ### END SOLUTION


def global_max_pool2d(x):
    """Max over height and width. Mirrors ``keras.layers.GlobalMaxPooling2D()``.

    x: (batch, height, width, channels).  Returns: (batch, channels), x's dtype.
    """
    x = as_float_array(x, "x")
    require_ndim(x, 4, "x", "(batch, height, width, channels)")
    ### BEGIN SOLUTION
    return x.max(axis=(1, 2))
    ### END SOLUTION


def flatten(x):
    """Flatten all but the batch axis in C order. Mirrors ``keras.layers.Flatten()`` (channels_last).

    x: (batch, ...) of rank >= 1.  Returns: (batch, prod(rest)) with index
    ``(h * W + w) * C + c`` for an image; a rank-1 input becomes (batch, 1).
    """
    x = np.asarray(x)
    if x.ndim < 1:
        raise ValueError(f"x must have a batch axis (rank >= 1), got shape {x.shape}")
    ### BEGIN SOLUTION
    return x.reshape(x.shape[0], -1)
    ### END SOLUTION
