"""Diagnoses of the text topic: Python's Unicode lowercasing and splitting where TensorFlow's are ASCII-only,
punctuation left in, the vocabulary's order, specials and size, the bag-of-words width, the [UNK] idf,
and padding or truncation on the wrong side."""

from __future__ import annotations

import string

import numpy as np

from .cases import python_standardize


def standardize(case, got, expected):
    if not isinstance(got, str):
        return []
    text = case.args[0]
    found = []
    if got == python_standardize(text) and got != expected:
        found.append(("diag_text_unicode_lower", {}))
    if any(c in string.punctuation for c in got):
        found.append(("diag_text_punctuation", {}))
    return found


def tokenize(case, got, expected):
    if not isinstance(got, list) or got == expected or not all(isinstance(w, str) for w in got):
        return []
    found = []
    if len(got) > len(expected) and [w.lower() for w in got] == [w.lower() for tok in expected for w in tok.split()]:
        found.append(("diag_text_unicode_split", {}))
    if "".join(got) == "".join(expected).lower() or got == [w.lower() for w in expected]:
        found.append(("diag_text_unicode_lower", {}))
    if any(c in string.punctuation for w in got for c in w):
        found.append(("diag_text_punctuation", {}))
    return found


def build_vocabulary(case, got, expected):
    if not isinstance(got, list) or got == expected:
        return []
    if got[:2] != ["", "[UNK]"]:
        return [("diag_text_vocab_specials", {})]
    if sorted(got) == sorted(expected):
        return [("diag_text_vocab_order", {})]
    max_tokens = case.kwargs.get("max_tokens")
    if max_tokens is not None and len(got) != len(expected):
        return [("diag_text_max_tokens", {"max_tokens": max_tokens, "got": len(got)})]
    return []


def vectorize(case, got, expected):
    if not (isinstance(got, np.ndarray) and isinstance(expected, np.ndarray)):
        return []
    mode = case.kwargs.get("output_mode", "int")
    if mode != "int" and got.ndim == 2 and got.shape[1] == expected.shape[1] + 1:
        return [("diag_text_bag_width", {"width": expected.shape[1]})]
    if mode == "tf_idf" and got.shape == expected.shape and np.allclose(got[:, 1:], expected[:, 1:]):
        return [("diag_text_oov_idf", {})]
    return []


def pad_sequences(case, got, expected):
    if not (isinstance(got, np.ndarray) and got.shape == expected.shape) or got.size == 0:
        return []
    kw = dict(case.kwargs)
    flip = {"pre": "post", "post": "pre"}
    for arg in ("padding", "truncating"):
        kw2 = dict(kw, **{arg: flip[kw.get(arg, "pre")]})
        try:
            other = _numpy_pad(case.args[0], **kw2)
        except Exception:  # noqa: BLE001
            continue
        if np.array_equal(other, got) and not np.array_equal(other, expected):
            return [("diag_text_pad_side", {"arg": arg, "value": kw.get(arg, "pre")})]
    return []


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


