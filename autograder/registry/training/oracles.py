"""Oracles of the training topic: the Keras model built from the same spec (:mod:`autograder.keras_models`),
its ``count_params()``, and ``compile`` + ``fit(..., shuffle=False)``."""

from __future__ import annotations

import numpy as np

from ... import keras_models


def count_params(model):
    """The parameter count of the Keras model built from ``model``."""
    return int(keras_models.build(model).count_params())


count_params.__name__ = "keras.Sequential(...).count_params"


def fit(model, weights, x, y, loss, optimizer, batch_size=32, epochs=1, validation_data=None,
        metrics=("accuracy",), logits_shortcut=True):
    """``(history, weights)`` of Keras' ``fit`` on the model built from ``model`` and ``weights``.

    History values are float32 arrays of shape ``(epochs,)``, weights one list of arrays per layer.
    ``logits_shortcut=False`` gives what Keras would compute without its shortcut (a cross-entropy after a
    sigmoid/softmax layer computed from that layer's logits): the loss of the clipped probabilities, a
    mistake's variant.
    """
    dtype = np.asarray(weights[-1][0]).dtype.name
    km = keras_models.build(model, weights, dtype=dtype)
    loss_fn = keras_models.loss(loss, dtype)
    if not logits_shortcut:
        from ...tfbridge import tf

        keras_loss = loss_fn

        def loss_fn(y_true, y_pred):  # a new tensor: it carries no `_keras_logits`, so Keras clips the probabilities
            return keras_loss(y_true, tf().identity(y_pred))
    km.compile(optimizer=keras_models.optimizer(optimizer), loss=loss_fn, metrics=list(metrics))
    history = km.fit(x, y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0,
                     validation_data=None if validation_data is None else tuple(validation_data)).history
    return ({key: np.asarray(v, np.float32) for key, v in history.items()}, keras_models.get_weights(km))


fit.__name__ = "keras.Sequential.fit(shuffle=False)"

