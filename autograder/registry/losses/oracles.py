"""Oracles of the losses topic: ``keras.losses.<name>`` (per-sample losses), ``tf.GradientTape`` on their
batch mean, and ``tf.nn.ctc_loss`` fed a ``SparseTensor`` (see the topic's docstring for why)."""

from __future__ import annotations

import numpy as np

from ...tfbridge import keras, tensor, tf

def forward(name):
    def oracle(y_true, y_pred, **kw):
        return getattr(keras().losses, name)(tensor(y_true), tensor(y_pred), **kw)
    oracle.__name__ = f"keras.losses.{name}"
    return oracle


def backward(name):
    def oracle(y_true, y_pred, **kw):
        t = tf()
        fn = getattr(keras().losses, name)
        p = t.Variable(y_pred)
        with t.GradientTape() as tape:
            loss = t.reduce_mean(fn(tensor(y_true), p, **kw))
        g = tape.gradient(loss, p)
        return np.zeros_like(y_pred) if g is None else np.asarray(t.convert_to_tensor(g).numpy())
    oracle.__name__ = f"GradientTape(reduce_mean(keras.losses.{name}))"
    return oracle


def ctc_tf(labels, logits, label_length, logit_length, blank_index):
    """``tf.nn.ctc_loss`` with the dense labels passed as a SparseTensor (TensorFlow's CTC kernel)."""
    t = tf()
    rows = [(b, i) for b in range(labels.shape[0]) for i in range(int(label_length[b]))]
    indices = np.array(rows, np.int64).reshape(-1, 2)
    values = np.array([labels[b, i] for b, i in rows], np.int32)
    sparse = t.SparseTensor(indices, values, [labels.shape[0], labels.shape[1]])
    return t.nn.ctc_loss(sparse, logits, None, tensor(np.asarray(logit_length, np.int32)),
                         logits_time_major=False, blank_index=blank_index)


def ctc_loss(labels, logits, label_length, logit_length, blank_index=0):
    """Per-sample CTC negative log-likelihoods of batch-major logits."""
    return ctc_tf(labels, tensor(logits), label_length, logit_length, blank_index)


ctc_loss.__name__ = "tf.nn.ctc_loss"


def ctc_loss_backward(labels, logits, label_length, logit_length, blank_index=0):
    """The gradient of the summed CTC loss with respect to the logits."""
    t = tf()
    z = t.Variable(logits)
    with t.GradientTape() as tape:
        total = t.reduce_sum(ctc_tf(labels, z, label_length, logit_length, blank_index))
    return tape.gradient(total, z)


ctc_loss_backward.__name__ = "GradientTape(sum(tf.nn.ctc_loss))"
