"""Output-only diagnoses that need no code of a topic's: the same functions in both editions.

Each ``(case, got, expected) -> [(message_key, fields), ...]`` reads the
student's (wrong) output beside the expected one and the case's inputs, and
says only what the output itself proves; none computes any part of an answer.
An exercise names one as its ``diagnose`` (:class:`autograder.exercise.Exercise`),
and because they live here, not in a topic folder, the student edition ships
them and names them in its public cases (:mod:`autograder.public`). An
output-only diagnosis that needs a topic's own code (its geometry, its
scores) stays in that topic's ``diagnoses.py``, in the instructor's checkout
only. Typical mistakes recognised by recomputing them are
:class:`~autograder.exercise.Mistake` s, never functions here.
"""

from __future__ import annotations

import string

import numpy as np

from .compare import compare
from .diagnose import matches, misfit


def punctuation_left(case, got, expected):
    """Punctuation in the result (a text, or a list of tokens), which Keras deletes."""
    text = got if isinstance(got, str) else "".join(w for w in got if isinstance(w, str)) \
        if isinstance(got, list) else ""
    return [("diag_text_punctuation", {})] if any(c in string.punctuation for c in text) else []


def build_vocabulary(case, got, expected):
    """The special tokens, the order of ties, or ``max_tokens`` of a vocabulary."""
    if not isinstance(got, list) or got == expected:
        return []
    if got[:2] != ["", "[UNK]"]:
        return [("diag_text_vocab_specials", {})]
    if sorted(got) == sorted(expected):
        return [("diag_text_vocab_order", {})]
    max_tokens = case.kwargs.get("max_tokens")
    if max_tokens is not None and len(got) != len(expected):
        return [("diag_text_max_tokens", {"max_tokens": max_tokens, "got": len(got)})]
    return []


def vectorize(case, got, expected):
    """A bag of words one column too wide, or an idf given to the OOV column (only that column wrong)."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return []
    mode = case.kwargs.get("output_mode", "int")
    if mode != "int" and got.ndim == 2 and got.shape[1] == expected.shape[1] + 1:
        return [("diag_text_bag_width", {"width": expected.shape[1]})]
    bad = misfit(got, expected, case.terms, slack=1, floor=case.scale or 0.0) if got.shape == expected.shape else None
    if mode == "tf_idf" and bad is not None and bad.ndim == 2 and bad[:, 0].any() and not bad[:, 1:].any():
        return [("diag_text_oov_idf", {})]
    return []


def pretrained_matrix(case, got, expected):
    """Rows 0 and 1 filled from vectors that have '' or '[UNK]' keys."""
    vocabulary, vectors = case.args
    if not (isinstance(got, np.ndarray) and got.shape == np.shape(expected) and got.ndim == 2):
        return []
    if any(vocabulary[i] in vectors and np.any(got[i] != 0) for i in (0, 1)):
        return [("diag_pretrained_specials", {})]
    return []


def _first_array(v):
    if isinstance(v, (tuple, list)) and v:
        v = v[0]
    return v if isinstance(v, np.ndarray) else None


def recurrent_output(case, got, expected):
    """All steps returned instead of the last (or the reverse); an LSTM's ``(output, c, h)`` for ``(output, h, c)``
    (a three-part result: only the LSTM returns two states)."""
    g0, e0 = _first_array(got), _first_array(expected)
    if g0 is None or e0 is None:
        return []
    if e0.ndim != g0.ndim and g0.ndim in (2, 3) and case.args[0].ndim == 3:
        return [("diag_return_sequences", {"value": bool(case.kwargs.get("return_sequences"))})]
    if isinstance(expected, tuple) and len(expected) == 3 and isinstance(got, (tuple, list)) and len(got) == 3 \
            and all(isinstance(v, np.ndarray) for v in got):
        loose = max(case.terms, 64) * 16  # the recurrence accumulates rounding over the steps
        if matches(got[1], expected[2], loose) and matches(got[2], expected[1], loose):
            return [("diag_state_order", {})]
    return []


def step_count(case, got, expected):
    """A ``new_state['step']`` that does not count the steps."""
    if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict):
        step = got[1].get("step")
        if isinstance(step, (int, np.integer)) and not isinstance(step, bool) and step != expected[1]["step"]:
            return [("diag_step_count", {})]
    return []


def fit(case, got, expected):
    """Which part of a wrong ``(history, weights)`` is wrong, and the likely reason."""
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[0], dict)):
        return []
    history, weights = got
    exp_history, exp_weights = expected
    if any(isinstance(v, list) for v in history.values()):
        return [("diag_history_arrays", {})]
    floor = case.scale or 0.0
    weights_ok = compare(weights, exp_weights, case.terms, floor=floor).passed
    history_ok = sorted(history) == sorted(exp_history) and all(
        isinstance(history[k], np.ndarray) and compare(history[k], exp_history[k], case.terms, floor=floor).passed
        for k in exp_history)
    if weights_ok and not history_ok:
        return [("diag_history_bookkeeping", {})]
    return []


def grad_cam(case, got, expected):
    """An unscaled heatmap: the student's, divided by its maximum, is the expected one."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind == "f" and np.isfinite(got).all()):
        return []
    if got.max() > 0 and not matches(got, expected, case.terms) and matches(got / got.max(), expected, case.terms):
        return [("diag_gradcam_unnormalized", {})]  # (a right heatmap is its own normalised form)
    return []
