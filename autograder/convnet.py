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
builder), so the two always describe one network. The shapes and sizes a spec
implies are computed in :mod:`autograder.spec_shapes` (instructor only: that
arithmetic is part of several answers).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .paths import DATASETS

CONVNET_DIR = DATASETS / "convnet"


def metadata(directory: Path | str = CONVNET_DIR) -> dict:
    """The contents of ``model.json`` (spec, class names, test accuracy, training settings)."""
    return json.loads((Path(directory) / "model.json").read_text(encoding="utf-8"))


def layer_names(spec: dict) -> list[str]:
    """The name of every layer of ``spec`` (and of its Keras layer): its ``"name"``, else ``"<type>_<index>"``."""
    return [layer.get("name") or f"{layer['type']}_{i}" for i, layer in enumerate(spec["layers"])]


def channels(spec: dict, index: int) -> int:
    """How many channels layer ``index`` outputs: the last ``filters`` (or ``units``) up to it, pooling keeps them."""
    n = spec["input_shape"][-1]
    for layer in spec["layers"][: index + 1]:
        n = layer.get("filters", layer.get("units", n))
    return int(n)


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
