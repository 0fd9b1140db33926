"""Candidate mistakes of the embedding topic: repeated ids that keep only their last gradient."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate
from .cases import max_repeats


def embedding_backward(case, expected):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    dout, ids, vocab = case.args
    if max_repeats(ids) < 2:
        return []
    last = np.zeros_like(expected)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    return candidate("diag_embedding_repeated_ids", last, expected, case.terms)
