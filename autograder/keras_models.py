"""Keras models from the course's plain-data model specs: the one spec -> Keras builder (the oracle side).

A spec is ``{"input_shape": (...), "layers": [{"type": ..., **Keras arguments}, ...]}``
(the training topic's cases use it); a layer may carry a ``"name"`` (the transfer and
visualization networks name theirs). The same spec is what a student's
``count_params``, ``fit``, ``extract_features``, ``grad_cam``... read, so one
description builds both the NumPy model and the ``keras.Sequential`` it is
checked against. Every topic builds its Keras model with :func:`build`.
Imports TensorFlow lazily.
"""

from __future__ import annotations

import numpy as np

from .convnet import layer_names
from .tfbridge import keras

#: Spec layer type -> Keras layer class name.
LAYER_CLASSES = {
    "dense": "Dense",
    "conv2d": "Conv2D",
    "max_pool2d": "MaxPooling2D",
    "average_pool2d": "AveragePooling2D",
    "flatten": "Flatten",
    "global_average_pool2d": "GlobalAveragePooling2D",
    "global_max_pool2d": "GlobalMaxPooling2D",
    "embedding": "Embedding",
    "simple_rnn": "SimpleRNN",
    "lstm": "LSTM",
    "gru": "GRU",
}

#: Optimizer spec name (lower case) -> Keras optimizer class name.
OPTIMIZER_CLASSES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}


def _plain(value):
    """Lists (from the wire or JSON) back to the tuples Keras expects for sizes."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def build(spec: dict, weights=None, dtype="float32", frozen=(), logits: bool = False):
    """A ``keras.Sequential`` built from ``spec``.

    - ``weights``: one list of arrays per layer in ``get_weights()`` order (``[]`` for
      layers without weights), set when given;
    - ``dtype``: every layer's dtype (None means float32); the input is int32 when the
      first layer is an embedding (it takes ids);
    - ``frozen``: layer indices whose ``trainable`` is set to False;
    - ``logits``: the last layer's activation replaced by None (Grad-CAM's pre-softmax score).

    Each Keras layer is named as in :func:`layer_names`, so ``model.get_layer(name)``
    finds the layer a spec names.
    """
    k = keras()
    dtype = np.dtype(dtype or "float32").name
    layers = spec["layers"]
    names = layer_names(spec)
    built = []
    for i, layer in enumerate(layers):
        kind = layer["type"]
        if kind not in LAYER_CLASSES:
            raise ValueError(f"unknown layer type {kind!r}; types are {', '.join(LAYER_CLASSES)}")
        kwargs = {key: _plain(v) for key, v in layer.items() if key not in ("type", "name")}
        if logits and i == len(layers) - 1:
            kwargs["activation"] = None
        built.append(getattr(k.layers, LAYER_CLASSES[kind])(name=names[i], dtype=dtype, **kwargs))
    input_dtype = "int32" if layers and layers[0]["type"] == "embedding" else dtype
    model = k.Sequential([k.Input(shape=tuple(spec["input_shape"]), dtype=input_dtype), *built])
    if weights is not None:
        set_weights(model, weights)
    for i in frozen:
        model.layers[i].trainable = False
    return model


def set_weights(model, weights) -> None:
    """Load one list of arrays per layer (``get_weights()`` order), cast to each layer's dtype."""
    for layer, ws in zip(model.layers, weights):
        if len(ws):
            layer.set_weights([np.asarray(w, dtype=layer.dtype) for w in ws])


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
