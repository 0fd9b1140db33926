"""Mistakes of the embedding topic: repeated ids that keep only their last gradient."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake
from .cases import max_repeats


def _last_write_wins(case):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    dout, ids, vocab = case.args
    last = np.zeros((vocab, dout.shape[-1]), dout.dtype)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    return last


EMBEDDING_BACKWARD = (Mistake("diag_embedding_repeated_ids", _last_write_wins,
                              lambda case: max_repeats(case.args[1]) >= 2),)
