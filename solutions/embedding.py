"""Embedding: a trainable lookup table from token ids to dense vectors.

Course notes, Word Embedding: the input is a ``(samples, sequence_length)``
integer tensor, the output a ``(samples, sequence_length, dim)`` float tensor
(밀집 단어 벡터, learnt from the data by backpropagation). Mirrors
``keras.layers.Embedding``: the forward pass is ``table[ids]``, the mask of
``mask_zero=True`` marks the padding id 0, and the gradient of the table is a
scatter-add: every occurrence of an id adds its upstream gradient to that row.

Course notes: a **pretrained word embedding** (미리 계산된 단어 임베딩: GloVe,
word2vec) is loaded into the layer's table instead of being learnt, and the
meaning of words shows in the distance and direction between their vectors.
``pretrained_matrix`` builds that table from a vocabulary and a dict of word
vectors (Deep Learning with Python's GloVe recipe); ``nearest_words`` reads it
back: the words whose vectors are closest to a word's.
"""

import numpy as np
from numba import njit

from ._validate import (as_float_array, require_choice, require_int_array, require_ndim, require_str,
                        require_str_list)


def _ids_and_table(ids, table):
    """Check ``ids`` (ints in ``[0, vocab)``) against ``table`` (rank 2); return them as arrays."""
    table = as_float_array(table, "table")
    require_ndim(table, 2, "table", "(vocab_size, dim)")
    ids = require_int_array(ids, "ids")
    _require_in_range(ids, table.shape[0], f"table of shape {table.shape}")
    return ids, table


def _require_in_range(ids, vocab_size, what):
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"ids must lie in [0, {vocab_size}) for the {what}, got values from "
                         f"{ids.min()} to {ids.max()} (ids of shape {ids.shape})")


def embedding(ids, table):
    """Look up one row of ``table`` per id. Mirrors ``keras.layers.Embedding`` with ``table`` as its weights.

    ids: integer array, any shape, values in ``[0, vocab_size)``.
    table: float array ``(vocab_size, dim)`` (the layer's ``embeddings``).
    Returns: ``ids.shape + (dim,)``, dtype of ``table``.
    """
    ids, table = _ids_and_table(ids, table)
    ### BEGIN SOLUTION
    return table[ids]
    ### END SOLUTION


def embedding_mask(ids):
    """The mask of ``keras.layers.Embedding(mask_zero=True)``: True where ``ids != 0`` (0 is padding).

    ids: integer array, any shape.  Returns: bool array of the same shape.
    """
    ids = require_int_array(ids, "ids")
    ### BEGIN SOLUTION
    return ids != 0
    ### END SOLUTION


### BEGIN SOLUTION
@njit(cache=True)
def _scatter_add_rows(ids, grads, vocab_size):
    """``out[ids[i]] += grads[i]`` for every i, in order: the dense form of TF's IndexedSlices gradient."""
    n, dim = grads.shape
    out = np.zeros((vocab_size, dim), grads.dtype)
    for i in range(n):
        row = ids[i]
        for j in range(dim):
            out[row, j] += grads[i, j]
    return out
### END SOLUTION


def embedding_backward(dout, ids, vocab_size):
    """Gradient of the table: ``dtable[v] = sum of dout[p]`` over the positions p where ``ids[p] == v``.

    A repeated id adds up (``dtable[ids] += dout`` in NumPy would keep only one
    of them). Rows of ids that never occur are zero. Checked against
    ``tf.GradientTape`` on the lookup (``tf.gather``), whose IndexedSlices
    gradient is made dense with ``tf.convert_to_tensor``.

    dout: float array ``ids.shape + (dim,)``.  ids: integer array, values in
    ``[0, vocab_size)``.  vocab_size: int, rows of the table.
    Returns: dtable, ``(vocab_size, dim)`` in dout's dtype.
    """
    dout = as_float_array(dout, "dout")
    ids = require_int_array(ids, "ids")
    if not isinstance(vocab_size, (int, np.integer)) or isinstance(vocab_size, bool) or vocab_size < 1:
        raise ValueError(f"vocab_size must be a positive int, got {vocab_size!r}")
    if dout.ndim != ids.ndim + 1 or dout.shape[:-1] != ids.shape:
        raise ValueError(f"dout must have shape ids.shape + (dim,) = {ids.shape} + (dim,), got {dout.shape}")
    _require_in_range(ids, vocab_size, f"vocab_size {vocab_size}")
    ### BEGIN SOLUTION
    flat_ids = np.ascontiguousarray(ids.reshape(-1), dtype=np.int64)
    flat = np.ascontiguousarray(dout.reshape(-1, dout.shape[-1]))
    return _scatter_add_rows(flat_ids, flat, int(vocab_size))
    ### END SOLUTION


def _vocabulary(vocabulary):
    """``vocabulary`` as a list of str starting with the padding ``""`` and ``"[UNK]"``."""
    vocabulary = require_str_list(vocabulary, "vocabulary")
    if vocabulary[:2] != ["", "[UNK]"]:
        raise ValueError("vocabulary must start with '' (padding) and '[UNK]', as text.build_vocabulary returns it, "
                         f"got {vocabulary[:2]!r}")
    return vocabulary


