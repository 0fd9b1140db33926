"""Diagnoses of the training topic: history values kept as lists, Keras' logits shortcut for a saturated
sigmoid, and right weights with a wrong history (the bookkeeping of the epoch loss)."""

from __future__ import annotations

import numpy as np

from ...compare import compare


def fit(case, got, expected):
    """Which part of a wrong ``(history, weights)`` is wrong, and the likely reason."""
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
