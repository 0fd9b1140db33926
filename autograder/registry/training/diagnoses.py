"""Mistakes of the training topic: the loss of a sigmoid/softmax model computed from its clipped
probabilities instead of Keras' logits shortcut (recomputed by the oracle without the shortcut); and what the
output alone shows: history values kept as lists, right weights with a wrong history."""

from __future__ import annotations

import numpy as np

from ...compare import compare
from ...exercise import Mistake


def _probability_loss(case) -> bool:
    """A cross-entropy after a sigmoid/softmax layer: where Keras takes its logits shortcut."""
    model, loss = case.args[0], case.args[4]
    return loss != "mean_squared_error" and model["layers"][-1].get("activation") in ("sigmoid", "softmax")


def _without_shortcut(case):
    from ... import oracle, registry
    from . import oracles

    return oracle.variant(registry.get("training.fit"), "no-logits-shortcut", case,
                          lambda c: oracles.fit(*c.args, **c.kwargs, logits_shortcut=False))


FIT = (Mistake("diag_logits_shortcut", _without_shortcut, _probability_loss),)


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
