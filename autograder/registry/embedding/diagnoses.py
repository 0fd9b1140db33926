"""Diagnoses of the embedding topic: repeated ids that keep only their last gradient."""

from __future__ import annotations

import numpy as np

from .cases import max_repeats


def embedding_backward(case, got, expected):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    if not (isinstance(got, np.ndarray) and got.shape == expected.shape) or got.dtype.kind != "f":
        return []
    dout, ids, vocab = case.args
    if max_repeats(ids) < 2:
        return []
    last = np.zeros_like(expected)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    if np.allclose(got, last) and not np.allclose(last, expected):
        return [("diag_embedding_repeated_ids", {})]
    return []


