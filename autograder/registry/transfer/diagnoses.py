"""Mistakes of the transfer topic: counts that ignore the frozen layers or count only them; and what the output
alone shows: frozen weights that changed, layers below a frozen one that did not (freezing stops updates, not
gradients)."""

from __future__ import annotations

import numpy as np

from ...convnet import layer_names
from ...spec_shapes import resolve_layers, weight_counts
from ...exercise import Mistake


def _frozen_count(case) -> int:
    spec, frozen = case.args
    counts = weight_counts(spec)
    return sum(counts[i] for i in set(resolve_layers(spec, frozen)))


#: Every weight counted (the frozen ones too), or only the frozen ones.
TRAINABLE_COUNT = (
    Mistake("diag_trainable_ignored_frozen", lambda case: sum(weight_counts(case.args[0])),
            fields=lambda case: {"got": sum(weight_counts(case.args[0]))}),
    Mistake("diag_trainable_complement", _frozen_count, fields=lambda case: {"got": _frozen_count(case)}),
)


def fine_tune_step(case, got, expected):
    spec, weights, frozen = case.args[:3]
    if not (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], (list, tuple))
            and len(got[1]) == len(weights)):
        return []
    names = layer_names(spec)
    idx = sorted(set(resolve_layers(spec, frozen)))

    def same(a, b):
        return (isinstance(a, (list, tuple)) and len(a) == len(b)
                and all(isinstance(u, np.ndarray) and u.shape == np.shape(v) and np.array_equal(u, v)
                        for u, v in zip(a, b)))

    for i in idx:
        if weights[i] and not same(got[1][i], weights[i]):
            return [("diag_frozen_updated", {"layer": names[i]})]
    if idx:
        for i in range(max(idx)):
            if i not in idx and weights[i] and same(got[1][i], weights[i]) and not same(expected[1][i], weights[i]):
                return [("diag_frozen_blocks_gradient", {"layer": names[i]})]
    return []