def _word_vectors(vectors):
    """Check ``vectors`` (a non-empty dict from str to 1-D float arrays of one length); return their length."""
    if not isinstance(vectors, dict) or not vectors:
        raise ValueError(f"vectors must be a non-empty dict from word to a 1-D array, got {type(vectors).__name__}"
                         + (" (empty)" if isinstance(vectors, dict) else ""))
    dim = None
    for word, vector in vectors.items():
        name = f"vectors[{word!r}]"
        require_str(word, f"every key of vectors ({word!r})")
        vector = as_float_array(vector, name)
        require_ndim(vector, 1, name, "(dim,)")
        if dim is not None and vector.shape != (dim,):
            raise ValueError(f"{name} has shape {vector.shape} but the vectors before it have ({dim},): "
                             "all vectors must have one length")
        dim = vector.shape[0]
    if dim == 0:
        raise ValueError("vectors must hold at least one number each, got vectors of length 0")
    return dim


def pretrained_matrix(vocabulary, vectors, dtype="float32"):
    """The embedding matrix of ``vocabulary`` from pretrained word vectors (GloVe, word2vec).

    vocabulary: list of V str as ``text.build_vocabulary`` returns it (index 0
    the padding ``""``, index 1 ``"[UNK]"``).  vectors: dict from word to a
    1-D float array, all of one length D (what ``datasets.word_vectors.load_word_vectors``
    returns).  dtype: "float32" or "float64".
    Returns: ``(V, D)`` array of ``dtype``: row i is ``vectors[vocabulary[i]]``
    where that word has a vector, zeros otherwise, and always zeros for rows 0
    and 1. Ready for ``keras.layers.Embedding(V, D, embeddings_initializer=
    keras.initializers.Constant(matrix), trainable=False)``.
    """
    vocabulary = _vocabulary(vocabulary)
    dim = _word_vectors(vectors)
    try:
        chosen = None if dtype is None else np.dtype(dtype)
    except TypeError:
        chosen = None
    if chosen not in (np.float32, np.float64):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    ### BEGIN SOLUTION
    matrix = np.zeros((len(vocabulary), dim), chosen)
    for i, word in enumerate(vocabulary):
        if i >= 2 and word in vectors:
            matrix[i] = vectors[word]
    return matrix
    ### END SOLUTION


def nearest_words(table, vocabulary, word, k, metric="cosine"):
    """The ``k`` words whose rows of ``table`` are closest to ``word``'s, nearest first.

    table: float array ``(V, D)``, one row per word of ``vocabulary`` (e.g. a
    ``pretrained_matrix``).  vocabulary: list of V str (index 0 ``""``, index
    1 ``"[UNK]"``).  word: a word of the vocabulary (index 2 or more).  k: int
    in ``[1, V - 3]``.  metric: ``"cosine"`` (largest cosine similarity first)
    or ``"l2"`` (smallest Euclidean distance first).
    Returns: a list of k str, never ``word`` itself nor the rows 0 and 1;
    equal scores go to the lower index (as ``tf.math.top_k`` orders them).
    Cosine similarity is computed as ``tf.math.l2_normalize`` does, dividing
    each row by ``sqrt(max(sum(row**2), 1e-12))``: an all-zero row (a word
    without a vector) stays zero, so its similarity with every word is 0.
    """
    table = as_float_array(table, "table")
    require_ndim(table, 2, "table", "(vocab_size, dim)")
    vocabulary = require_str_list(vocabulary, "vocabulary")
    if len(vocabulary) != table.shape[0]:
        raise ValueError(f"table has {table.shape[0]} rows (shape {table.shape}) but vocabulary has "
                         f"{len(vocabulary)} words; they must match")
    require_str(word, "word")
    if word not in vocabulary[2:]:
        raise ValueError(f"word {word!r} is not a word of the vocabulary (indices 2 to {len(vocabulary) - 1})")
    limit = len(vocabulary) - 3
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not 1 <= k <= limit:
        raise ValueError(f"k must be an int in [1, {limit}] (the words other than '', '[UNK]' and word), got {k!r}")
    require_choice(metric, ("cosine", "l2"), "metric")
    ### BEGIN SOLUTION
    w = vocabulary.index(word, 2)
    if metric == "cosine":
        unit = table / np.sqrt(np.maximum((table * table).sum(axis=1), 1e-12))[:, None]
        scores = (unit * unit[w]).sum(axis=1)  # row by row: equal rows get equal scores
    else:
        scores = -np.sqrt(((table - table[w]) ** 2).sum(axis=1))
    scores[[0, 1, w]] = -np.inf
    order = np.argsort(-scores, kind="stable")  # stable: among equal scores the lower index comes first
    return [vocabulary[i] for i in order[:k]]
    ### END SOLUTION
