"""Oracles of the text topic: ``keras.layers.TextVectorization`` with its defaults, ``keras.utils.pad_sequences``
and ``keras.layers.Hashing``.

``standardize``, ``tokenize`` and ``ngrams`` read the tokens the layer's own
preprocessing (``TextVectorization._preprocess``: lower, strip, split,
n-grams) produces; every string an oracle returns is a plain ``str``.
"""

from __future__ import annotations

import numpy as np

from ...tfbridge import keras, tf


def _text_layer(**kwargs):
    return keras().layers.TextVectorization(**kwargs)


def _preprocessed(layer, texts):
    """The layer's own preprocessing of ``texts``: a list of str, or of lists of str."""
    out = layer._preprocess(tf().constant(texts, dtype=tf().string))
    if hasattr(out, "to_list"):
        return [[t.decode("utf-8") for t in row] for row in out.to_list()]
    return [t.decode("utf-8") for t in out.numpy().tolist()]


def standardize(text):
    return _preprocessed(_text_layer(split=None), [text])[0]


def tokenize(text):
    return _preprocessed(_text_layer(), [text])[0]


def ngrams(tokens, n):
    # The tokens hold no whitespace, so joining them and splitting again gives them back.
    return _preprocessed(_text_layer(standardize=None, ngrams=n), [" ".join(tokens)])[0]


def build_vocabulary(texts, max_tokens=None, ngrams=None):
    layer = _text_layer(max_tokens=max_tokens, ngrams=ngrams)
    layer.adapt(tf().constant(texts, dtype=tf().string))
    return [str(t) for t in layer.get_vocabulary(include_special_tokens=True)]


def _idf_from_texts(texts, tokens, ngrams):
    """idf of each token as ``adapt`` computes it on ``texts`` (float32).

    A tf_idf layer adapted on ``texts`` and called on the text made of one
    token alone gives that token's idf in its own column (count 1).
    """
    t = tf()
    layer = _text_layer(output_mode="tf_idf", ngrams=ngrams)
    try:
        layer.adapt(t.constant(texts, dtype=t.string))
        learnt = [str(v) for v in layer.get_vocabulary()]
    except AttributeError:  # Keras cannot finalise tf_idf on texts without any token
        learnt = ["[UNK]"]
    idf = {}
    if len(learnt) > 1:
        rows = layer(t.constant(learnt[1:], dtype=t.string)).numpy()
        idf = {tok: rows[i, i + 1] for i, tok in enumerate(learnt[1:])}
    unseen = t.cast(t.math.log(1 + t.constant(len(texts), t.int64) / (1 + t.constant(0, t.int64))), "float32")
    return np.array([idf.get(tok, unseen.numpy()) for tok in tokens], np.float32)


def vectorize(texts, vocabulary, output_mode="int", sequence_length=None, ngrams=None, idf_weights=None):
    t = tf()
    if output_mode == "int":
        layer = _text_layer(vocabulary=list(vocabulary), output_mode="int", output_sequence_length=sequence_length,
                            ngrams=ngrams)
    else:
        tokens = list(vocabulary[2:])  # no mask slot outside int mode: Keras wants the tokens alone
        if output_mode == "tf_idf" and idf_weights is None:
            idf_weights = _idf_from_texts(texts, tokens, ngrams)
        layer = _text_layer(vocabulary=tokens, output_mode=output_mode, ngrams=ngrams,
                            idf_weights=idf_weights if output_mode == "tf_idf" else None)
    return layer(t.constant(texts, dtype=t.string))


def pad_sequences(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    return keras().utils.pad_sequences(sequences, maxlen=maxlen, padding=padding, truncating=truncating, value=value)


def hash_tokens(tokens, num_bins, salt):
    layer = keras().layers.Hashing(num_bins, salt=list(salt) if isinstance(salt, tuple) else salt)
    return layer(tf().constant(tokens, dtype=tf().string))


standardize.__name__ = "TextVectorization standardize"
tokenize.__name__ = "TextVectorization standardize + split"
ngrams.__name__ = "TextVectorization(ngrams=n)"
build_vocabulary.__name__ = "TextVectorization.adapt().get_vocabulary()"
vectorize.__name__ = "TextVectorization(vocabulary=...)"
pad_sequences.__name__ = "keras.utils.pad_sequences"
hash_tokens.__name__ = "keras.layers.Hashing(salt=...)"
