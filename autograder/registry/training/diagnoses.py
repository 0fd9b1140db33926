"""Mistakes of the training topic: the loss of a sigmoid/softmax model computed from its clipped
probabilities instead of Keras' logits shortcut (recomputed by the oracle without the shortcut); and what the
output alone shows (:func:`autograder.diagnose_checks.fit`): history values kept as lists, right weights with a
wrong history."""

from __future__ import annotations

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
