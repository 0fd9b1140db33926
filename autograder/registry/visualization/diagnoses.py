"""Mistakes of the visualization topic: a Grad-CAM heatmap computed from the softmax probability instead of the
logit (recomputed by the oracle); what the output alone shows, a heatmap left unscaled, is
:func:`autograder.diagnose_checks.grad_cam`."""

from __future__ import annotations

from ...exercise import Mistake


def _from_softmax(case):
    from ... import oracle, registry
    from . import oracles

    return oracle.variant(registry.get("visualization.grad_cam"), "softmax-score", case,
                          lambda c: oracles.grad_cam(*c.args, score_from_softmax=True))


GRAD_CAM = (Mistake("diag_gradcam_softmax_score", _from_softmax),)
