"""The visualization topic (``solutions/visualization.py``): Grad-CAM heatmaps and filter visualisation by
gradient ascent.

Oracles follow the keras-io examples (``examples/vision/grad_cam.py`` and
``examples/vision/visualizing_what_convnets_learn.py``) on a
``keras.Sequential`` built from the case's spec and weights
(:func:`autograder.keras_models.build`): Grad-CAM with GradientTape on
``keras.Model(model.inputs, [conv_layer.output, model.output])`` with the last
activation removed; filter visualisation with GradientTape on
``keras.Model(model.inputs, layer.output)``, ``tf.math.l2_normalize`` and
``img += learning_rate * grads``.
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "visualization"

EXERCISES = (
    Exercise(TOPIC, "grad_cam", 4, cases.grad_cam, oracles.grad_cam, HINTS["grad_cam"], diagnose=diagnose_checks.grad_cam,
             mistakes=diagnoses.GRAD_CAM),
    Exercise(TOPIC, "filter_visualization", 4, cases.filter_visualization, oracles.filter_visualization,
             HINTS["filter_visualization"]),
)

topic = Topic(TOPIC, {"en": "Visualizing what convnets learn", "ko": "합성곱 신경망 시각화"}, EXERCISES, MESSAGES)
