"""What a model spec implies: each layer's output shape, weight count and sum length.

The registry sizes its cases' tolerances and draws its diagnoses from these
(``chain_terms``, ``weight_counts``); the arithmetic is part of several
answers (``conv2d_output_shape``, ``count_params``, ``trainable_count``), so
the student edition does not ship this module.
"""

from __future__ import annotations

import numpy as np

from .convnet import layer_names
from .geometry import axis, pair


def resolve_layers(spec: dict, which) -> list[int]:
    """Indices of the layers named in ``which`` (names and/or indices, negative from the end)."""
    names = layer_names(spec)
    if isinstance(which, (str, int)):
        which = [which]
    return [names.index(w) if isinstance(w, str) else int(w) % len(names) for w in which]


def output_shapes(spec: dict) -> list[tuple]:
    """The output shape (without the batch axis) of every layer of ``spec``."""
    return _walk(spec)[1]


def chain_terms(spec: dict, upto: int | None = None, backward: bool = False) -> int:
    """How many terms feed one output of the first ``upto`` layers (sums chained layer after layer).

    Conv2D sums kh*kw*in_channels products, Dense ``in``, global average pooling
    h*w; chaining layers adds their lengths. A backward pass through the same
    layers sums as long again (the transposed sums), hence doubling.
    """
    terms = _walk(spec)[0]
    total = sum(terms[: len(terms) if upto is None else upto])
    return max(1, total * (2 if backward else 1))


def _walk(spec: dict):
    shape = tuple(spec["input_shape"])
    terms, shapes = [], []
    for layer in spec["layers"]:
        kind = layer["type"]
        total = 0
        if kind == "conv2d":
            (kh, kw), s, d = pair(layer["kernel_size"]), pair(layer.get("strides", 1)), pair(layer.get("dilation_rate", 1))
            total = kh * kw * shape[-1]
            padding = layer.get("padding", "valid")
            shape = (axis(shape[0], kh, s[0], d[0], padding)[0], axis(shape[1], kw, s[1], d[1], padding)[0],
                     layer["filters"])
        elif kind == "dense":
            total = shape[-1]
            shape = shape[:-1] + (layer["units"],)
        elif kind in ("global_average_pool2d", "global_max_pool2d"):
            total = shape[0] * shape[1] if kind == "global_average_pool2d" else 0
            shape = (shape[-1],)
        elif kind == "flatten":
            shape = (int(np.prod(shape)),)
        elif kind in ("max_pool2d", "average_pool2d"):
            (ph, pw) = pair(layer.get("pool_size", 2))
            s = pair(layer.get("strides") or (ph, pw))
            padding = layer.get("padding", "valid")
            shape = (axis(shape[0], ph, s[0], 1, padding)[0], axis(shape[1], pw, s[1], 1, padding)[0], shape[2])
            total = ph * pw if kind == "average_pool2d" else 0
        terms.append(total)
        shapes.append(shape)
    return terms, shapes


def weight_counts(spec: dict) -> list[int]:
    """How many numbers each layer of ``spec`` holds (Conv2D / Dense kernel and bias; 0 for the others)."""
    shape = tuple(spec["input_shape"])
    counts = []
    for layer, out in zip(spec["layers"], output_shapes(spec)):
        bias = layer.get("use_bias", True)
        if layer["type"] == "conv2d":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, int) else tuple(k)
            counts.append(kh * kw * shape[-1] * layer["filters"] + (layer["filters"] if bias else 0))
        elif layer["type"] == "dense":
            counts.append(shape[-1] * layer["units"] + (layer["units"] if bias else 0))
        else:
            counts.append(0)
        shape = out
    return counts
