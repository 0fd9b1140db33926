"""Cases of the embedding topic: ids of every rank and int dtype (the padding id 0 and the last row
included), tiny vocabularies where every id repeats, length-1 sequences, an empty batch."""

from __future__ import annotations

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal

INT_DTYPES = (np.int32, np.int64, np.uint8, np.int16)


def _ids(rng, shape, vocab, dtype, edges=True):
    ids = rng.integers(0, vocab, shape).astype(dtype)
    if edges and ids.size >= 2:
        flat = ids.reshape(-1)
        flat[0], flat[-1] = 0, vocab - 1  # padding id and the last row
    return ids


def _specs(rng):
    """(name, ids, vocab, dim, float dtype, note)."""
    out = []
    for k, dt in enumerate(FLOAT_DTYPES):
        n = np.dtype(dt).name
        v, d = int(rng.integers(5, 30)), int(rng.integers(2, 9))
        out.append((f"{n} (batch, time)", _ids(rng, (int(rng.integers(2, 6)), int(rng.integers(3, 9))), v,
                                                INT_DTYPES[k]), v, d, dt, ""))
        v = int(rng.integers(2, 4))
        out.append((f"{n} repeated ids", _ids(rng, (4, int(rng.integers(8, 16))), v, np.int64), v,
                    int(rng.integers(2, 6)), dt, "a tiny vocabulary: every id occurs many times"))
    v = int(rng.integers(10, 40))
    out.append(("float32 length-1 sequences, uint8 ids", _ids(rng, (int(rng.integers(2, 6)), 1), v, np.uint8, False),
                v, 3, np.float32, "sequences of length 1"))
    out.append(("float64 rank 1 ids, int16", _ids(rng, (int(rng.integers(3, 9)),), 12, np.int16), 12, 4, np.float64,
                "a flat list of ids"))
    out.append(("float32 rank 3 ids", _ids(rng, (2, 3, 4), 9, np.int32), 9, 5, np.float32, "ids of any rank"))
    out.append(("float32 padded ids", np.array([[0, 0, 3, 4], [5, 6, 0, 0]], np.int32), 7, 3, np.float32,
                "0 is still looked up (row 0 of the table)"))
    out.append(("float64 empty batch", np.zeros((0, 4), np.int64), 6, 3, np.float64, "no ids at all"))
    return out


def max_repeats(ids) -> int:
    return int(np.bincount(ids.reshape(-1).astype(np.int64)).max()) if ids.size else 1


def embedding(rng):
    """``(ids, table)``."""
    return [Case(name, (ids, normal(rng, (v, d), dt)), note=note) for name, ids, v, d, dt, note in _specs(rng)]


def embedding_mask(rng):
    """``(ids,)``."""
    return [Case(name.split(" ", 1)[1], (ids,), note=note) for name, ids, v, d, dt, note in _specs(rng)]


def embedding_backward(rng):
    """``(dout, ids, vocab_size)``; ``terms`` is how often the most repeated id occurs."""
    out = []
    for name, ids, v, d, dt, note in _specs(rng):
        out.append(Case(name, (normal(rng, ids.shape + (d,), dt), ids, v), terms=max_repeats(ids), note=note))
    ids = _ids(rng, (3, 5), 6, np.int32)
    out.append(Case("float32 vocab_size larger than the ids", (normal(rng, (3, 5, 4), np.float32), ids, 40),
                    terms=max_repeats(ids), note="rows of ids that never occur are zero"))
    return out


