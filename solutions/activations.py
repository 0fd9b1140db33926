"""Activations: ReLU, sigmoid, tanh, softmax and their backward passes.

Course notes, 분류함수: ReLU zeroes negatives and passes positives (x = y);
sigmoid gives a probability in (0, 1); softmax gives a distribution that sums
to 1. Each forward mirrors ``keras.activations.<name>``; each ``*_backward``
returns ``dL/dx`` given ``dout = dL/dy``, as ``tf.GradientTape`` computes it.

All functions take float32 or float64 arrays of any shape and return the same
dtype; they must stay finite for huge positive and negative inputs.
"""

import numpy as np

from ._validate import as_float_array, require_same_shape


def relu(x):
    """ReLU, ``max(x, 0)``. Mirrors ``keras.activations.relu``.

    x: float array, any shape.  Returns: array of x's shape and dtype.
    """
    x = as_float_array(x, "x")
    ### BEGIN SOLUTION
    return np.maximum(x, x.dtype.type(0))
    ### END SOLUTION


def relu_backward(dout, x):
    """Gradient of ReLU: ``dout`` where ``x > 0``, else 0 (also at exactly 0, as TensorFlow).

    dout: upstream gradient, shape of x.  x: forward input.  Returns: dx, shape of x.
    """
    dout, x = as_float_array(dout, "dout"), as_float_array(x, "x")
    require_same_shape(dout, x, "dout", "x")
    ### BEGIN SOLUTION
    return np.where(x > 0, dout, dout.dtype.type(0))
    ### END SOLUTION


def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, stable for huge |x|. Mirrors ``keras.activations.sigmoid``.

    x: float array, any shape.  Returns: values in [0, 1], x's shape and dtype.
    """
    x = as_float_array(x, "x")
    ### BEGIN SOLUTION
    # exp of a non-positive number never overflows: use exp(-|x|) on both sides.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
    ### END SOLUTION


def sigmoid_backward(dout, x):
    """Gradient of sigmoid: ``dout * s * (1 - s)`` with ``s = sigmoid(x)``.

    dout: upstream gradient, shape of x.  x: forward input.  Returns: dx, shape of x.
    """
    dout, x = as_float_array(dout, "dout"), as_float_array(x, "x")
    require_same_shape(dout, x, "dout", "x")
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return (dout * s * (1 - s)).astype(x.dtype, copy=False)
    ### END SOLUTION


def tanh(x):
    """Hyperbolic tangent. Mirrors ``keras.activations.tanh``.

    x: float array, any shape.  Returns: values in [-1, 1], x's shape and dtype.
    """
    x = as_float_array(x, "x")
    ### BEGIN SOLUTION
    return np.tanh(x)
    ### END SOLUTION


def tanh_backward(dout, x):
    """Gradient of tanh: ``dout * (1 - tanh(x)**2)``.

    dout: upstream gradient, shape of x.  x: forward input.  Returns: dx, shape of x.
    """
    dout, x = as_float_array(dout, "dout"), as_float_array(x, "x")
    require_same_shape(dout, x, "dout", "x")
    ### BEGIN SOLUTION
    y = np.tanh(x)
    return dout * (1 - y * y)
    ### END SOLUTION


def softmax(x, axis=-1):
    """Softmax along ``axis``: ``exp(x - max) / sum(exp(x - max))``. Mirrors ``keras.activations.softmax``.

    x: float array, any shape.  axis: the axis that sums to 1.
    Returns: x's shape and dtype, non-negative, summing to 1 along ``axis``.
    """
    x = as_float_array(x, "x")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis={axis} is out of range for x of shape {x.shape}")
    ### BEGIN SOLUTION
    # Subtracting the max changes nothing mathematically and keeps exp() <= 1.
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
    ### END SOLUTION


def softmax_backward(dout, x, axis=-1):
    """Gradient of softmax: ``s * (dout - sum(dout * s, axis))`` with ``s = softmax(x, axis)``.

    dout: upstream gradient, shape of x.  x: forward input.  Returns: dx, shape of x.
    """
    dout, x = as_float_array(dout, "dout"), as_float_array(x, "x")
    require_same_shape(dout, x, "dout", "x")
    ### BEGIN SOLUTION
    s = softmax(x, axis)
    return s * (dout - (dout * s).sum(axis=axis, keepdims=True))
    ### END SOLUTION
