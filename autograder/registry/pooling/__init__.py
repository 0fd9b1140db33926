"""The pooling topic (``solutions/pooling.py``): max, average and min pooling, their gradients, global pools
and Flatten.

Forwards are checked against the Keras layers (``MaxPooling2D``,
``AveragePooling2D``, ``-MaxPooling2D(-x)`` for min pooling, the global
pools, ``Flatten``) built in the input's dtype; backwards against
``tf.GradientTape`` on the same layers. Max-pooling cases include inputs
with many equal values, so the tie rule of TensorFlow's ``MaxPoolGrad``
(each window's gradient goes to its first maximum in row-major order) is
tested.
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "pooling"


def _ex(name, points, draw, oracle, kind=None, backward=False):
    if kind is None:
        return Exercise(TOPIC, name, points, draw, oracle, HINTS[name])
    return Exercise(TOPIC, name, points, draw, oracle, HINTS[name], diagnose=diagnoses.pool(backward),
                    mistakes=diagnoses.mistakes(kind, backward))


EXERCISES = (
    _ex("max_pool2d", 2, cases.pool(False, True), oracles.forward("max"), "max"),
    _ex("average_pool2d", 2, cases.pool(True, False), oracles.forward("average"), "average"),
    _ex("min_pool2d", 1, cases.pool(False, True), oracles.forward("min"), "min"),
    _ex("max_pool2d_backward", 3, cases.pool_backward(False, True), oracles.backward("max"), "max", backward=True),
    _ex("average_pool2d_backward", 3, cases.pool_backward(True, False), oracles.backward("average"), "average",
        backward=True),
    _ex("global_average_pool2d", 1, cases.global_pool, oracles.layer("GlobalAveragePooling2D")),
    _ex("global_max_pool2d", 1, cases.global_pool, oracles.layer("GlobalMaxPooling2D")),
    _ex("flatten", 1, cases.flatten, oracles.layer("Flatten")),
)

topic = Topic(TOPIC, {"en": "Pooling", "ko": "풀링"}, EXERCISES, MESSAGES)
