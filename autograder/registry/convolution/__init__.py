"""The convolution topic (``solutions/convolution.py``): Conv2D forward and backward, its output shape, Conv1D.

Forwards are checked against ``keras.layers.Conv2D`` / ``Conv1D`` built with
the case's weights; ``conv2d_backward`` against ``tf.GradientTape`` on
``keras.ops.conv`` (what the layer calls) plus the bias: TensorFlow's CPU
gradient of ``tf.nn.conv2d`` refuses dilation > 1, ``keras.ops.conv`` goes
through ``tf.nn.convolution``, which does not.
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "convolution"

EXERCISES = (
    Exercise(TOPIC, "conv2d", 4, cases.conv2d, oracles.conv2d, HINTS["conv2d"], diagnose=diagnoses.conv2d,
             mistakes=diagnoses.CONV2D),
    Exercise(TOPIC, "conv2d_backward", 5, cases.conv2d_backward, oracles.conv2d_backward, HINTS["conv2d_backward"],
             diagnose=diagnoses.conv2d_backward, outputs=("dx", "dkernel", "dbias"), mistakes=diagnoses.CONV2D_BACKWARD),
    Exercise(TOPIC, "conv2d_output_shape", 1, cases.conv2d_output_shape, oracles.conv2d_output_shape,
             HINTS["conv2d_output_shape"], diagnose=diagnoses.conv2d_output_shape),
    Exercise(TOPIC, "conv1d", 2, cases.conv1d, oracles.conv1d, HINTS["conv1d"], diagnose=diagnoses.conv1d),
)

topic = Topic(TOPIC, {"en": "Convolution", "ko": "합성곱"}, EXERCISES, MESSAGES)
