"""Keras models from the course's plain-data model specs (the oracle side).

A spec is ``{"input_shape": (...), "layers": [{"type": ..., **Keras arguments}, ...]}``
(CURRICULUM, training). The same spec is what a student's ``count_params`` and
``fit`` read, so one description builds both the NumPy model and the
``keras.Sequential`` it is checked against. Imports TensorFlow lazily.
"""

from __future__ import annotations

import numpy as np

from .tfbridge import keras

#: Spec type -> Keras layer class name.
LAYER_CLASSES = {
    "dense": "Dense",
    "conv2d": "Conv2D",
    "max_pool2d": "MaxPooling2D",
    "flatten": "Flatten",
    "global_average_pool2d": "GlobalAveragePooling2D",
    "embedding": "Embedding",
    "simple_rnn": "SimpleRNN",
    "lstm": "LSTM",
    "gru": "GRU",
}

#: Optimizer spec name (lower case) -> Keras optimizer class name.
OPTIMIZER_CLASSES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}


def _plain(value):
    """Lists (from the wire) back to the tuples Keras expects for sizes."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def build(spec: dict, dtype: str | None = None):
    """``keras.Sequential`` for ``spec``; ``dtype`` sets every layer's dtype (default float32)."""
    k = keras()
    layers = spec["layers"]
    first = layers[0]["type"] if layers else None
    input_dtype = "int32" if first == "embedding" else (dtype or "float32")
    model_layers = [k.Input(shape=tuple(spec["input_shape"]), dtype=input_dtype)]
    for layer in layers:
        kw = {key: _plain(v) for key, v in layer.items() if key != "type"}
        if dtype is not None:
            kw.setdefault("dtype", dtype)
        model_layers.append(getattr(k.layers, LAYER_CLASSES[layer["type"]])(**kw))
    return k.Sequential(model_layers)


def set_weights(model, weights) -> None:
    """Load one list of arrays per layer, in ``get_weights()`` order."""
    for layer, w in zip(model.layers, weights):
        layer.set_weights([np.asarray(a) for a in w])


def get_weights(model) -> list[list[np.ndarray]]:
    """One list of arrays per layer, in ``get_weights()`` order."""
    return [[np.asarray(a) for a in layer.get_weights()] for layer in model.layers]


def optimizer(spec: dict):
    """A Keras optimizer from ``{"name": ..., **Keras arguments}``."""
    k = keras()
    kw = {key: v for key, v in spec.items() if key != "name"}
    for key in ("momentum", "learning_rate", "rho", "epsilon", "beta_1", "beta_2"):
        if key in kw:
            kw[key] = float(kw[key])  # Keras refuses ints for some of these
    return getattr(k.optimizers, OPTIMIZER_CLASSES[str(spec["name"]).lower()])(**kw)


def loss(name: str, dtype: str | None = None):
    """The Keras loss object for a loss name, computing in ``dtype`` (default float32)."""
    k = keras()
    classes = {"binary_crossentropy": "BinaryCrossentropy", "categorical_crossentropy": "CategoricalCrossentropy",
               "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
               "mean_squared_error": "MeanSquaredError"}
    return getattr(k.losses, classes[name])(dtype=dtype)
