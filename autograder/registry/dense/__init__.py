"""The dense topic (``solutions/dense.py``): the Dense layer and its gradients.

The oracle is ``keras.layers.Dense`` built with the case's weights (and
``use_bias=bias is not None``, ``dtype`` = the input dtype); the backward is
``tf.GradientTape`` through that layer.
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "dense"

EXERCISES = (
    Exercise(TOPIC, "dense", 2, cases.dense, oracles.dense, HINTS["dense"], mistakes=diagnoses.DENSE),
    Exercise(TOPIC, "dense_backward", 3, cases.dense_backward, oracles.dense_backward, HINTS["dense_backward"],
             mistakes=diagnoses.DENSE_BACKWARD, outputs=("dx", "dkernel", "dbias")),
)

topic = Topic(TOPIC, {"en": "Dense layer", "ko": "완전연결층 (Dense)"}, EXERCISES, MESSAGES)
