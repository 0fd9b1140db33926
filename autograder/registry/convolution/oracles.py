"""Oracles of the convolution topic: ``keras.layers.Conv2D`` / ``Conv1D`` with the case's weights, their
``compute_output_shape``, and ``tf.GradientTape`` on ``keras.ops.conv`` plus the bias."""

from __future__ import annotations

from ...tfbridge import gradients, keras, tensor


def _conv_layer(cls, x, kernel, bias, kw):
    layer = cls(kernel.shape[-1], kernel.shape[:-2], strides=kw.get("strides", 1), padding=kw.get("padding", "valid"),
                dilation_rate=kw.get("dilation_rate", 1), use_bias=bias is not None, dtype=x.dtype.name)
    layer.build(x.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return layer(tensor(x))


def conv2d(x, kernel, bias=None, **kw):
    return _conv_layer(keras().layers.Conv2D, x, kernel, bias, kw)


conv2d.__name__ = "keras.layers.Conv2D"


def conv1d(x, kernel, bias=None, **kw):
    return _conv_layer(keras().layers.Conv1D, x, kernel, bias, kw)


conv1d.__name__ = "keras.layers.Conv1D"


def conv2d_backward(dout, x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    ops = keras().ops

    def forward(xv, kv, *bv):
        y = ops.conv(xv, kv, strides=strides, padding=padding, dilation_rate=dilation_rate)
        return y + bv[0] if bv else y

    if bias is None:
        return (*gradients(forward, dout, x, kernel), None)
    return gradients(forward, dout, x, kernel, bias)


conv2d_backward.__name__ = "GradientTape(keras.ops.conv + bias)"


def conv2d_output_shape(input_shape, kernel_shape, strides=1, padding="valid", dilation_rate=1):
    layer = keras().layers.Conv2D(kernel_shape[3], tuple(kernel_shape[:2]), strides=strides, padding=padding,
                                  dilation_rate=dilation_rate)
    return tuple(int(n) for n in layer.compute_output_shape(tuple(input_shape)))


conv2d_output_shape.__name__ = "keras.layers.Conv2D.compute_output_shape"

