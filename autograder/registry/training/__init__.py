"""The training topic (``solutions/training.py``): counting a model's parameters and a whole ``fit``.

``count_params`` is checked against ``keras.Sequential(...).count_params()``
and ``fit`` against ``model.compile(...)`` + ``model.fit(..., shuffle=False)``
on the same model spec: :mod:`autograder.keras_models` builds the Keras model
from the spec the student's code reads. ``fit`` accumulates rounding over
every step, so its ``terms`` is (number of steps) x (longest sum in one step).
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "training"

EXERCISES = (
    Exercise(TOPIC, "count_params", 2, cases.count_params, oracles.count_params, HINTS["count_params"]),
    Exercise(TOPIC, "fit", 6, cases.fit, oracles.fit, HINTS["fit"], diagnose=diagnose_checks.fit, mistakes=diagnoses.FIT,
             outputs=("history", "weights")),
)

topic = Topic(TOPIC, {"en": "Training", "ko": "학습"}, EXERCISES, MESSAGES)
