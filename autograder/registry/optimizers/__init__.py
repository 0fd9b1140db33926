"""The optimizers topic (``solutions/optimizers.py``): one step of SGD, RMSprop and Adam.

The checked call is one step, ``fn(params, grads, state, **hyperparameters)``.
A case's ``state`` is either ``None`` (the first step) or the state after
``k`` earlier steps of a real run: the case generator replays ``k`` random
gradients through the update rule in float64 (:mod:`.rules`: NumPy, no
TensorFlow, so a warm ``check`` never imports it) and rounds the slots to the
case's dtype. The oracle loads that state into a built
``keras.optimizers.<Name>`` (its ``iterations`` and slot variables, in Keras'
order) and applies the step, so the expected output is exactly what Keras
computes from that state. ``tests/test_optimizers.py`` chains the reference
against Keras for many steps.
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "optimizers"


def _exercise(name: str, points: int) -> Exercise:
    return Exercise(TOPIC, name, points, cases.step(name), oracles.step(name), HINTS[name],
                    diagnose=diagnose_checks.step_count, mistakes=diagnoses.mistakes(name), outputs=("new_params", "new_state"))


EXERCISES = (
    _exercise("sgd", 2),
    _exercise("rmsprop", 2),
    _exercise("adam", 2),
)

topic = Topic(TOPIC, {"en": "Optimizers", "ko": "옵티마이저"}, EXERCISES, MESSAGES)
