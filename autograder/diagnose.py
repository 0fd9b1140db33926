"""Recognisable mistakes: turn a wrong output into a teaching message that is true.

Three kinds, each returning ``(message_key, fields)`` pairs for
:func:`autograder.messages.t`:

- an exercise's declared :class:`~autograder.exercise.Mistake` s, named by
  :func:`mistakes` only when the mistaken variant, recomputed on the case,
  reproduces the student's output and differs from the expected one;
- an exercise's own ``diagnose`` for what the output alone shows (only the
  border is wrong, only the [UNK] column ...), each checking what it claims;
- the generic output-only checks of :func:`generic` (transposed, negated,
  scaled), each verified by transforming the student's output back.

:func:`diagnoses` is what grading calls; the generic checks speak only when
nothing more specific did. Every "does it match" question goes through
:func:`matches` (one tolerance rule: :mod:`autograder.tolerances`' times
``SLACK``).
"""

from __future__ import annotations

import numpy as np

from .tolerances import rtol_for


#: How many comparison tolerances a recomputed variant may be off and still be recognised.
SLACK = 4


def misfit(got, want, terms: int = 1, slack: float = SLACK, floor: float = 0.0) -> np.ndarray | None:
    """Elements of ``got`` that differ from ``want`` by more than ``slack`` comparison tolerances.

    The one test behind every diagnosis: "does the student's array equal this
    recomputed (right or wrong) variant?". The tolerance is
    :mod:`autograder.tolerances`' for the coarser float dtype of the two and
    ``terms`` summands, times ``slack``, with the larger of ``max|want|`` and
    ``floor`` as the scale floor (``slack=1`` with the case's floor is
    exactly the comparison's own rule); non-finite elements must agree
    exactly (same place, same inf or NaN). ``None`` when the two cannot be
    compared (``got`` is not a numeric array, or the shapes differ).
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
        scale = max(float(np.abs(w[both]).max()), floor)
        err = np.abs(np.where(both, g, 0.0) - np.where(both, w, 0.0))
        bad |= both & (err > rtol_for(dtype, terms) * slack * (np.abs(np.where(both, w, 0.0)) + scale))
    return bad


def matches(got, want, terms: int = 1) -> bool:
    """Whether ``got`` equals ``want`` within ``SLACK`` comparison tolerances (see :func:`misfit`)."""
    bad = misfit(got, want, terms)
    return bad is not None and bad.size > 0 and not bad.any()


def reproduces(got, variant, terms: int = 1) -> bool:
    """Whether ``got`` is ``variant``: arrays and floats by :func:`matches`, tuples, lists and dicts part by
    part, anything else (strings, counts, ``None``) by equality of value and kind."""
    if isinstance(variant, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(variant)
                and all(reproduces(g, v, terms) for g, v in zip(got, variant)))
    if isinstance(variant, dict):
        return (isinstance(got, dict) and sorted(got, key=str) == sorted(variant, key=str)
                and all(reproduces(got[k], variant[k], terms) for k in variant))
    if isinstance(variant, np.ndarray) or isinstance(variant, (float, np.floating)):
        if isinstance(got, (float, int, np.floating, np.integer)) and not isinstance(got, (bool, np.bool_)):
            got = np.asarray(got)
        return isinstance(got, np.ndarray) and matches(got, np.asarray(variant), terms)
    if variant is None:
        return got is None
    if isinstance(variant, (bool, np.bool_)) or isinstance(got, (bool, np.bool_)):
        return isinstance(got, (bool, np.bool_)) and isinstance(variant, (bool, np.bool_)) and got == variant
    if isinstance(variant, (int, np.integer)):
        return isinstance(got, (int, np.integer)) and got == variant
    return type(got) is type(variant) and got == variant


def part(ex, value, name: str):
    """The output called ``name`` (one of ``ex.outputs``) of a tuple ``value``; ``value`` itself for ``""``,
    and for the first output when ``value`` is not a tuple (a recurrent layer without ``return_state``
    returns its output alone).

    ``None`` when the value has no such part (wrong type or length).
    """
    if not name:
        return value
    i = ex.outputs.index(name)
    if not isinstance(value, (tuple, list)):
        return value if i == 0 else None
    return value[i] if len(value) == len(ex.outputs) else None


def mistakes(ex, case, got, expected) -> list[tuple[str, dict]]:
    """The exercise's declared mistakes that reproduce ``got`` on ``case`` (and not ``expected``).

    When several mistakes reproduce ``got``, the case cannot tell them apart:
    only the keys they all name are named (none when they share none; another
    case will tell). A mistake whose computation fails is skipped: a
    diagnosis never breaks grading.
    """
    matched = []
    for m in ex.mistakes:
        try:
            if not m.applies(case):
                continue
            g, e = part(ex, got, m.output), part(ex, expected, m.output)
            if g is None:
                continue
            terms = m.terms(case) if m.terms is not None else case.terms
            with np.errstate(all="ignore"):
                variant = m.compute(case)
            if reproduces(g, variant, terms) and not reproduces(e, variant, terms):
                matched.append(m)
        except Exception:  # noqa: BLE001 - a diagnosis must never break grading
            continue
    if not matched:
        return []
    first = matched[0]
    common = [key for key in first.keys if all(key in m.keys for m in matched)]
    return [(key, first.fields(case) if first.fields is not None else {}) for key in common]


def diagnoses(ex, case, got, expected, where: str = "") -> list[tuple[str, dict]]:
    """What is recognisable about a wrong output, most specific first: the named mistakes; else the
    exercise's own output-only diagnoses; else the generic checks on the part of the output that failed."""
    found = mistakes(ex, case, got, expected)
    if found:
        return found
    if ex.diagnose is not None:
        try:
            found = list(ex.diagnose(case, got, expected))
        except Exception:  # noqa: BLE001 - a diagnosis must never break grading
            found = []
    if found:
        return found
    part_got, part_exp = got, expected
    if isinstance(expected, tuple) and where in ex.outputs:
        part_got, part_exp = part(ex, got, where), part(ex, expected, where)
    if isinstance(part_got, np.ndarray):
        return generic(part_got, part_exp, case.terms)
    return []


