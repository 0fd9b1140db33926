"""Candidate mistakes of the text topic: Python's Unicode lowercasing where TensorFlow's is ASCII-only, and
padding or truncation on the wrong side. The answer-free checks (Unicode splitting, punctuation left in,
the vocabulary's order, specials and size, the bag-of-words width, the [UNK] idf) are in
:mod:`autograder.diagnose_checks`."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate
from .cases import python_standardize


def standardize(case, expected):
    """Python's Unicode ``str.lower`` where TensorFlow lowers A-Z only."""
    return candidate("diag_text_unicode_lower", python_standardize(case.args[0]), expected, mode="exact")


def pad_sequences(case, expected):
    """Padding or truncation on the other side than asked (the first that fits is reported)."""
    kw = dict(case.kwargs)
    flip = {"pre": "post", "post": "pre"}
    found = []
    for arg in ("padding", "truncating"):
        kw2 = dict(kw, **{arg: flip[kw.get(arg, "pre")]})
        try:
            other = _numpy_pad(case.args[0], **kw2)
        except Exception:  # noqa: BLE001
            continue
        found += candidate("diag_text_pad_side", other, expected, fields={"arg": arg, "value": kw.get(arg, "pre")},
                           alone=True, mode="exact")
    return found


def _numpy_pad(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    """Keras' rule in NumPy (for the diagnosis only: which side the student padded or cut)."""
    maxlen = max((len(s) for s in sequences), default=0) if maxlen is None else maxlen
    out = np.full((len(sequences), maxlen), value, np.int32)
    for row, s in zip(out, sequences):
        if not len(s) or not maxlen:
            continue
        kept = list(s)[-maxlen:] if truncating == "pre" else list(s)[:maxlen]
        if padding == "post":
            row[: len(kept)] = kept
        else:
            row[maxlen - len(kept):] = kept
    return out


