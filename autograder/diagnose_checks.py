"""Diagnoses that read only the output: the same code in both editions.

Each check ``(case, got, expected) -> [(message_key, fields), ...]`` looks at
the student's (wrong) output beside the expected one and the case's inputs;
none computes any part of an answer, so they ship with the student edition,
where an exercise names them (``Exercise.checks``). Mistakes that need a
recomputed variant are candidate mistakes instead (:mod:`autograder.diagnose`).
"""

from __future__ import annotations

import string

import numpy as np

from .compare import compare
from .diagnose import close


def text_punctuation(case, got, expected):
    """Punctuation left in a standardized text or its tokens."""
    words = [got] if isinstance(got, str) else got if isinstance(got, list) else []
    if any(isinstance(w, str) and c in string.punctuation for w in words for c in w):
        return [("diag_text_punctuation", {})]
    return []


def text_tokenize(case, got, expected):
    """Tokens split or lower-cased by Python's rules instead of TensorFlow's."""
    if not isinstance(got, list) or got == expected or not all(isinstance(w, str) for w in got):
        return []
    found = []
    if len(got) > len(expected) and [w.lower() for w in got] == [w.lower() for tok in expected for w in tok.split()]:
        found.append(("diag_text_unicode_split", {}))
    if "".join(got) == "".join(expected).lower() or got == [w.lower() for w in expected]:
        found.append(("diag_text_unicode_lower", {}))
    return found


def text_vocabulary(case, got, expected):
    """The special tokens, the order of ties, or ``max_tokens`` of a vocabulary."""
    if not isinstance(got, list) or got == expected:
        return []
    if got[:2] != ["", "[UNK]"]:
        return [("diag_text_vocab_specials", {})]
    if sorted(got, key=str) == sorted(expected, key=str):
        return [("diag_text_vocab_order", {})]
    max_tokens = case.kwargs.get("max_tokens")
    if max_tokens is not None and len(got) != len(expected):
        return [("diag_text_max_tokens", {"max_tokens": max_tokens, "got": len(got)})]
    return []


def text_vectorize(case, got, expected):
    """A bag of words one column too wide, or an idf given to the OOV column."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return []
    mode = case.kwargs.get("output_mode", "int")
    if mode != "int" and got.ndim == 2 and expected.ndim == 2 and got.shape[1] == expected.shape[1] + 1:
        return [("diag_text_bag_width", {"width": expected.shape[1]})]
    if mode == "tf_idf" and got.shape == expected.shape and np.allclose(got[:, 1:], expected[:, 1:]):
        return [("diag_text_oov_idf", {})]
    return []


def _first_array(v):
    if isinstance(v, (tuple, list)) and v:
        v = v[0]
    return v if isinstance(v, np.ndarray) else None


def recurrent_return_sequences(case, got, expected):
    """A sequence where the last state was asked for, or the other way round (by the output's rank)."""
    g0, e0 = _first_array(got), _first_array(expected)
    step = isinstance(case.args[0], np.ndarray) and case.args[0].ndim == 2
    if step or g0 is None or e0 is None:
        return []
    if g0.shape != e0.shape and g0.ndim in (2, 3) and g0.ndim != e0.ndim:
        return [("diag_return_sequences", {"value": bool(case.kwargs.get("return_sequences"))})]
    return []


def recurrent_state_order(case, got, expected):
    """LSTM ``return_state``: ``(output, c, h)`` instead of ``(output, h, c)``."""
    if isinstance(expected, tuple) and len(expected) == 3 and isinstance(got, (tuple, list)) and len(got) == 3 \
            and all(isinstance(v, np.ndarray) for v in got):
        terms = max(case.terms, 64) * 16
        if close(got[1], expected[2], terms) and close(got[2], expected[1], terms):
            return [("diag_state_order", {})]
    return []


def optimizer_step_count(case, got, expected):
    """The state's step counter not advanced by one."""
    if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict):
        step = got[1].get("step")
        if isinstance(step, (int, np.integer)) and not isinstance(step, bool) and step != expected[1]["step"]:
            return [("diag_step_count", {})]
    return []


def fit_history(case, got, expected):
    """History values kept as lists, right weights with wrong bookkeeping, the logits shortcut."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[0], dict)):
        return []
    history, weights = got
    exp_history, exp_weights = expected
    found = []
    if any(isinstance(v, list) for v in history.values()):
        found.append(("diag_history_arrays", {}))
    floor = case.scale or 0.0
    weights_ok = compare(weights, exp_weights, case.terms, floor=floor).passed
    history_ok = sorted(history) == sorted(exp_history) and all(
        isinstance(history[k], np.ndarray) and compare(history[k], exp_history[k], case.terms, floor=floor).passed
        for k in exp_history)
    if case.name.endswith("saturated sigmoid") and not (weights_ok and history_ok):
        found.append(("diag_logits_shortcut", {}))
    elif weights_ok and not history_ok and not found:
        found.append(("diag_history_bookkeeping", {}))
    return found


def gradcam_unnormalized(case, got, expected):
    """A heatmap right up to its scale: not divided by its maximum."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind == "f" and np.isfinite(got).all() and np.isfinite(expected).all()):
        return []
    if got.max() > 0 and not close(got, expected, case.terms) and close(got / got.max(), expected, case.terms):
        return [("diag_gradcam_unnormalized", {})]
    return []


def pretrained_specials(case, got, expected):
    """Rows 0 and 1 (padding and [UNK]) filled from vectors that have '' or '[UNK]' keys."""
    vocabulary, vectors = case.args
    if not (isinstance(got, np.ndarray) and got.shape == np.shape(expected) and got.ndim == 2):
        return []
    if any(vocabulary[i] in vectors and np.any(got[i] != 0) for i in (0, 1)):
        return [("diag_pretrained_specials", {})]
    return []


def nearest_self_or_specials(case, got, expected):
    """The word itself, or a special token, among its nearest words."""
    if not (isinstance(got, list) and all(isinstance(g, str) for g in got)) or got == expected:
        return []
    word = case.args[2]
    found = []
    if word in got:
        found.append(("diag_nearest_self", {"word": word}))
    if "" in got or "[UNK]" in got:
        found.append(("diag_nearest_specials", {}))
    return found
