"""The activations topic (``solutions/activations.py``): ReLU, sigmoid, tanh, softmax and their gradients.

Forwards are checked against ``keras.activations.<name>``, backwards against
``tf.GradientTape`` on the same function (:mod:`.oracles`), on the cases of
:mod:`.cases`.
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "activations"


def _exercise(name: str, draw, points: int) -> Exercise:
    base = name[: -len("_backward")] if name.endswith("_backward") else name
    oracle = oracles.backward(base) if base != name else oracles.forward(name)
    mistakes = diagnoses.unstable(name)
    if base == "softmax":
        mistakes += diagnoses.wrong_axis(backward=base != name)
    return Exercise(TOPIC, name, points, draw, oracle, HINTS[name], mistakes=mistakes)


EXERCISES = (
    _exercise("relu", cases.forward, 1),
    _exercise("relu_backward", cases.backward, 1),
    _exercise("sigmoid", cases.forward, 1),
    _exercise("sigmoid_backward", cases.backward, 1),
    _exercise("tanh", cases.forward, 1),
    _exercise("tanh_backward", cases.backward, 1),
    _exercise("softmax", cases.softmax, 2),
    _exercise("softmax_backward", cases.softmax_backward, 2),
)

topic = Topic(TOPIC, {"en": "Activations", "ko": "활성화 함수"}, EXERCISES, MESSAGES)
