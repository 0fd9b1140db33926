"""Candidate mistakes of the transfer topic: counts that ignore the frozen layers or count only them; frozen
weights that changed, and layers below a frozen one that did not (freezing stops updates, not gradients)."""

from __future__ import annotations

from ...convnet import layer_names
from ...diagnose import Mistake, candidate
from ...spec_shapes import resolve_layers, weight_counts


def trainable_count(case, expected):
    """Counting every weight (the frozen ones too), or only the frozen ones."""
    spec, _ = case.args
    total = sum(weight_counts(spec))
    return (candidate("diag_trainable_ignored_frozen", total, expected, fields={"got": total}, mode="exact")
            + candidate("diag_trainable_complement", total - expected, expected, fields={"got": total - expected},
                        mode="exact", alone=True))


def fine_tune_step(case, expected):
    """A frozen layer's weights changed; or a layer below the frozen ones left as it was (the first that fits)."""
    spec, weights, frozen = case.args[:3]
    names = layer_names(spec)
    idx = sorted(set(resolve_layers(spec, frozen)))
    found = [Mistake("diag_frozen_updated", [((1, i), weights[i])], "differs", fields={"layer": names[i]}, alone=True)
             for i in idx if weights[i]]
    for i in range(max(idx) if idx else 0):
        if i not in idx and weights[i]:
            found += candidate("diag_frozen_blocks_gradient", weights[i], expected, path=(1, i),
                               fields={"layer": names[i]}, alone=True, mode="exact")
    return found
