"""Oracles of the transfer topic: the same network built in Keras from the case's spec and weights
(:func:`autograder.keras_models.build`), with ``layer.trainable = False`` on the frozen layers."""

from __future__ import annotations

import numpy as np

from ... import keras_models
from ...spec_shapes import resolve_layers
from ...tfbridge import keras


def extract_features(images, base):
    k = keras()
    dt = images.dtype
    for ws in base["weights"]:
        for w in ws:
            dt = np.asarray(w).dtype
    spec = {"input_shape": list(images.shape[1:]), "layers": base["layers"]}
    model = keras_models.build(spec, base["weights"], dtype=dt)
    return model(k.ops.convert_to_tensor(np.asarray(images, dt)))


extract_features.__name__ = "keras.Sequential(base layers)"


def trainable_count(model, frozen):
    net = keras_models.build(model, frozen=resolve_layers(model, frozen))
    return int(sum(int(np.prod(w.shape)) for w in net.trainable_weights))


trainable_count.__name__ = "sum(w.size for w in model.trainable_weights)"


def fine_tune_step(model, weights, frozen, x, y, learning_rate=0.01):
    k = keras()
    dt = np.asarray(weights[-1][0]).dtype
    net = keras_models.build(model, weights, dtype=dt, frozen=resolve_layers(model, frozen))
    net.compile(optimizer=k.optimizers.SGD(learning_rate), loss="categorical_crossentropy", jit_compile=False)
    loss = net.train_on_batch(np.asarray(x, dt), np.asarray(y, dt))
    return np.asarray(loss, dt), keras_models.get_weights(net)


fine_tune_step.__name__ = "keras Sequential, trainable=False, SGD train_on_batch"
