"""The transfer topic (``solutions/transfer.py``): features from a pretrained base, counting what stays
trainable, and one fine-tuning step with frozen layers.

Every oracle builds the same network in Keras from the case's spec and weights
(:func:`autograder.keras_models.build`): the shipped convnet
(``datasets/convnet/``) and small random networks (:mod:`autograder.networks`).

- ``extract_features``: ``keras.Sequential(base layers)(images)``;
- ``trainable_count``: ``layer.trainable = False`` on the frozen layers, then
  the size of ``model.trainable_weights``;
- ``fine_tune_step``: the same freezing, ``compile(SGD(lr),
  "categorical_crossentropy")`` and ``train_on_batch`` -> (loss, weights).
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "transfer"

EXERCISES = (
    Exercise(TOPIC, "extract_features", 2, cases.extract_features, oracles.extract_features,
             HINTS["extract_features"]),
    Exercise(TOPIC, "trainable_count", 1, cases.trainable_count, oracles.trainable_count, HINTS["trainable_count"],
             mistakes=diagnoses.TRAINABLE_COUNT),
    Exercise(TOPIC, "fine_tune_step", 4, cases.fine_tune_step, oracles.fine_tune_step, HINTS["fine_tune_step"],
             diagnose=diagnoses.fine_tune_step, outputs=("loss", "weights")),
)

topic = Topic(TOPIC, {"en": "Transfer learning", "ko": "전이학습"}, EXERCISES, MESSAGES)
