"""Diagnoses of the text topic: Python's Unicode lowercasing and splitting where TensorFlow's are ASCII-only,
punctuation left in, the vocabulary's order, specials and size, the bag-of-words width, the [UNK] idf,
and padding or truncation on the wrong side."""

from __future__ import annotations

import re
import string

import numpy as np

from ...exercise import Mistake
from .cases import python_standardize


ASCII_SPACE = " \t\n\v\f\r"


def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _no_punctuation(text: str) -> str:
    return text.translate({ord(c): None for c in string.punctuation})


def _ascii_split(text: str) -> list[str]:
    return [t for t in re.split(f"[{re.escape(ASCII_SPACE)}]+", text) if t]


def _text(case) -> str:
    return case.args[0]


#: Python's str.lower (every letter).
STANDARDIZE = (Mistake("diag_text_unicode_lower", lambda case: python_standardize(_text(case))),)

#: The same in tokens, Python's str.split() (every Unicode space), and split(" ") (empty tokens).
TOKENIZE = (
    Mistake("diag_text_unicode_lower", lambda case: _ascii_split(python_standardize(_text(case)))),
    Mistake("diag_text_unicode_split", lambda case: _no_punctuation(_ascii_lower(_text(case))).split()),
    Mistake("diag_text_unicode_split", lambda case: python_standardize(_text(case)).split(),
            also=("diag_text_unicode_lower",)),
    Mistake("diag_text_empty_tokens", lambda case: _no_punctuation(_ascii_lower(_text(case))).split(" ")),
    Mistake("diag_text_empty_tokens", lambda case: _no_punctuation(_ascii_lower(_text(case))).strip().split(" ")),
)


def _other_side(arg):
    flip = {"pre": "post", "post": "pre"}

    def compute(case):
        kw = dict(case.kwargs)
        kw[arg] = flip[kw.get(arg, "pre")]
        return _numpy_pad(case.args[0], **kw)
    return Mistake("diag_text_pad_side", compute,
                   fields=lambda case: {"arg": arg, "value": case.kwargs.get(arg, "pre")})


#: Padding, or truncation, on the other side.
PAD_SEQUENCES = (_other_side("padding"), _other_side("truncating"))


def _numpy_pad(sequences, maxlen=None, padding="pre", truncating="pre", value=0):
    """Keras' rule in NumPy (for the mistakes only: the other side padded or cut)."""
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


