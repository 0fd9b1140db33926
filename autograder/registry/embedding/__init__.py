"""The embedding topic (``solutions/embedding.py``): the Embedding layer's lookup, its mask and its gradient;
a pretrained embedding matrix and the nearest words in it.

The forward oracle is ``keras.layers.Embedding`` built with the case's table
(``dtype`` = the table's dtype), its mask ``compute_mask`` of a
``mask_zero=True`` layer; the backward is ``tf.GradientTape`` on the lookup
(``tf.gather``, what the layer computes), whose IndexedSlices gradient is
made dense by ``tf.convert_to_tensor`` (see ``tfbridge.gradients``).

``pretrained_matrix`` is checked against a ``tf.lookup.StaticHashTable`` from
word to row of the stacked vectors (a missing word to an all-zero row) and
``tf.gather``; ``nearest_words`` against ``tf.math.l2_normalize``,
``tf.linalg.matmul`` (or the Euclidean distance) and ``tf.math.top_k``, which
keeps the lower index first among equal scores. Its cases use the word
vectors of ``datasets/word_vectors.txt``.
"""

from __future__ import annotations

from ... import diagnose_checks
from ...exercise import Exercise, Topic
from . import cases, diagnoses, oracles
from .messages import HINTS, MESSAGES

TOPIC = "embedding"

EXERCISES = (
    Exercise(TOPIC, "embedding", 1, cases.embedding, oracles.embedding, HINTS["embedding"]),
    Exercise(TOPIC, "embedding_mask", 1, cases.embedding_mask, oracles.embedding_mask, HINTS["embedding_mask"]),
    Exercise(TOPIC, "embedding_backward", 2, cases.embedding_backward, oracles.embedding_backward,
             HINTS["embedding_backward"], mistakes=diagnoses.EMBEDDING_BACKWARD),
    Exercise(TOPIC, "pretrained_matrix", 2, cases.pretrained_matrix, oracles.pretrained_matrix,
             HINTS["pretrained_matrix"], diagnose=diagnose_checks.pretrained_matrix),
    Exercise(TOPIC, "nearest_words", 2, cases.nearest_words, oracles.nearest_words, HINTS["nearest_words"],
             diagnose=diagnoses.nearest_words, mistakes=diagnoses.NEAREST_WORDS),
)

topic = Topic(TOPIC, {"en": "Embedding", "ko": "임베딩"}, EXERCISES, MESSAGES)
