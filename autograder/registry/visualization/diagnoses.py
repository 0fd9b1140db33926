"""Candidate mistakes of the visualization topic: a Grad-CAM heatmap computed from the softmax probability
instead of the logit."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate
from ...tfbridge import to_numpy
from . import oracles


def grad_cam(case, expected):
    """The heatmap from the softmax probability instead of the logit (recomputed by the oracle); an unscaled
    heatmap is an answer-free check (:func:`autograder.diagnose_checks.gradcam_unnormalized`)."""
    variant = to_numpy(oracles.grad_cam(*case.args, score_from_softmax=True))
    if not np.isfinite(variant).all():
        return []
    return candidate("diag_gradcam_softmax_score", np.asarray(variant), expected, case.terms)
