"""Cases of the embedding topic.

The layer: ids of every rank and int dtype (the padding id 0 and the last row
included), tiny vocabularies where every id repeats, length-1 sequences, an
empty batch.

Pretrained vectors: vocabularies of the course's corpus words and the
shipped word vectors (``datasets/word_vectors.txt``), with words missing from
the vectors, words that differ only in case, vectors for ``""`` and
``"[UNK]"``, both dtypes. ``nearest_words`` returns words, compared exactly,
so a case must not hinge on rounding: with the shipped vectors, the scores
that decide the answer are at least ``MARGIN`` apart (or exactly equal: zero
rows), and the ties (equal scores go to the lower index) come from "lattice"
tables whose every score is computed exactly in any order: rows of one
``±1`` or four ``±0.5`` entries scaled by a power of 2, so norms are powers of
2 and every product and sum is exact.
"""

from __future__ import annotations

import functools

import numpy as np

from ....datasets.word_vectors import load_word_vectors
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


# ---------------------------------------------------------------- pretrained vectors

#: Words the shipped vectors do not have (a capital, a plural, an apostrophe, Korean, an accent).
UNKNOWN = ("Great", "movies", "director's", "영화", "naïve", "zebra", "GREAT")
#: How far apart (cosine, or relative to the largest distance for l2) the deciding scores of a
#: case drawn from the shipped vectors must be: far beyond float32 rounding.
MARGIN = 1e-3


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[str, ...], np.ndarray]:
    vectors = load_word_vectors()
    return tuple(vectors), np.stack(list(vectors.values()))


def shipped_vectors(dtype=np.float32) -> dict[str, np.ndarray]:
    """The shipped word vectors as a fresh ``{word: vector}`` dict in ``dtype``."""
    words, matrix = _shipped()
    return {w: row.astype(dtype) for w, row in zip(words, matrix)}


def _vocabulary(rng, n: int, unknown: int = 0) -> list[str]:
    """``["", "[UNK]"]`` then ``n`` corpus words and ``unknown`` words without a vector, shuffled."""
    words = list(_shipped()[0])
    picked = [words[i] for i in rng.choice(len(words), n, replace=False)]
    picked += [UNKNOWN[i] for i in rng.choice(len(UNKNOWN), unknown, replace=False)]
    return ["", "[UNK]", *[picked[i] for i in rng.permutation(len(picked))]]


def _matrix(vocabulary, vectors, dtype) -> np.ndarray:
    """A pretrained matrix (rows 0 and 1 and words without a vector zero), for nearest_words' cases."""
    dim = len(next(iter(vectors.values())))
    return np.stack([np.zeros(dim) if i < 2 or w not in vectors else vectors[w]
                     for i, w in enumerate(vocabulary)]).astype(dtype)


def pretrained_matrix(rng):
    """``(vocabulary, vectors)`` with the ``dtype`` keyword."""
    out = []
    for label, given, vector_dtype in (("float32", {}, np.float32), ("float64", {"dtype": "float64"}, np.float32),
                                       ("float64 vectors, float32 matrix", {}, np.float64)):
        vocab = _vocabulary(rng, int(rng.integers(20, 40)), unknown=3)
        vectors = shipped_vectors(vector_dtype)
        for i in rng.choice(np.arange(2, len(vocab)), 3, replace=False):
            vectors.pop(vocab[i], None)  # words of the vocabulary without a vector: zero rows
        out.append(Case(f"{label}, corpus words", (vocab, vectors), given,
                        note="some words have no vector, many vectors are for words outside the vocabulary"))
    vectors = shipped_vectors()
    vectors[""], vectors["[UNK]"] = normal(rng, (16,), np.float32), normal(rng, (16,), np.float32)
    out.append(Case("vectors for '' and '[UNK]'", (_vocabulary(rng, 10), vectors),
                    note="rows 0 and 1 stay zero even when the vectors have those keys"))
    vectors = {w: v for w, v in shipped_vectors().items() if w.lower() == "great"}
    out.append(Case("words that differ in case", (["", "[UNK]", "GREAT", "great", "Great"], vectors), {"dtype": "float64"},
                    note="the lookup is exact: 'Great' is not 'great'"))
    out.append(Case("no word has a vector", (["", "[UNK]", *UNKNOWN[:4]], shipped_vectors(np.float64)),
                    note="every row is zero"))
    out.append(Case("only the special tokens", (["", "[UNK]"], shipped_vectors()), {"dtype": "float64"},
                    note="a (2, D) matrix of zeros"))
    words = [f"w{i}" for i in range(int(rng.integers(4, 9)))]
    vectors = {w: normal(rng, (1,), FLOAT_DTYPES[i % 2]) for i, w in enumerate(words)}
    out.append(Case("one number per word, mixed dtypes", (["", "[UNK]", *words[1:], "w99"], vectors),
                    {"dtype": "float64"}, note="D = 1; the result's dtype is dtype, whatever the vectors' is"))
    return out


def nearest_scores(table, w, metric) -> np.ndarray:
    """Every row's score against row ``w`` in float64 (higher is nearer), rows 0, 1 and ``w`` at -inf."""
    t = np.asarray(table, np.float64)
    if metric == "cosine":
        unit = t / np.sqrt(np.maximum((t * t).sum(axis=1), 1e-12))[:, None]
        scores = (unit * unit[w]).sum(axis=1)
    else:
        scores = -np.sqrt(((t - t[w]) ** 2).sum(axis=1))
    scores[[0, 1, w]] = -np.inf
    return scores


