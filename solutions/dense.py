"""Dense (fully connected) layer: forward and backward.

Course notes, 완전연결층 (Dense): every output unit is a weighted sum of all
inputs plus a bias, followed by an activation: ``y = act(x @ kernel + bias)``.
The kernel has Keras' shape ``(in, units)`` and the layer acts on the last
axis, so ``x`` may be ``(batch, in)`` or ``(batch, time, in)`` and so on.
Mirrors ``keras.layers.Dense(units, activation=..., use_bias=bias is not None)``.

The activations are yours, from ``activations.py``: ``None`` or ``"linear"``
(identity), ``"relu"``, ``"sigmoid"``, ``"tanh"``, ``"softmax"``.
"""

import numpy as np

from ._validate import as_float_array, require_ndim
from .activations import (relu, relu_backward, sigmoid, sigmoid_backward, softmax, softmax_backward, tanh,
                          tanh_backward)

#: Activation names a Dense layer accepts here, with (forward, backward).
ACTIVATIONS = {
    "relu": (relu, relu_backward),
    "sigmoid": (sigmoid, sigmoid_backward),
    "tanh": (tanh, tanh_backward),
    "softmax": (softmax, softmax_backward),
}


def _check(x, kernel, bias, activation):
    """Validate the arguments of ``dense`` / ``dense_backward``; returns them as arrays."""
    x = as_float_array(x, "x")
    kernel = as_float_array(kernel, "kernel")
    require_ndim(kernel, 2, "kernel", "(in, units)")
    if x.ndim < 2:
        raise ValueError(f"x must have rank >= 2 (batch, ..., in), got shape {x.shape}")
    if x.shape[-1] != kernel.shape[0]:
        raise ValueError(f"x has shape {x.shape} but kernel has shape {kernel.shape}: "
                         f"the last dim of x ({x.shape[-1]}) must equal kernel's rows ({kernel.shape[0]})")
    if bias is not None:
        bias = as_float_array(bias, "bias")
        if bias.shape != (kernel.shape[1],):
            raise ValueError(f"bias has shape {bias.shape} but kernel has shape {kernel.shape}: "
                             f"bias must have shape (units,) = ({kernel.shape[1]},)")
    if activation is not None and activation != "linear" and activation not in ACTIVATIONS:
        raise ValueError(f"activation={activation!r} is unknown; use None, 'linear' or one of "
                         f"{', '.join(repr(a) for a in ACTIVATIONS)}")
    return x, kernel, bias


def dense(x, kernel, bias=None, activation=None):
    """Dense layer ``act(x @ kernel + bias)`` on the last axis. Mirrors ``keras.layers.Dense``.

    x: (batch, ..., in).  kernel: (in, units).  bias: (units,) or None (use_bias=False).
    activation: None / "linear" / "relu" / "sigmoid" / "tanh" / "softmax".
    Returns: (batch, ..., units), float dtype of the inputs.
    """
    x, kernel, bias = _check(x, kernel, bias, activation)
    ### BEGIN SOLUTION
    z = x @ kernel
    if bias is not None:
        z = z + bias
    if activation is None or activation == "linear":
        return z
    return ACTIVATIONS[activation][0](z)
    ### END SOLUTION


def dense_backward(dout, x, kernel, bias=None, activation=None):
    """Gradients of ``dense``: ``(dx, dkernel, dbias)``, as ``tf.GradientTape`` gives them.

    dout: upstream gradient, (batch, ..., units).  x, kernel, bias, activation: as in ``dense``.
    Returns: dx (shape of x), dkernel (in, units), dbias (units,) or None when bias is None.
    With ``z = x @ kernel + bias`` and ``dz`` the activation's backward of ``dout``:
    ``dx = dz @ kernel.T``, ``dkernel = x.T @ dz`` over every leading axis, ``dbias = sum(dz)``.
    """
    x, kernel, bias = _check(x, kernel, bias, activation)
    dout = as_float_array(dout, "dout")
    want = x.shape[:-1] + (kernel.shape[1],)
    if dout.shape != want:
        raise ValueError(f"dout has shape {dout.shape} but dense(x, kernel) has shape {want} "
                         f"(x {x.shape}, kernel {kernel.shape}); they must match")
    ### BEGIN SOLUTION
    z = x @ kernel
    if bias is not None:
        z = z + bias
    if activation is None or activation == "linear":
        dz = dout
    else:
        dz = ACTIVATIONS[activation][1](dout, z)
    dz2 = dz.reshape(-1, kernel.shape[1])
    dx = dz @ kernel.T
    dkernel = x.reshape(-1, kernel.shape[0]).T @ dz2
    dbias = dz2.sum(axis=0) if bias is not None else None
    return dx, dkernel, dbias
    ### END SOLUTION
