"""Oracles of the visualization topic, after the keras-io examples, on a ``keras.Sequential`` built from the
case's spec and weights (:func:`autograder.keras_models.build`)."""

from __future__ import annotations

import numpy as np

from ... import keras_models
from ...tfbridge import keras, tf


def _dtype(model):
    for ws in model["weights"]:
        for w in ws:
            return np.asarray(w).dtype
    return np.dtype(np.float32)


def grad_cam(image, model, class_index, conv_layer, score_from_softmax=False):
    """The Grad-CAM heatmap in [0, 1] of ``class_index`` (None: the top class) at ``conv_layer``.

    ``score_from_softmax=True`` takes the softmax probability as the score instead of the logit (a
    slip the diagnosis recognises).
    """
    t = tf()
    k = keras()
    dt = _dtype(model)
    net = keras_models.build(model["spec"], model["weights"], dtype=dt, logits=not score_from_softmax)
    grad_model = k.Model(net.inputs, [net.get_layer(conv_layer).output, net.outputs[0]])
    img = t.constant(np.asarray(image, dt)[None])
    with t.GradientTape() as tape:
        conv_out, preds = grad_model(img)
        c = int(t.argmax(preds[0])) if class_index is None else class_index
        score = preds[:, c]
    grads = tape.gradient(score, conv_out)
    pooled = t.reduce_mean(grads, axis=(0, 1, 2))
    heat = conv_out[0] @ pooled[..., None]
    heat = t.squeeze(heat)
    return t.maximum(heat, 0) / t.math.reduce_max(heat)


grad_cam.__name__ = "GradientTape Grad-CAM (keras-io grad_cam.py)"


def filter_visualization(model, layer, filter_index, steps=30, learning_rate=10.0, seed=0):
    """The image after ``steps`` of L2-normalised gradient ascent on filter ``filter_index``'s mean activation."""
    t = tf()
    k = keras()
    dt = _dtype(model)
    net = keras_models.build(model["spec"], model["weights"], dtype=dt)
    extractor = k.Model(net.inputs, net.get_layer(layer).output)
    rng = np.random.default_rng(seed)
    img = t.constant(((rng.random((1, *model["spec"]["input_shape"])) - 0.5) * 0.25).astype(dt))
    for _ in range(steps):
        with t.GradientTape() as tape:
            tape.watch(img)
            activation = extractor(img)
            loss = t.reduce_mean(activation[:, 2:-2, 2:-2, filter_index])
        grads = tape.gradient(loss, img)
        grads = t.math.l2_normalize(grads)
        img = img + t.constant(learning_rate, dtype=dt) * grads
    return img[0]


filter_visualization.__name__ = "GradientTape gradient ascent (keras-io visualizing_what_convnets_learn.py)"

