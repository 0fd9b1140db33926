"""Mistakes of the embedding topic: repeated ids that keep only their last gradient; nearest words by the other
metric, in the reverse order, or with zero rows turned into NaN; and what the output alone shows: rows 0 and 1
given vectors, nearest words that include the word itself or the special tokens, or break ties the wrong way."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake
from .cases import max_repeats, nearest_scores

#: What each metric ranks first, for the messages.
_MEANING = {"cosine": ("the largest cosine similarity", "코사인 유사도가 큰 것부터"),
            "l2": ("the smallest Euclidean distance", "유클리드(L2) 거리가 작은 것부터")}


def _last_write_wins(case):
    """``dtable[ids] += dout`` buffers: each repeated id keeps only its last gradient."""
    dout, ids, vocab = case.args
    last = np.zeros((vocab, dout.shape[-1]), dout.dtype)
    last[ids.reshape(-1)] = dout.reshape(-1, dout.shape[-1])
    return last


EMBEDDING_BACKWARD = (Mistake("diag_embedding_repeated_ids", _last_write_wins,
                              lambda case: max_repeats(case.args[1]) >= 2),)


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


def _parts(case):
    table, vocabulary, word, k = case.args
    return table, vocabulary, vocabulary.index(word, 2), k, case.kwargs.get("metric", "cosine")


def _zero_rows_nan(case):
    table, vocabulary, w, k, _ = _parts(case)
    return _ranked(vocabulary, _nan_for_zero_rows(table, w), k)


def _other_metric(case):
    table, vocabulary, w, k, metric = _parts(case)
    return _ranked(vocabulary, nearest_scores(table, w, "l2" if metric == "cosine" else "cosine"), k)


def _reversed(case):
    table, vocabulary, w, k, metric = _parts(case)
    scores = nearest_scores(table, w, metric)
    return _ranked(vocabulary, np.where(np.isfinite(scores), -scores, -np.inf), k)


def _later_ties_first(case):
    table, vocabulary, w, k, metric = _parts(case)
    return _ranked(vocabulary, nearest_scores(table, w, metric), k, later_ties_first=True)


def _metric_fields(case):
    metric = case.kwargs.get("metric", "cosine")
    meaning, meaning_ko = _MEANING[metric]
    return {"metric": metric, "other": "l2" if metric == "cosine" else "cosine", "meaning": meaning,
            "meaning_ko": meaning_ko}


#: Zero rows turned into NaN by x / |x| (cosine), the other metric, the reverse order, ties broken towards the
#: later word (an unstable or reversed sort).
NEAREST_WORDS = (
    Mistake("diag_nearest_zero_rows", _zero_rows_nan,
            lambda case: _parts(case)[4] == "cosine" and not np.asarray(case.args[0]).any(axis=1)[2:].all()),
    Mistake("diag_nearest_metric", _other_metric, fields=_metric_fields),
    Mistake("diag_nearest_direction", _reversed),
    Mistake("diag_nearest_ties", _later_ties_first),
)


def nearest_words(case, got, expected):
    """What the list alone shows: the word itself or a special token returned, else the right scores with ties
    in the wrong order."""
    if not (isinstance(got, list) and all(isinstance(g, str) for g in got)) or got == expected:
        return []
    table, vocabulary, w, k, metric = _parts(case)
    word = vocabulary[w]
    scores = nearest_scores(table, w, metric)
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
