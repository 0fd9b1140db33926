"""Mistakes of the visualization topic: a Grad-CAM heatmap computed from the softmax probability instead of the
logit (recomputed by the oracle); and what the output alone shows: a heatmap left unscaled."""

from __future__ import annotations

import numpy as np

from ...diagnose import matches
from ...exercise import Mistake


def _from_softmax(case):
    from ... import oracle, registry
    from . import oracles

    return oracle.variant(registry.get("visualization.grad_cam"), "softmax-score", case,
                          lambda c: oracles.grad_cam(*c.args, score_from_softmax=True))


GRAD_CAM = (Mistake("diag_gradcam_softmax_score", _from_softmax),)


def grad_cam(case, got, expected):
    """An unscaled heatmap: the student's, divided by its maximum, is the expected one."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind == "f" and np.isfinite(got).all()):
        return []
    if got.max() > 0 and matches(got / got.max(), expected, case.terms):
        return [("diag_gradcam_unnormalized", {})]
    return []
