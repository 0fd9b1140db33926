"""Diagnoses of the transfer topic: counts that ignore the frozen layers or count only them; frozen weights
that changed, and layers below a frozen one that did not (freezing stops updates, not gradients)."""

from __future__ import annotations

import numpy as np

from ...convnet import layer_names, resolve_layers, weight_counts


def trainable_count(case, got, expected):
    spec, _ = case.args
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)) or got == expected:
        return []
    total = sum(weight_counts(spec))
    if got == total:
        return [("diag_trainable_ignored_frozen", {"got": int(got)})]
    if got == total - expected:
        return [("diag_trainable_complement", {"got": int(got)})]
    return []


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


