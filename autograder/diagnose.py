"""Recognisable mistakes: turn a wrong array into a teaching message.

Generic checks run on every wrong array result; an exercise may add its own
through ``Exercise.diagnose``. Each returns ``(message_key, fields)`` pairs
for :func:`autograder.messages.t`.
"""

from __future__ import annotations

import numpy as np

from .tolerances import rtol_for


#: How many comparison tolerances a recomputed variant may be off and still be recognised.
SLACK = 4


def misfit(got, want, terms: int = 1) -> np.ndarray | None:
    """Elements of ``got`` that differ from ``want`` by more than ``SLACK`` comparison tolerances.

    The one test behind every diagnosis: "does the student's array equal this
    recomputed (right or wrong) variant?". The tolerance is
    :mod:`autograder.tolerances`' for the coarser float dtype of the two and
    ``terms`` summands, times ``SLACK``, with ``max|want|`` as the scale floor;
    non-finite elements must agree exactly (same place, same inf or NaN).
    ``None`` when the two cannot be compared (``got`` is not a numeric array,
    or the shapes differ).
    """
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
        return None
    want = np.asarray(want)
    if got.shape != want.shape or want.dtype.kind not in "biuf":
        return None
    floats = [a.dtype for a in (got, want) if a.dtype.kind == "f"] or [np.dtype(np.float32)]
    dtype = max(floats, key=lambda dt: np.finfo(dt).eps)
    g, w = got.astype(np.float64), want.astype(np.float64)
    g_fin, w_fin = np.isfinite(g), np.isfinite(w)
    both = g_fin & w_fin
    same_nonfinite = ~g_fin & ~w_fin & ((g == w) | (np.isnan(g) & np.isnan(w)))
    bad = ~both & ~same_nonfinite
    if both.any():
        scale = float(np.abs(w[both]).max())
        err = np.abs(np.where(both, g, 0.0) - np.where(both, w, 0.0))
        bad |= both & (err > rtol_for(dtype, terms) * SLACK * (np.abs(np.where(both, w, 0.0)) + scale))
    return bad


def matches(got, want, terms: int = 1) -> bool:
    """Whether ``got`` equals ``want`` within ``SLACK`` comparison tolerances (see :func:`misfit`)."""
    bad = misfit(got, want, terms)
    return bad is not None and bad.size > 0 and not bad.any()


def generic(got, expected, terms: int = 1) -> list[tuple[str, dict]]:
    """Diagnoses that apply to any array-valued exercise."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return []
    if got.dtype.kind not in "fiu" or expected.dtype.kind != "f" or expected.size < 2:
        return []
    found: list[tuple[str, dict]] = []
    e_fin = np.isfinite(expected)
    if got.shape == expected.shape and e_fin.all() and not np.isfinite(got).all():
        found.append(("diag_unstable", {}))
        return found
    if got.ndim >= 2 and got.shape == expected.shape[::-1] and matches(got.T, expected, terms):
        found.append(("diag_transposed", {}))
    if got.shape == expected.shape and np.abs(expected).max() > 0:
        if matches(-got, expected, terms):
            found.append(("diag_negated", {}))
        else:
            g, e = got.astype(np.float64).ravel(), expected.astype(np.float64).ravel()
            denom = float(e @ e)
            if denom > 0 and np.isfinite(g).all():
                factor = float(g @ e) / denom
                if abs(factor - 1) > 1e-3 and abs(factor) > 1e-12 and matches(got / factor, expected, terms):
                    found.append(("diag_scaled", {"factor": factor}))
    return found
