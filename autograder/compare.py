"""Comparison of a student's output with the oracle's, in the trusted process.

Order of checks: the kind of value (array, tuple, list, ...), then shape,
then dtype, then non-finite positions, then values within the dtype's
tolerance (:mod:`autograder.tolerances`). The first problem found is returned
as a :class:`Verdict` that a report can explain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .tolerances import rtol_for


@dataclass
class Verdict:
    """Outcome of one comparison; ``problem`` is a message key, ``details`` its fields."""

    passed: bool
    problem: str = "ok"
    where: str = ""
    details: dict = field(default_factory=dict)


PASS = Verdict(True)


def _kind(v) -> str:
    if isinstance(v, np.ndarray):
        return "array"
    if isinstance(v, tuple):
        return "tuple"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "dict"
    if v is None:
        return "None"
    return type(v).__name__


_SCALAR_NAMES = {"b": "bool", "i": "int", "f": "float"}


def scalar_kind(v) -> str:
    """``"b"``, ``"i"`` or ``"f"`` for a Python/NumPy bool, integer or float scalar; ``""`` otherwise."""
    if isinstance(v, (bool, np.bool_)):
        return "b"
    if isinstance(v, (int, np.integer)):
        return "i"
    if isinstance(v, (float, np.floating)):
        return "f"
    return ""


def compare(got, expected, terms: int = 1, where: str = "output", names: tuple[str, ...] = (),
            floor: float = 0.0, accuracy=None) -> Verdict:
    """Compare ``got`` (from the student) against ``expected`` (from the oracle).

    ``floor`` is the magnitude of the inputs and ``accuracy`` a coarser float dtype the expected
    output is only accurate to (see :mod:`autograder.tolerances`).
    """
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return Verdict(False, "type", where, {"got": _kind(got), "expected": "numpy.ndarray"})
        return compare_arrays(got, expected, terms, where, floor, accuracy)
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)):
            return Verdict(False, "type", where, {"got": _kind(got), "expected": f"tuple of {len(expected)}"})
        if len(got) != len(expected):
            return Verdict(False, "length", where, {"got": len(got), "expected": len(expected)})
        for i, (g, e) in enumerate(zip(got, expected)):
            part = names[i] if i < len(names) else f"{where}[{i}]"
            v = compare(g, e, terms, part, floor=floor, accuracy=accuracy)
            if not v.passed:
                return v
        return PASS
    if isinstance(expected, list):
        if not isinstance(got, list):
            return Verdict(False, "type", where, {"got": _kind(got), "expected": "list"})
        if len(got) != len(expected):
            return Verdict(False, "length", where, {"got": len(got), "expected": len(expected)})
        for i, (g, e) in enumerate(zip(got, expected)):
            v = compare(g, e, terms, f"{where}[{i}]", floor=floor, accuracy=accuracy)
            if not v.passed:
                return v
        return PASS
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Verdict(False, "type", where, {"got": _kind(got), "expected": "dict"})
        if sorted(got) != sorted(expected):
            return Verdict(False, "keys", where, {"got": sorted(got), "expected": sorted(expected)})
        for k in expected:
            v = compare(got[k], expected[k], terms, f"{where}[{k!r}]", floor=floor, accuracy=accuracy)
            if not v.passed:
                return v
        return PASS
    if expected is None:
        return PASS if got is None else Verdict(False, "type", where, {"got": _kind(got), "expected": "None"})
    ek, gk = scalar_kind(expected), scalar_kind(got)
    if ek == "f":
        if gk not in ("i", "f"):  # a whole number is a fine float (arrays, by contrast, keep their float dtype)
            return Verdict(False, "type", where, {"got": _kind(got), "expected": "float"})
        return compare_arrays(np.asarray(got, np.float64), np.asarray(expected, np.float64), terms, where, floor,
                              accuracy)
    if ek in ("i", "b") and gk in ("i", "b", "f") and gk != ek:  # a bool is no count, a count no bool, a float no count
        return Verdict(False, "kind", where, {"got": _kind(got), "expected": _SCALAR_NAMES[ek]})
    # ints, strings, bools: exact
    if gk != ek or (ek == "" and type(got) is not type(expected)):
        return Verdict(False, "type", where, {"got": _kind(got), "expected": type(expected).__name__})
    if got != expected:
        return Verdict(False, "exact", where, {"got": repr(got), "expected": repr(expected)})
    return PASS


def compare_arrays(got: np.ndarray, expected: np.ndarray, terms: int = 1, where: str = "output",
                   floor: float = 0.0, accuracy=None) -> Verdict:
    """Shape, dtype, non-finite positions, then values within tolerance."""
    if got.shape != expected.shape:
        return Verdict(False, "shape", where, {"got": got.shape, "expected": expected.shape})
    ek, gk = expected.dtype.kind, got.dtype.kind
    if ek == "f":
        if got.dtype != expected.dtype:
            return Verdict(False, "dtype", where, {"got": got.dtype.name, "expected": expected.dtype.name})
    elif ek in "iu":
        if gk not in "iu":
            return Verdict(False, "kind", where, {"got": got.dtype.name, "expected": "an integer dtype"})
    elif ek == "b" and gk != "b":
        return Verdict(False, "kind", where, {"got": got.dtype.name, "expected": "bool"})
    if expected.size == 0:
        return PASS
    if ek != "f":
        bad = got != expected
        if not bad.any():
            return PASS
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), bad.shape))
        return Verdict(False, "exact", where, {"index": idx, "got": got[idx].item(), "expected": expected[idx].item(),
                                               "count": int(bad.sum()), "size": bad.size})
    g64 = got.astype(np.float64)
    e64 = expected.astype(np.float64)
    g_fin, e_fin = np.isfinite(g64), np.isfinite(e64)
    same_nonfinite = (~g_fin & ~e_fin) & ((np.isnan(g64) & np.isnan(e64)) | (g64 == e64))
    bad_nonfinite = (g_fin != e_fin) | (~g_fin & ~e_fin & ~same_nonfinite)
    if bad_nonfinite.any():
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad_nonfinite)), got.shape))
        return Verdict(False, "nonfinite", where, {"index": idx, "got": float(g64[idx]), "expected": float(e64[idx]),
                                                   "count": int(bad_nonfinite.sum()), "size": got.size})
    both = g_fin & e_fin
    if not both.any():
        return PASS
    rtol = rtol_for(expected.dtype, terms, accuracy)
    scale = max(float(np.max(np.abs(e64[both]))), floor)
    with np.errstate(invalid="ignore"):  # inf - inf where both are the same infinity
        err = np.where(both, np.abs(g64 - e64), 0.0)
    allowed = rtol * (np.abs(e64) + scale)
    excess = np.where(both, err / np.where(allowed > 0, allowed, np.inf), 0.0)
    excess = np.where(both & (allowed == 0) & (err > 0), np.inf, excess)
    if float(excess.max()) <= 1.0:
        return PASS
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), got.shape))
    # the relative error is defined where the expected value is not 0 (elsewhere it would print as 1e+307)
    nonzero = both & (e64 != 0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        rel = np.where(nonzero, err / np.where(nonzero, np.abs(e64), 1.0), 0.0)
    return Verdict(False, "values", where, {
        "index": idx,
        "got": float(g64[idx]),
        "expected": float(e64[idx]),
        "error": float(err[idx]),
        "allowed": float(allowed[idx]),
        "max_abs": float(err.max()),
        "max_rel": float(rel.max()),
        "rtol": rtol,
        "count": int((excess > 1.0).sum()),
        "size": got.size,
    })
