"""Oracles of the embedding topic: ``keras.layers.Embedding`` with the case's table, its ``compute_mask``,
and ``tf.GradientTape`` on ``tf.gather`` (the lookup the layer computes)."""

from __future__ import annotations

import numpy as np

from ...tfbridge import gradients, keras, tensor, tf


def _layer(vocab, dim, dtype, mask_zero=False):
    layer = keras().layers.Embedding(vocab, dim, mask_zero=mask_zero, dtype=np.dtype(dtype).name)
    layer.build()
    return layer


def embedding(ids, table):
    layer = _layer(table.shape[0], table.shape[1], table.dtype)
    layer.set_weights([table])
    return layer(tensor(ids))


def embedding_mask(ids):
    return _layer(int(ids.max(initial=0)) + 1, 2, np.float32, mask_zero=True).compute_mask(tensor(ids))


def embedding_backward(dout, ids, vocab_size):
    table = np.zeros((vocab_size, dout.shape[-1]), dout.dtype)
    if ids.dtype not in (np.int32, np.int64):
        ids = ids.astype(np.int32)  # as keras.layers.Embedding casts other integer ids
    return gradients(lambda t: tf().gather(t, tensor(ids)), dout, table)[0]


embedding.__name__ = "keras.layers.Embedding"
embedding_mask.__name__ = "keras.layers.Embedding(mask_zero=True).compute_mask"
embedding_backward.__name__ = "GradientTape(tf.gather)"
