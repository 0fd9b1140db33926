"""The text topic (``solutions/text.py``): TextVectorization's standardize, split, n-grams, vocabulary and
output modes, ``pad_sequences`` and the salted Hashing layer.

Oracles are ``keras.layers.TextVectorization`` with its defaults,
``keras.utils.pad_sequences`` and ``keras.layers.Hashing`` (:mod:`.oracles`).
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "text"


def _exercise(name, points, diagnose=None, mistakes=()) -> Exercise:
    return Exercise(TOPIC, name, points, getattr(cases, name), getattr(oracles, name), HINTS[name], diagnose=diagnose,
                    mistakes=mistakes)


EXERCISES = (
    _exercise("standardize", 1, diagnose_checks.punctuation_left, diagnoses.STANDARDIZE),
    _exercise("tokenize", 1, diagnose_checks.punctuation_left, diagnoses.TOKENIZE),
    _exercise("ngrams", 1),
    _exercise("build_vocabulary", 2, diagnose_checks.build_vocabulary),
    _exercise("vectorize", 3, diagnose_checks.vectorize),
    _exercise("pad_sequences", 1, mistakes=diagnoses.PAD_SEQUENCES),
    _exercise("hash_tokens", 2),
)

topic = Topic(TOPIC, {"en": "Text vectorization", "ko": "텍스트 벡터화"}, EXERCISES, MESSAGES)