def _decided(table, w, k, metric) -> bool:
    """The answer for ``k`` does not hinge on rounding: neighbouring deciding scores are MARGIN apart or tie
    exactly (zero rows, or every row against a zero row under cosine)."""
    if metric == "cosine" and not table[w].any():
        return True
    scores = nearest_scores(table, w, metric)
    order = np.argsort(-scores, kind="stable")[: min(k + 1, len(scores) - 3)]
    scale = 1.0 if metric == "cosine" else float(-scores[order].min())
    return all(not (table[a].any() or table[b].any()) or scores[a] - scores[b] >= MARGIN * scale
               for a, b in zip(order[:-1], order[1:]))


def _corpus_case(rng, name, metric, k_of, dtype=np.float32, n=(30, 60), unknown=2, zero_word=False, note="",
                 explicit=False):
    """A nearest_words case on the shipped vectors whose answer is decided (redrawn until it is); ``metric``
    is passed only when it is not the default, unless ``explicit``."""
    for _ in range(500):
        vocab = _vocabulary(rng, int(rng.integers(*n)), unknown)
        table = _matrix(vocab, shipped_vectors(), dtype)
        words = [i for i in range(2, len(vocab)) if bool(table[i].any()) != zero_word]
        w, k = int(rng.choice(words)), int(k_of(rng, table))
        if _decided(table, w, k, metric):
            kwargs = {"metric": metric} if explicit or metric != "cosine" else {}
            return Case(name, (table, vocab, vocab[w], k), kwargs, note=note)
    raise RuntimeError(f"no decided nearest_words case for {name!r}")


def _lattice_row(rng, dim) -> np.ndarray:
    row = np.zeros(dim)
    if rng.random() < 0.4:
        row[rng.integers(dim)] = rng.choice([-1.0, 1.0])
    else:
        row[rng.choice(dim, 4, replace=False)] = rng.choice([-0.5, 0.5], 4)
    return row * rng.choice([0.5, 1.0, 2.0, 4.0])


def lattice_table(rng, rows, dim, w, copies=3, zeros=2, specials_like_word=False):
    """A lattice table of ``rows`` rows (exact scores) with repeated rows, scaled copies of the word's row,
    zero rows, and rows 0 and 1 equal to the word's row when ``specials_like_word``."""
    table = np.stack([_lattice_row(rng, dim) for _ in range(rows)])
    free = [i for i in range(2, rows) if i != w]
    picks = rng.choice(free, 2 * copies + zeros, replace=False)
    for a, b in zip(picks[:copies], picks[copies:2 * copies]):
        table[b] = table[a] * (rng.choice([1.0, 2.0]) if a % 2 else 1.0)  # equal rows and scaled copies
    table[picks[2 * copies:]] = 0.0
    if specials_like_word:
        table[0], table[1] = table[w], table[w] * 2
    else:
        table[:2] = 0.0
    return table


def _lattice_case(rng, name, metric, dtype, k_of, word="random", note="", **options):
    rows, dim = int(rng.integers(13, 19)), int(rng.integers(4, 9))
    w = {"random": int(rng.integers(2, rows)), "last": rows - 1, "first": 2}[word]
    table = lattice_table(rng, rows, dim, w, **options).astype(dtype)
    vocab = ["", "[UNK]", *rng.permutation(list(_shipped()[0]))[: rows - 2].tolist()]
    k = int(k_of(rng, table))
    return Case(name, (table, vocab, vocab[w], k), {} if metric == "cosine" else {"metric": metric}, note=note)


def _some(rng, table):
    return rng.integers(3, 9)


def _all(rng, table):
    return len(table) - 3


def nearest_words(rng):
    """``(table, vocabulary, word, k)`` with the ``metric`` keyword."""
    out = [
        _corpus_case(rng, "float32 cosine, corpus words", "cosine", _some, note="the shipped word vectors"),
        _corpus_case(rng, "float32 l2, corpus words", "l2", _some, note="smallest Euclidean distance first"),
        _corpus_case(rng, "float64 cosine, metric given", "cosine", _some, np.float64, explicit=True),
        _corpus_case(rng, "k = 1", "cosine", lambda r, t: 1),
        _corpus_case(rng, "float64 l2, k = 1", "l2", lambda r, t: 1, np.float64),
        _corpus_case(rng, "a word without a vector", "cosine", _some, unknown=3, zero_word=True,
                     note="its row is zero: every cosine similarity is 0, so the k lowest indices win"),
        _corpus_case(rng, "words without vectors among the candidates", "cosine", _all, n=(8, 12), unknown=4,
                     note="zero rows have cosine 0: after the positive similarities, before the negative ones"),
        _corpus_case(rng, "k = V - 3, every candidate in order", "l2", _all, n=(9, 14), unknown=0),
        _lattice_case(rng, "equal vectors: the lower index first", "cosine", np.float32, _all,
                      note="equal and scaled copies of rows tie exactly"),
        _lattice_case(rng, "equal vectors, l2", "l2", np.float64, _all, word="last",
                      note="equal rows tie; scaled copies do not (the word is the last row)"),
        _lattice_case(rng, "rows 0 and 1 like the word", "cosine", np.float32, _all, word="first",
                      specials_like_word=True, note="rows 0 and 1 are never returned, however near"),
        _lattice_case(rng, "rows 0 and 1 like the word, l2", "l2", np.float32, _some, specials_like_word=True),
        _lattice_case(rng, "zero rows and negative similarities", "cosine", np.float64, _all, zeros=4,
                      note="zero rows (cosine 0) rank above the negative similarities"),
    ]
    return out
