"""Recognisable mistakes: turn a wrong array into a teaching message.

Generic checks run on every wrong array result; an exercise may add its own
through ``Exercise.diagnose``. Each returns ``(message_key, fields)`` pairs
for :func:`autograder.messages.t`.
"""

from __future__ import annotations

import numpy as np

from .tolerances import rtol_for


def matches(a: np.ndarray, b: np.ndarray, terms: int = 1) -> bool:
    """Whether ``a`` equals ``b`` within four times the comparison tolerance (for spotting variants)."""
    if a.shape != b.shape or a.size == 0:
        return False
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if not (np.isfinite(a64).all() and np.isfinite(b64).all()):
        return False
    rtol = rtol_for(b.dtype if b.dtype.kind == "f" else np.float32, terms)
    scale = float(np.abs(b64).max())
    return bool(np.all(np.abs(a64 - b64) <= rtol * 4 * (np.abs(b64) + scale)))


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
