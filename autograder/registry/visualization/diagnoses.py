"""Diagnoses of the visualization topic: a Grad-CAM heatmap left unscaled, or computed from the softmax
probability instead of the logit."""

from __future__ import annotations

import numpy as np

from ...diagnose import matches
from ...tfbridge import to_numpy
from . import oracles


def grad_cam(case, got, expected):
    """An unscaled heatmap, or one from the softmax probability (recomputed by the oracle)."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) and got.shape == expected.shape
            and got.dtype.kind == "f" and np.isfinite(got).all() and np.isfinite(expected).all()):
        return []
    if got.max() > 0 and not matches(got, expected, case.terms) and matches(got / got.max(), expected, case.terms):
        return [("diag_gradcam_unnormalized", {})]
    variant = to_numpy(oracles.grad_cam(*case.args, score_from_softmax=True))
    if np.isfinite(variant).all() and matches(got, variant, case.terms) and not matches(variant, expected, case.terms):
        return [("diag_gradcam_softmax_score", {})]
    return []
