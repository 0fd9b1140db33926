"""Oracles of the recurrent topic: the Keras layers and cells themselves (``SimpleRNN``, ``LSTM``, ``GRU``
and their ``*Cell``), built in the input's dtype and given the case's weights with ``set_weights``;
backward oracles run ``tf.GradientTape`` on the layer."""

from __future__ import annotations

import numpy as np

from ...tfbridge import keras, tensor, tf
from .cases import LAYERS


def _build(kind, x, kernel, recurrent_kernel, bias, cell=False, **options):
    cls = getattr(keras().layers, LAYERS[kind] + ("Cell" if cell else ""))
    layer = cls(recurrent_kernel.shape[0], dtype=np.dtype(x.dtype).name, **options)
    layer.build((None, x.shape[-1]) if cell else (None, None, x.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    return layer


def _state_list(kind, initial_state):
    if initial_state is None:
        return None
    if kind == "lstm":
        return [tensor(initial_state[0]), tensor(initial_state[1])]
    return [tensor(initial_state)]


def layer(kind):
    """``keras.layers.<SimpleRNN|LSTM|GRU>`` with the case's weights and options."""
    def oracle(x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False, return_state=False,
               **options):
        layer = _build(kind, x, kernel, recurrent_kernel, bias, return_sequences=return_sequences,
                       return_state=return_state, **options)
        out = layer(tensor(x), initial_state=_state_list(kind, initial_state))
        return tuple(out) if return_state else out
    oracle.__name__ = f"keras.layers.{LAYERS[kind]}"
    return oracle


def backward(kind):
    """``(dx, dkernel, drecurrent_kernel, dbias)`` by ``tf.GradientTape`` through the layer."""
    def oracle(dout, x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False):
        t = tf()
        layer = _build(kind, x, kernel, recurrent_kernel, bias, return_sequences=return_sequences)
        xv = t.Variable(x)
        wrt = [xv, layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias]
        with t.GradientTape() as tape:
            out = layer(xv, initial_state=_state_list(kind, initial_state))
            target = t.reduce_sum(out * t.constant(dout))
        return tuple(np.asarray(g.numpy()) for g in tape.gradient(target, wrt))
    oracle.__name__ = f"GradientTape(keras.layers.{LAYERS[kind]})"
    return oracle


def simple_rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    cell = _build("simple_rnn", x_t, kernel, recurrent_kernel, bias, cell=True)
    return cell(tensor(x_t), [tensor(h_prev)])[0]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    cell = _build("lstm", x_t, kernel, recurrent_kernel, bias, cell=True)
    _, (h, c) = cell(tensor(x_t), [tensor(h_prev), tensor(c_prev)])
    return h, c


def lstm_gates(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    t, act = tf(), keras().activations
    z = t.matmul(tensor(x_t), tensor(kernel)) + t.matmul(tensor(h_prev), tensor(recurrent_kernel)) + tensor(bias)
    i, f, g, o = t.split(z, 4, axis=1)
    return act.sigmoid(i), act.sigmoid(f), act.tanh(g), act.sigmoid(o)


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after=True):
    cell = _build("gru", x_t, kernel, recurrent_kernel, bias, cell=True, reset_after=reset_after)
    return cell(tensor(x_t), [tensor(h_prev)])[0]


def gradient_norms_through_time(x, kernel, recurrent_kernel, bias, cell="simple_rnn"):
    """Unroll the Keras cell over U one-hot seeds per sample and take d(seed . h_T)/d h_t with the tape."""
    t = tf()
    batch, time, _ = x.shape
    units = recurrent_kernel.shape[0]
    keras_cell = _build(cell, x, kernel, recurrent_kernel, bias, cell=True)
    xs = tensor(np.repeat(x, units, axis=0))
    seeds = t.constant(np.tile(np.eye(units, dtype=x.dtype), (batch, 1)))
    zeros = t.zeros((batch * units, units), x.dtype)
    states = [zeros, zeros] if cell == "lstm" else [zeros]
    hs = []
    with t.GradientTape() as tape:
        for step in range(time):
            tape.watch(states[0])
            h, states = keras_cell(xs[:, step], states)
            states = list(states)
            hs.append(states[0])
        tape.watch(hs[-1])
        target = t.reduce_sum(hs[-1] * seeds)
    grads = tape.gradient(target, hs)
    d = np.stack([np.asarray(g.numpy(), np.float64) for g in grads])  # (T, B*U, U)
    return np.sqrt((d ** 2).reshape(time, batch, units * units).sum(axis=2)).T.astype(x.dtype)




simple_rnn_step.__name__ = "keras.layers.SimpleRNNCell"
lstm_step.__name__ = "keras.layers.LSTMCell"
lstm_gates.__name__ = "keras.activations of tf.split(x_t @ kernel + h_prev @ recurrent_kernel + bias, 4)"
gru_step.__name__ = "keras.layers.GRUCell"
gradient_norms_through_time.__name__ = "GradientTape(keras cell unrolled), d h_T / d h_t"
