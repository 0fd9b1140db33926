"""The losses topic (``solutions/losses.py``): cross-entropies, mean squared error and CTC, with gradients.

Forwards are checked against ``keras.losses.<name>`` (per-sample losses);
backwards against ``tf.GradientTape`` on ``tf.reduce_mean`` of those losses,
which is Keras' default ``"sum_over_batch_size"`` reduction.

CTC is checked against ``tf.nn.ctc_loss(..., logits_time_major=False)`` with
the dense labels handed over as a ``SparseTensor`` (the same function's CPU
CTC kernel), because the dense-label path of ``tf.nn.ctc_loss``
(``ctc_loss_dense``) (a) refuses float64 logits (it mixes in float32
constants) and (b) uses log(1e-307) instead of log(0) for unreachable states,
so an infeasible sample gets a finite loss of about 707 plus a gradient that
depends on the label padding. The kernel reports +inf and the softmax as the
gradient, which is what the math says. Feasible samples agree between the two
paths (tests/test_losses.py checks it). CTC cases are float32 only: for
float64 inputs TensorFlow's kernel still adds log-probabilities with a float32
``log1pf(expf(.))`` correction (tensorflow/core/util/ctc/ctc_loss_util.h), so
its float64 output is only float32-accurate and a correct float64 answer
cannot meet the float64 tolerance.
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "losses"


def _exercise(name, draw, points, backward=False, diagnose=True, **kw) -> Exercise:
    base = name[: -len("_backward")] if backward else name
    oracle = oracles.backward(base) if backward else oracles.forward(base)
    return Exercise(TOPIC, name, points, draw, oracle, HINTS[name],
                    mistakes=diagnoses.mistakes(base, backward) if diagnose else (), **kw)


EXERCISES = (
    _exercise("binary_crossentropy", cases.binary_crossentropy, 2),
    _exercise("binary_crossentropy_backward", cases.binary_crossentropy, 2, backward=True),
    _exercise("categorical_crossentropy", cases.categorical_crossentropy, 2),
    _exercise("categorical_crossentropy_backward", cases.categorical_crossentropy, 3, backward=True),
    _exercise("sparse_categorical_crossentropy", cases.sparse_categorical_crossentropy, 2),
    _exercise("sparse_categorical_crossentropy_backward", cases.sparse_categorical_crossentropy, 3, backward=True),
    _exercise("mean_squared_error", cases.mean_squared_error, 1, diagnose=False),
    _exercise("mean_squared_error_backward", cases.mean_squared_error, 1, backward=True, diagnose=False),
    Exercise(TOPIC, "ctc_loss", 4, cases.ctc, oracles.ctc_loss, HINTS["ctc_loss"], mistakes=diagnoses.CTC_LOSS),
    Exercise(TOPIC, "ctc_loss_backward", 4, cases.ctc, oracles.ctc_loss_backward, HINTS["ctc_loss_backward"],
             mistakes=diagnoses.CTC_LOSS_BACKWARD),
)

topic = Topic(TOPIC, {"en": "Losses", "ko": "손실 함수"}, EXERCISES, MESSAGES)
