"""Oracles of the embedding topic: ``keras.layers.Embedding`` with the case's table, its ``compute_mask``,
``tf.GradientTape`` on ``tf.gather`` (the lookup the layer computes); for pretrained vectors a
``tf.lookup.StaticHashTable`` and ``tf.gather``, and ``tf.math.l2_normalize``, ``tf.linalg.matmul``
and ``tf.math.top_k``."""

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


def pretrained_matrix(vocabulary, vectors, dtype="float32"):
    """Every word looked up in a ``StaticHashTable`` from word to row of the stacked vectors (a missing
    word, and rows 0 and 1, to an all-zero row), then ``tf.gather``."""
    t = tf()
    words = list(vectors)
    rows = np.stack([np.asarray(vectors[w], np.float64) for w in words])
    stacked = t.constant(np.concatenate([np.zeros((1, rows.shape[1])), rows]).astype(dtype))
    lookup = t.lookup.StaticHashTable(
        t.lookup.KeyValueTensorInitializer(t.constant(words, t.string), t.range(1, len(words) + 1, dtype=t.int64)),
        default_value=0)
    ids = lookup.lookup(t.constant(vocabulary, t.string))
    ids = t.where(t.range(len(vocabulary), dtype=t.int64) < 2, t.zeros_like(ids), ids)  # padding and [UNK]
    return t.gather(stacked, ids)


def nearest_words(table, vocabulary, word, k, metric="cosine"):
    """``tf.math.top_k`` of the cosine similarities (``tf.math.l2_normalize`` rows, ``tf.linalg.matmul``) or of
    the negated Euclidean distances, rows 0, 1 and the word's own at -inf; top_k keeps the lower index
    first among equal scores."""
    t = tf()
    w = vocabulary.index(word, 2)
    x = tensor(table)
    if metric == "cosine":
        unit = t.math.l2_normalize(x, axis=1)
        scores = t.linalg.matmul(unit, unit[w:w + 1], transpose_b=True)[:, 0]
    else:
        scores = -t.norm(x - x[w], axis=1)
    excluded = t.constant([[0], [1], [w]])
    scores = t.tensor_scatter_nd_update(scores, excluded, t.fill([3], t.constant(-np.inf, scores.dtype)))
    return [vocabulary[i] for i in t.math.top_k(scores, k).indices.numpy()]


pretrained_matrix.__name__ = "tf.lookup.StaticHashTable + tf.gather"
nearest_words.__name__ = "tf.math.l2_normalize + tf.linalg.matmul + tf.math.top_k"
