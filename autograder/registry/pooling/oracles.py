"""Oracles of the pooling topic: the Keras layers (``MaxPooling2D``, ``AveragePooling2D``,
``-MaxPooling2D(-x)`` for min pooling, the global pools, ``Flatten``) in the input's dtype, and
``tf.GradientTape`` through them."""

from __future__ import annotations

from ...tfbridge import gradients, keras, tensor
from .windows import options


def _pool_layer(kind, x, kw):
    pool, strides, padding = options(kw)
    cls = keras().layers.AveragePooling2D if kind == "average" else keras().layers.MaxPooling2D
    return cls(pool_size=pool, strides=strides, padding=padding, dtype=x.dtype.name)


def forward(kind):
    def oracle(x, **kw):
        layer = _pool_layer(kind, x, kw)
        if kind == "min":
            return -layer(tensor(-x))
        return layer(tensor(x))
    oracle.__name__ = {"max": "keras.layers.MaxPooling2D", "average": "keras.layers.AveragePooling2D",
                       "min": "-keras.layers.MaxPooling2D(-x)"}[kind]
    return oracle


def backward(kind):
    def oracle(dout, x, **kw):
        layer = _pool_layer(kind, x, kw)
        return gradients(lambda v: layer(v), dout, x)[0]
    oracle.__name__ = f"GradientTape({forward(kind).__name__})"
    return oracle


def layer(name):
    def oracle(x):
        return getattr(keras().layers, name)(dtype=x.dtype.name)(tensor(x))
    oracle.__name__ = f"keras.layers.{name}"
    return oracle


