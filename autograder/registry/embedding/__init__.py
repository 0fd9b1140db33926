"""The embedding topic (``solutions/embedding.py``): the Embedding layer's lookup, its mask and its gradient.

The forward oracle is ``keras.layers.Embedding`` built with the case's table
(``dtype`` = the table's dtype), its mask ``compute_mask`` of a
``mask_zero=True`` layer; the backward is ``tf.GradientTape`` on the lookup
(``tf.gather``, what the layer computes), whose IndexedSlices gradient is
made dense by ``tf.convert_to_tensor`` (see ``tfbridge.gradients``).
"""

from __future__ import annotations

from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "embedding"

EXERCISES = (
    Exercise(TOPIC, "embedding", 1, cases.embedding, oracles.embedding, HINTS["embedding"]),
    Exercise(TOPIC, "embedding_mask", 1, cases.embedding_mask, oracles.embedding_mask, HINTS["embedding_mask"]),
    Exercise(TOPIC, "embedding_backward", 2, cases.embedding_backward, oracles.embedding_backward,
             HINTS["embedding_backward"], mistakes=diagnoses.embedding_backward),
)

topic = Topic(TOPIC, {"en": "Embedding", "ko": "임베딩"}, EXERCISES, MESSAGES)
