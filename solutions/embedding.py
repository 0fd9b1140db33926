"""Embedding: a trainable lookup table from token ids to dense vectors.

Course notes, Word Embedding: the input is a ``(samples, sequence_length)``
integer tensor, the output a ``(samples, sequence_length, dim)`` float tensor
(밀집 단어 벡터, learnt from the data by backpropagation). Mirrors
``keras.layers.Embedding``: the forward pass is ``table[ids]``, the mask of
``mask_zero=True`` marks the padding id 0, and the gradient of the table is a
scatter-add: every occurrence of an id adds its upstream gradient to that row.
"""

import numpy as np
from numba import njit

from ._validate import as_float_array, require_int_array, require_ndim


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
