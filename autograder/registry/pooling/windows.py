"""The pooling windows of a call (Keras' defaults: ``strides=None`` is ``pool_size``), for cases, oracles
and diagnoses; the sizes come from the shared :mod:`autograder.geometry`."""

from __future__ import annotations

from ...geometry import axis, pair


def options(kw):
    """``(pool, strides, padding)`` of a call, with Keras' defaults."""
    pool = pair(kw.get("pool_size", 2))
    strides = pool if kw.get("strides") is None else pair(kw["strides"])
    return pool, strides, kw.get("padding", "valid")


def windows(x_shape, kw):
    """Every window as ``(i, j, rows slice, cols slice)`` over the real (unpadded) elements."""
    pool, strides, padding = options(kw)
    (oh, top, _), (ow, left, _) = axis(x_shape[1], pool[0], strides[0], 1, padding), \
        axis(x_shape[2], pool[1], strides[1], 1, padding)
    for i in range(oh):
        r0 = i * strides[0] - top
        for j in range(ow):
            c0 = j * strides[1] - left
            yield i, j, slice(max(r0, 0), min(r0 + pool[0], x_shape[1])), slice(max(c0, 0), min(c0 + pool[1], x_shape[2]))


def out_shape(x_shape, kw):
    """The output shape of pooling an input of ``x_shape`` (batch, h, w, channels)."""
    pool, strides, padding = options(kw)
    return (x_shape[0], axis(x_shape[1], pool[0], strides[0], 1, padding)[0],
            axis(x_shape[2], pool[1], strides[1], 1, padding)[0], x_shape[3])