def generic(got, expected, terms: int = 1) -> list[tuple[str, dict]]:
    """Diagnoses that apply to any array-valued exercise, each verified by undoing what it names."""
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return []
    if got.dtype.kind not in "fiu" or expected.dtype.kind != "f" or expected.size < 2:
        return []
    if got.shape == expected.shape and matches(got, expected, terms):
        return []  # right as it is (a symmetric map is its own transpose): nothing to undo
    found: list[tuple[str, dict]] = []
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


def border_only(case, got, expected, border: np.ndarray) -> list[tuple[str, dict]]:
    """"Only the border is wrong", when it is: every element out of tolerance (the comparison's own rule)
    lies where ``border`` (broadcastable to the output) is set, and some element lies elsewhere."""
    bad = misfit(got, expected, case.terms, slack=1, floor=case.scale or 0.0)
    if bad is None or not bad.any():
        return []
    border = np.broadcast_to(border, bad.shape)
    if border.all() or (bad & ~border).any():
        return []
    return [("diag_border", {})]


def output_size(got, expected, windows: dict[int, tuple[int, int, int, int, str]]) -> list[tuple[str, dict]]:
    """A result of another size along its sliding-window axes: what Keras' formula gives, and why.

    ``got`` and ``expected`` are arrays (their shapes are compared) or shapes
    (tuples of ints, as ``conv2d_output_shape`` returns); ``windows`` maps each
    window axis to ``(n, k, s, d, padding)`` (inputs, taps, stride, dilation,
    padding). Says nothing unless the two differ only along those axes.
    """
    shapes = []
    for v in (got, expected):
        if isinstance(v, np.ndarray):
            shapes.append(v.shape)
        elif isinstance(v, (tuple, list)) and all(isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                                                  for n in v):
            shapes.append(tuple(int(n) for n in v))
        else:
            return []
    got, expected = shapes
    if len(got) != len(expected) or got == expected or any(got[a] != expected[a]
                                                           for a in range(len(got)) if a not in windows):
        return []
    detail = []
    for a, (n, k, s, d, padding) in sorted(windows.items()):
        if padding == "valid":
            detail.append(f"floor(({n} - {d * (k - 1) + 1}) / {s}) + 1 = {expected[a]}")
        else:
            detail.append(f"ceil({n} / {s}) = {expected[a]}")
    axes = sorted(windows)
    return [("diag_output_size", {"got": tuple(got[a] for a in axes), "expected": tuple(expected[a] for a in axes),
                                  "padding": windows[axes[0]][4], "detail": ", ".join(detail)})]
