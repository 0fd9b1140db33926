"""Convnets for the cases of the transfer and visualization topics: the shipped one in any dtype, test
images of the shapes data set, and small random networks of the same kinds of layers."""

from __future__ import annotations

import functools

import numpy as np

from .cases import normal
from .convnet import load_convnet


@functools.lru_cache(maxsize=4)
def _shipped(dtype_name: str):
    return load_convnet(dtype=np.dtype(dtype_name))


def shipped_network(dtype) -> dict:
    """The shipped convnet as ``{"spec", "weights"}`` in ``dtype`` (a fresh copy)."""
    net = _shipped(np.dtype(dtype).name)
    return {"spec": net["spec"], "weights": [[w.copy() for w in ws] for ws in net["weights"]]}


@functools.lru_cache(maxsize=1)
def _test_split():
    from ..datasets.shapes import load_shapes

    return load_shapes("test")


def pick_test_images(rng, n):
    """``n`` images of the shapes test split and their labels, picked with ``rng``."""
    x, y = _test_split()
    idx = rng.choice(len(x), n, replace=False)
    return x[idx].copy(), y[idx].copy()


def random_network(rng, dtype, head="gap", classes=3, size=None, named=None, last_activation=None):
    """A small random convnet ``{"spec", "weights"}`` and the index where its head starts.

    conv (relu) -> [conv (relu)] -> max_pool2d -> conv (relu) -> global_average_pool2d or
    flatten -> dense softmax; odd sizes, 'same' and 'valid', some layers named.
    """
    h, w = size or (int(rng.integers(8, 13)), int(rng.integers(8, 13)))
    cin = int(rng.integers(1, 4))
    named = bool(rng.integers(2)) if named is None else named
    layers = [{"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": 3,
               "padding": str(rng.choice(["same", "valid"])), "activation": "relu"}]
    if rng.integers(2):
        layers.append({"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": [2, 3],
                       "padding": "same", "activation": "relu"})
    layers.append({"type": "max_pool2d", "pool_size": 2})
    layers.append({"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": 2, "padding": "valid",
                   "activation": last_activation or str(rng.choice(["relu", "tanh"]))})
    start = len(layers)
    layers.append({"type": "global_average_pool2d"} if head == "gap" else {"type": "flatten"})
    layers.append({"type": "dense", "units": classes, "activation": "softmax"})
    if named:
        counts = {}
        for layer in layers:
            counts[layer["type"]] = counts.get(layer["type"], 0) + 1
            layer["name"] = f"{layer['type'].split('_')[0]}{counts[layer['type']]}"
    spec = {"input_shape": [h, w, cin], "layers": layers}
    weights = []
    shape = (h, w, cin)
    for layer in layers:
        if layer["type"] == "conv2d":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, int) else k
            fan = kh * kw * shape[-1]
            f = layer["filters"]
            weights.append([normal(rng, (kh, kw, shape[-1], f), dtype, 1.5 / np.sqrt(fan)),
                            normal(rng, (f,), dtype, 0.1) + dtype(0.05)])
            if layer["padding"] == "same":
                shape = (shape[0], shape[1], f)
            else:
                shape = (shape[0] - kh + 1, shape[1] - kw + 1, f)
        elif layer["type"] == "max_pool2d":
            shape = (shape[0] // 2, shape[1] // 2, shape[2])
        elif layer["type"] == "flatten":
            shape = (int(np.prod(shape)),)
        elif layer["type"] == "global_average_pool2d":
            shape = (shape[-1],)
        else:
            weights.append([normal(rng, (shape[-1], classes), dtype, 2.0 / np.sqrt(shape[-1])),
                            normal(rng, (classes,), dtype, 0.1)])
            continue
        if layer["type"] != "conv2d":
            weights.append([])
    return {"spec": spec, "weights": weights}, start


