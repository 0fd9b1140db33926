"""The small convnet that ships with the course, and what the convnet topics read from a spec.

``datasets/convnet/`` holds the network trained by ``datasets/train_convnet.py``
on the shapes dataset (``datasets/shapes.py``):

- ``model.json``: the architecture in the course's plain-data model spec form
  (``{"input_shape": [...], "layers": [{"type": ..., **Keras arguments}, ...]}``),
  the class names, and the test accuracy measured when it was trained;
- ``weights.npz``: plain arrays (no pickle), key ``"<layer index>/<weight index>"``,
  one group per layer in Keras ``get_weights()`` order.

The same spec builds the NumPy model (the student's functions) and the Keras
oracle model (:func:`autograder.keras_models.build`, the one spec -> Keras
builder), so the two always describe one network.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .geometry import axis, pair
from .keras_models import layer_names  # also what callers import from here
from .paths import DATASETS

CONVNET_DIR = DATASETS / "convnet"


def metadata(directory: Path | str = CONVNET_DIR) -> dict:
    """The contents of ``model.json`` (spec, class names, test accuracy, training settings)."""
    return json.loads((Path(directory) / "model.json").read_text(encoding="utf-8"))


def load_weights(path: Path | str, n_layers: int) -> list[list[np.ndarray]]:
    """Per-layer weight lists from an ``.npz`` written by :func:`save_weights` (no pickle)."""
    with np.load(path, allow_pickle=False) as z:
        keys = list(z.keys())
        weights = []
        for i in range(n_layers):
            mine = sorted((k for k in keys if k.split("/")[0] == str(i)), key=lambda k: int(k.split("/")[1]))
            weights.append([np.array(z[k]) for k in mine])
    return weights


def save_weights(path: Path | str, weights) -> None:
    """Write per-layer weight lists as an ``.npz`` of plain arrays keyed ``"<layer>/<index>"``."""
    arrays = {f"{i}/{j}": np.asarray(w) for i, ws in enumerate(weights) for j, w in enumerate(ws)}
    np.savez(path, **arrays)


def load_convnet(directory: Path | str = CONVNET_DIR, dtype=np.float32) -> dict:
    """The shipped network as plain data: ``{"spec": spec, "weights": [[arrays] per layer]}``.

    This is the ``model`` that ``visualization.grad_cam`` and friends take; it crosses
    the sandbox codec as is (dicts, lists and arrays only).
    """
    meta = metadata(directory)
    spec = meta["spec"]
    weights = load_weights(Path(directory) / "weights.npz", len(spec["layers"]))
    weights = [[w.astype(dtype) for w in ws] for ws in weights]
    return {"spec": spec, "weights": weights}


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


class StudentError(RuntimeError):
    """A student's function failed (or returned nothing usable) while drawing a picture.

    ``called``: the function the picture called (``visualization.grad_cam``);
    ``exercise``: the exercise the failure comes from, the innermost of the
    student's exercises in the traceback (``transfer.layer_forward`` when
    grad_cam failed inside it), else ``called``; ``unfinished``: it still
    raises ``NotImplementedError``.
    """

    def __init__(self, called: str, exercise: str, reason: str, unfinished: bool = False):
        self.called, self.exercise, self.reason, self.unfinished = called, exercise, reason, unfinished
        where = called if exercise == called else f"{called} (inside your {exercise})"
        what = f"{exercise} is not written yet (NotImplementedError)" if unfinished else reason
        super().__init__(f"{where}: {what}")


class Runner:
    """Calls topic functions: the reference in-process, or a student's folder in the sandbox.

    ``Runner(None)`` uses ``solutions/`` (trusted, imported here); ``Runner(path)`` starts a
    :func:`~autograder.sandbox.make_sandbox` on ``path`` and never imports that code.
    Use as a context manager; :meth:`call` raises :class:`StudentError` when the call fails.
    """

    def __init__(self, directory=None, timeout: float = 300.0):
        self.directory = None if directory is None else Path(directory)
        self.timeout = timeout
        self.box = None

    def __enter__(self):
        if self.directory is not None:
            from .checking import numba_cache_for, protected_paths
            from .sandbox import make_sandbox

            self.box = make_sandbox(self.directory, protected=protected_paths(self.directory),
                                    numba_cache=numba_cache_for(self.directory))
            self.box.__enter__()
        return self

    def __exit__(self, *exc):
        if self.box is not None:
            self.box.__exit__(*exc)
            self.box = None

    def call(self, module: str, function: str, *args, **kwargs):
        """``module.function(*args, **kwargs)``'s value; :class:`StudentError` when the student's call fails."""
        if self.box is None:
            import importlib

            return getattr(importlib.import_module(f"dlkata.solutions.{module}"), function)(*args, **kwargs)
        res = self.box.call(module, function, args, kwargs, timeout=self.timeout)
        if not res.ok:
            from .tracing import origin

            called = f"{module}.{function}"
            raise StudentError(called, origin(res.traceback, called), res.error or res.stage,
                               res.error.startswith("NotImplementedError"))
        return res.value


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
