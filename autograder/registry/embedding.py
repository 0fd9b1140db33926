"""Registry: the embedding topic (``solutions/embedding.py``).

The forward oracle is ``keras.layers.Embedding`` built with the case's table
(``dtype`` = the table's dtype), its mask ``compute_mask`` of a
``mask_zero=True`` layer; the backward is ``tf.GradientTape`` on the lookup
(``tf.gather``, what the layer computes), whose IndexedSlices gradient is
made dense by ``tf.convert_to_tensor`` (see ``tfbridge.gradients``).
"""

from __future__ import annotations

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal
from ..diagnose import candidate
from ..exercise import Exercise, Topic
from ..tfbridge import gradients, keras, tensor, tf

TOPIC = "embedding"
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


def _max_repeats(ids) -> int:
    return int(np.bincount(ids.reshape(-1).astype(np.int64)).max()) if ids.size else 1


def _forward_cases(rng):
    return [Case(name, (ids, normal(rng, (v, d), dt)), note=note) for name, ids, v, d, dt, note in _specs(rng)]


def _mask_cases(rng):
    return [Case(name.split(" ", 1)[1], (ids,), note=note) for name, ids, v, d, dt, note in _specs(rng)]


def _backward_cases(rng):
    out = []
    for name, ids, v, d, dt, note in _specs(rng):
        out.append(Case(name, (normal(rng, ids.shape + (d,), dt), ids, v), terms=_max_repeats(ids), note=note))
    ids = _ids(rng, (3, 5), 6, np.int32)
    out.append(Case("float32 vocab_size larger than the ids", (normal(rng, (3, 5, 4), np.float32), ids, 40),
                    terms=_max_repeats(ids), note="rows of ids that never occur are zero"))
    return out


def _layer(vocab, dim, dtype, mask_zero=False):
    layer = keras().layers.Embedding(vocab, dim, mask_zero=mask_zero, dtype=np.dtype(dtype).name)
    layer.build()
    return layer


def _forward_oracle(ids, table):
    layer = _layer(table.shape[0], table.shape[1], table.dtype)
    layer.set_weights([table])
    return layer(tensor(ids))


def _mask_oracle(ids):
    return _layer(int(ids.max(initial=0)) + 1, 2, np.float32, mask_zero=True).compute_mask(tensor(ids))


def _backward_oracle(dout, ids, vocab_size):
    table = np.zeros((vocab_size, dout.shape[-1]), dout.dtype)
    if ids.dtype not in (np.int32, np.int64):
        ids = ids.astype(np.int32)  # as keras.layers.Embedding casts other integer ids
    return gradients(lambda t: tf().gather(t, tensor(ids)), dout, table)[0]


_forward_oracle.__name__ = "keras.layers.Embedding"
_mask_oracle.__name__ = "keras.layers.Embedding(mask_zero=True).compute_mask"
_backward_oracle.__name__ = "GradientTape(tf.gather)"


def _backward_mistakes(case, expected):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    dout, ids, vocab = case.args
    if _max_repeats(ids) < 2:
        return []
    last = np.zeros_like(expected)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    return candidate("diag_embedding_repeated_ids", last, expected, case.terms)


HINTS = {
    "embedding": {
        "en": "The lookup is table[ids]: NumPy's integer indexing gives shape ids.shape + (dim,) and keeps table's dtype.",
        "ko": "임베딩 조회는 table[ids]입니다. 정수 인덱싱으로 ids.shape + (dim,) 형상이 되고 table의 dtype이 유지됩니다.",
    },
    "embedding_mask": {
        "en": "mask_zero=True marks padding: True where ids != 0, as a bool array of ids' shape.",
        "ko": "mask_zero=True는 패딩을 표시합니다. ids != 0인 곳이 True인 bool 배열(ids와 같은 형상)입니다.",
    },
    "embedding_backward": {
        "en": "Start from zeros (vocab_size, dim) and add each position's dout to the row of its id; repeated ids must "
              "add up (dtable[ids] += dout does not; use np.add.at or a loop).",
        "ko": "(vocab_size, dim) 영행렬에서 시작해 각 위치의 dout을 그 id의 행에 더하세요. 반복된 id는 누적되어야 합니다 "
              "(dtable[ids] += dout은 누적하지 않습니다. np.add.at이나 반복문을 쓰세요).",
    },
}


EXERCISES = (
    Exercise(TOPIC, "embedding", 1, _forward_cases, _forward_oracle, HINTS["embedding"]),
    Exercise(TOPIC, "embedding_mask", 1, _mask_cases, _mask_oracle, HINTS["embedding_mask"]),
    Exercise(TOPIC, "embedding_backward", 2, _backward_cases, _backward_oracle, HINTS["embedding_backward"],
             mistakes=_backward_mistakes),
)

topic = Topic(TOPIC, {"en": "Embedding", "ko": "임베딩"}, EXERCISES)
