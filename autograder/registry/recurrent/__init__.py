"""The recurrent topic (``solutions/recurrent.py``): SimpleRNN, LSTM and GRU steps and layers, their
backprop through time, and the gradient norms that show SimpleRNN's vanishing gradient.

Oracles are the Keras layers and cells themselves (``SimpleRNN``, ``LSTM``,
``GRU`` and their ``*Cell``), built in the input's dtype and given the case's
weights with ``set_weights``; backward oracles run ``tf.GradientTape`` on the
layer. The diagnoses recompute a few typical wrong variants (gate blocks in
another order, the initial state ignored, the GRU update gate swapped, ...)
with small NumPy forwards, in the trusted process.
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "recurrent"


def _exercise(name, points, draw, oracle, diagnose=None, outputs=(), mistakes=()):
    return Exercise(TOPIC, name, points, draw, oracle, HINTS[name], diagnose, outputs, mistakes=mistakes)


_GRADS = ("dx", "dkernel", "drecurrent_kernel", "dbias")

EXERCISES = (
    _exercise("simple_rnn_step", 1, cases.step("simple_rnn"), oracles.simple_rnn_step),
    _exercise("simple_rnn", 2, cases.sequence("simple_rnn"), oracles.layer("simple_rnn"),
              diagnose_checks.recurrent_output, ("output", "h"), diagnoses.forward_mistakes("simple_rnn", "output")),
    _exercise("simple_rnn_backward", 3, cases.sequence("simple_rnn", backward=True),
              oracles.backward("simple_rnn"), None, _GRADS, diagnoses.backward_mistakes("simple_rnn")),
    _exercise("lstm_step", 2, cases.step("lstm", with_c=True), oracles.lstm_step, None, ("h", "c"),
              diagnoses.forward_mistakes("lstm", "h")),
    _exercise("lstm_gates", 1, cases.step("lstm", with_c=True), oracles.lstm_gates, None, ("i", "f", "g", "o"),
              diagnoses.forward_mistakes("lstm", gates_only=True)),
    _exercise("lstm", 2, cases.sequence("lstm"), oracles.layer("lstm"), diagnose_checks.recurrent_output,
              ("output", "h", "c"), diagnoses.forward_mistakes("lstm", "output")),
    _exercise("lstm_backward", 3, cases.sequence("lstm", backward=True), oracles.backward("lstm"), None, _GRADS,
              diagnoses.backward_mistakes("lstm")),
    _exercise("gru_step", 2, cases.step("gru"), oracles.gru_step, None, (), diagnoses.forward_mistakes("gru")),
    _exercise("gru", 2, cases.sequence("gru"), oracles.layer("gru"), diagnose_checks.recurrent_output, ("output", "h"),
              diagnoses.forward_mistakes("gru", "output")),
    _exercise("gradient_norms_through_time", 2, cases.gradient_norms_through_time,
              oracles.gradient_norms_through_time),
)

topic = Topic(TOPIC, {"en": "Recurrent layers", "ko": "순환 신경망 (RNN)"}, EXERCISES, MESSAGES)
