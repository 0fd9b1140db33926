"""Oracles of the activations topic: ``keras.activations.<name>`` and its ``tf.GradientTape`` gradient."""

from __future__ import annotations

from ...tfbridge import gradients, keras, tensor


def forward(name):
    """``keras.activations.<name>(x, **kw)``."""
    def oracle(x, **kw):
        return getattr(keras().activations, name)(tensor(x), **kw)
    oracle.__name__ = f"keras.activations.{name}"
    return oracle


def backward(name):
    """The vector-Jacobian product of ``keras.activations.<name>`` with ``dout``."""
    def oracle(dout, x, **kw):
        fn = getattr(keras().activations, name)
        return gradients(lambda v: fn(v, **kw), dout, x)[0]
    oracle.__name__ = f"GradientTape(keras.activations.{name})"
    return oracle
