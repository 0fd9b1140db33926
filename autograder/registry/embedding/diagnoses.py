"""Candidate mistakes of the embedding topic: repeated ids that keep only their last gradient; nearest words
that follow the other metric or the reverse order, turn zero rows into NaN, or break ties the wrong way.
The answer-free checks (rows 0 and 1 given vectors; the word itself or a special token among its nearest)
are in :mod:`autograder.diagnose_checks`."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate
from .cases import max_repeats, nearest_scores

#: What each metric ranks first, for the messages.
_MEANING = {"cosine": ("the largest cosine similarity", "코사인 유사도가 큰 것부터"),
            "l2": ("the smallest Euclidean distance", "유클리드(L2) 거리가 작은 것부터")}


def embedding_backward(case, expected):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    dout, ids, vocab = case.args
    if max_repeats(ids) < 2:
        return []
    last = np.zeros_like(expected)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    return candidate("diag_embedding_repeated_ids", last, expected, case.terms)


def _ranked(vocabulary, scores, k, later_ties_first=False):
    """The ``k`` best words by score; equal scores in vocabulary order (or, the slip, the later word first)."""
    order = np.lexsort((-np.arange(len(scores)), -scores)) if later_ties_first else np.argsort(-scores, kind="stable")
    return [vocabulary[i] for i in order[:k]]


def _nan_for_zero_rows(table, w):
    """Cosine scores as x / sqrt(sum(x**2)) gives them: NaN for zero rows (they sort after everything)."""
    t = np.asarray(table, np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = t / np.sqrt((t * t).sum(axis=1))[:, None]
        scores = (unit * unit[w]).sum(axis=1)
    scores[[0, 1, w]] = -np.inf
    return scores


def nearest_words(case, expected):
    """Known slips recomputed (NaN for zero rows, the other metric, the reverse order, ties broken towards the
    later word); the first that fits is reported."""
    table, vocabulary, word, k = case.args
    metric = case.kwargs.get("metric", "cosine")
    w = vocabulary.index(word, 2)
    scores = nearest_scores(table, w, metric)
    found = []
    if metric == "cosine" and not np.asarray(table).any(axis=1)[2:].all():
        found += candidate("diag_nearest_zero_rows", _ranked(vocabulary, _nan_for_zero_rows(table, w), k), expected,
                           mode="exact", alone=True)
    other = "l2" if metric == "cosine" else "cosine"
    meaning, meaning_ko = _MEANING[metric]
    found += candidate("diag_nearest_metric", _ranked(vocabulary, nearest_scores(table, w, other), k), expected,
                       fields={"metric": metric, "other": other, "meaning": meaning, "meaning_ko": meaning_ko},
                       mode="exact", alone=True)
    found += candidate("diag_nearest_direction", _ranked(vocabulary, np.where(np.isfinite(scores), -scores, -np.inf), k),
                       expected, mode="exact", alone=True)
    found += candidate("diag_nearest_ties", _ranked(vocabulary, scores, k, later_ties_first=True), expected,
                       mode="exact", alone=True)
    return found
