"""Diagnoses of the embedding topic: repeated ids that keep only their last gradient; rows 0 and 1 given
vectors; nearest words that include the word itself or the special tokens, follow the other metric or the
reverse order, turn zero rows into NaN, or break ties the wrong way."""

from __future__ import annotations

import numpy as np

from .cases import max_repeats, nearest_scores

#: What each metric ranks first, for the messages.
_MEANING = {"cosine": ("the largest cosine similarity", "코사인 유사도가 큰 것부터"),
            "l2": ("the smallest Euclidean distance", "유클리드(L2) 거리가 작은 것부터")}


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


def pretrained_matrix(case, got, expected):
    """Rows 0 and 1 filled from vectors that have '' or '[UNK]' keys."""
    vocabulary, vectors = case.args
    if not (isinstance(got, np.ndarray) and got.shape == np.shape(expected) and got.ndim == 2):
        return []
    if any(vocabulary[i] in vectors and np.any(got[i] != 0) for i in (0, 1)):
        return [("diag_pretrained_specials", {})]
    return []


def _ranked(vocabulary, scores, k):
    return [vocabulary[i] for i in np.argsort(-scores, kind="stable")[:k]]


def _nan_for_zero_rows(table, w):
    """Cosine scores as x / sqrt(sum(x**2)) gives them: NaN for zero rows (they sort after everything)."""
    t = np.asarray(table, np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = t / np.sqrt((t * t).sum(axis=1))[:, None]
        scores = (unit * unit[w]).sum(axis=1)
    scores[[0, 1, w]] = -np.inf
    return scores


def nearest_words(case, got, expected):
    """A known slip recomputed (NaN for zero rows, the other metric, the reverse order), else the word itself or
    a special token returned, else the right scores with ties in the wrong order."""
    if not (isinstance(got, list) and all(isinstance(g, str) for g in got)) or got == expected:
        return []
    table, vocabulary, word, k = case.args
    metric = case.kwargs.get("metric", "cosine")
    w = vocabulary.index(word, 2)
    scores = nearest_scores(table, w, metric)
    if metric == "cosine" and not np.asarray(table).any(axis=1)[2:].all() and \
            got == _ranked(vocabulary, _nan_for_zero_rows(table, w), k):
        return [("diag_nearest_zero_rows", {})]
    other = "l2" if metric == "cosine" else "cosine"
    if got == _ranked(vocabulary, nearest_scores(table, w, other), k):
        meaning, meaning_ko = _MEANING[metric]
        return [("diag_nearest_metric", {"metric": metric, "other": other, "meaning": meaning,
                                         "meaning_ko": meaning_ko})]
    if got == _ranked(vocabulary, np.where(np.isfinite(scores), -scores, -np.inf), k):
        return [("diag_nearest_direction", {})]
    found = []
    if word in got:
        found.append(("diag_nearest_self", {"word": word}))
    if "" in got or "[UNK]" in got:
        found.append(("diag_nearest_specials", {}))
    index = {v: i for i, v in enumerate(vocabulary)}
    if not found and len(got) == len(expected) and all(g in index for g in got) and \
            [scores[index[g]] for g in got] == [scores[index[e]] for e in expected]:
        found.append(("diag_nearest_ties", {}))
    return found
