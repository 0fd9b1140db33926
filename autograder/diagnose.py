"""Recognisable mistakes: turn a wrong result into a teaching message.

Three kinds, each returning ``(message_key, fields)`` pairs for
:func:`autograder.messages.t`:

- :func:`generic` checks run on every wrong array result (transposed,
  negated, scaled, unstable);
- an exercise's *candidate mistakes* (``Exercise.mistakes(case, expected)``,
  a list of :class:`Mistake`) are what typical wrong code returns on that
  case, computed from the case's inputs before the student's output is seen;
  :func:`recognise` tells whether the output is one of them. Computing them
  can take code close to a reference answer, so that code stays in the
  instructor's registry and the student edition ships the mistakes of the
  public cases as data (:mod:`autograder.public`);
- an exercise's *checks* (``Exercise.checks``, functions of
  :mod:`autograder.diagnose_checks`) read only the output, the expected
  output and the case's inputs: the same code runs in both editions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .compare import scalar_kind
from .tolerances import rtol_for

#: How a :class:`Mistake` part is compared with the student's output (see :meth:`Mistake.recognised`).
MODES = ("close", "exact", "differs", "within")


@dataclass
class Mistake:
    """A recognisable wrong answer to one case, known before the student's output is seen.

    ``parts``: ``[(path, value), ...]``, where ``path`` indexes into the output
    (tuple/list positions and dict keys; ``()`` is the whole output). The
    mistake is recognised when every part holds, by ``mode``:

    - ``"close"``: the output at ``path`` is ``value`` (:func:`close`, :func:`matches`'
      tolerance for ``terms`` terms);
    - ``"exact"``: it equals ``value``;
    - ``"differs"``: it has ``value``'s structure (lengths, shapes) but other values;
    - ``"within"``: the wrong elements there (:func:`misfit` against the expected
      output) all lie where the bool mask ``value`` is True, and some are wrong.

    ``alone``: reported only when no earlier mistake of the same case was.
    """

    key: str
    parts: list
    mode: str = "close"
    terms: int = 1
    fields: dict = field(default_factory=dict)
    alone: bool = False

    def recognised(self, got, expected) -> bool:
        """Whether ``got`` (the student's output) is this mistake."""
        try:
            for path, value in self.parts:
                part = at(got, path)
                if self.mode == "close":
                    ok = close(part, value, self.terms)
                elif self.mode == "exact":
                    ok = equal(part, value)
                elif self.mode == "differs":
                    ok = same_structure(part, value) and not equal(part, value)
                else:
                    bad = misfit(part, at(expected, path), self.terms)
                    ok = bad is not None and bool(bad.any()) and not bool((bad & ~np.asarray(value, bool)).any())
                if not ok:
                    return False
        except LookupError:
            return False
        return True

    def to_data(self) -> dict:
        """Plain data for :mod:`autograder.codec`."""
        return {"key": self.key, "parts": [[list(p), v] for p, v in self.parts], "mode": self.mode,
                "terms": int(self.terms), "fields": dict(self.fields), "alone": bool(self.alone)}

    @classmethod
    def from_data(cls, data: dict) -> Mistake:
        return cls(str(data["key"]), [(tuple(p), v) for p, v in data["parts"]], str(data["mode"]),
                   int(data["terms"]), dict(data["fields"]), bool(data["alone"]))


def candidate(key: str, value, expected, terms: int = 1, path=(), fields=None, alone: bool = False,
              mode: str = "close") -> list[Mistake]:
    """``[Mistake]`` when ``value`` (what the wrong code returns at ``path``) differs from the expected
    output there, else ``[]``: a variant equal to the right answer teaches nothing."""
    try:
        right = at(expected, path)
    except LookupError:
        return []
    same = close(right, value, terms) if mode == "close" else equal(right, value)
    if same:
        return []
    return [Mistake(key, [(tuple(path), value)], mode, terms, dict(fields or {}), alone)]


def recognise(mistakes, got, expected) -> list[tuple[str, dict]]:
    """The messages of the candidate ``mistakes`` that ``got`` is, each once."""
    found: list[tuple[str, dict]] = []
    for m in mistakes:
        if m.alone and found:
            continue
        if m.recognised(got, expected) and (m.key, m.fields) not in found:
            found.append((m.key, m.fields))
    return found


def at(value, path):
    """``value[p0][p1]...`` for tuple/list positions and dict keys; ``LookupError`` when absent."""
    for step in path:
        if isinstance(value, (list, tuple)) and isinstance(step, (int, np.integer)) and -len(value) <= step < len(value):
            value = value[step]
        elif isinstance(value, dict) and isinstance(step, str) and step in value:
            value = value[step]
        else:
            raise LookupError(step)
    return value


def close(got, want, terms: int = 1) -> bool:
    """``got`` equals ``want`` as a recomputed variant: arrays by :func:`matches`, containers element by
    element, anything else exactly (:func:`equal`)."""
    if isinstance(want, np.ndarray) and want.dtype.kind == "f":
        return matches(got, want, terms)
    if isinstance(want, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(got) == len(want) and \
            all(close(g, w, terms) for g, w in zip(got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and sorted(got) == sorted(want) and all(close(got[k], want[k], terms) for k in want)
    return equal(got, want)


def equal(got, want) -> bool:
    """Exact equality of values, containers and arrays (arrays: same shape and elements, any dtype)."""
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape and bool(np.array_equal(got, want))
    if isinstance(want, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(got) == len(want) and all(equal(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and sorted(got) == sorted(want) and all(equal(got[k], want[k]) for k in want)
    if want is None or got is None:
        return got is want
    if isinstance(got, (np.ndarray, list, tuple, dict)):
        return False
    return scalar_kind(got) == scalar_kind(want) and bool(got == want)


def same_structure(got, want) -> bool:
    """Same containers, lengths, keys and array shapes (values aside)."""
    if isinstance(want, np.ndarray):
        return isinstance(got, np.ndarray) and got.shape == want.shape
    if isinstance(want, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(got) == len(want) and \
            all(same_structure(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and sorted(got) == sorted(want) and all(same_structure(got[k], want[k]) for k in want)
    return scalar_kind(got) == scalar_kind(want)


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
