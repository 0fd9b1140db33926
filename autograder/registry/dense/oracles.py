"""Oracles of the dense topic: ``keras.layers.Dense`` built with the case's weights, and ``tf.GradientTape``
through it."""

from __future__ import annotations

import numpy as np

from ...tfbridge import keras, tensor, tf


def _layer(x, kernel, bias, activation):
    k = keras()
    layer = k.layers.Dense(kernel.shape[1], activation=activation, use_bias=bias is not None,
                           dtype=np.dtype(x.dtype).name)
    layer.build(x.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return layer


def dense(x, kernel, bias=None, activation=None):
    """``activation(x @ kernel + bias)`` on the last axis."""
    return _layer(x, kernel, bias, activation)(tensor(x))


dense.__name__ = "keras.layers.Dense"


def dense_backward(dout, x, kernel, bias=None, activation=None):
    """``(dx, dkernel, dbias)``: the vector-Jacobian product of the layer with ``dout`` (dbias None without a bias)."""
    t = tf()
    layer = _layer(x, kernel, bias, activation)
    xv = t.Variable(x)
    weights = [layer.kernel] + ([layer.bias] if bias is not None else [])
    with t.GradientTape() as tape:
        target = t.reduce_sum(layer(xv) * t.constant(dout))
    grads = tape.gradient(target, [xv, *weights])
    grads = [np.asarray(t.convert_to_tensor(g).numpy()) for g in grads]
    return grads[0], grads[1], (grads[2] if bias is not None else None)


dense_backward.__name__ = "GradientTape(keras.layers.Dense)"
