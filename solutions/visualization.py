"""Seeing what a convnet learned: Grad-CAM heatmaps and filter patterns.

Course notes, 합성곱 신경망 시각화: a class activation map (클래스 활성화 맵)
shows *where* in an image the network found evidence for a class; gradient
ascent in input space (입력 공간의 경사 상승법) shows *what pattern* a filter
responds to. Both are backward passes through the network to something other
than the weights, written with your ``layer_forward`` / ``layer_backward``
from ``transfer.py`` (which use your conv2d, max_pool2d, dense and their
backward passes).

``model`` is plain data: ``{"spec": model spec, "weights": [[arrays] per
layer]}`` (see ``transfer.py``); the shipped network is loaded by
``dlkata.autograder.convnet.load_convnet()``. A layer is named by its spec
``"name"`` (default ``"<type>_<index>"``). Float results take the weights'
dtype (Keras casts the input to the layers' dtype).

- ``grad_cam(image, model, class_index, conv_layer)``, as the Keras example
  ``examples/vision/grad_cam.py``: the class score is the **pre-softmax
  logit** (the last layer's activation removed), ``A`` the output of
  ``conv_layer`` for the one image, ``g = d score / d A``, channel weights
  ``alpha = mean(g, axis=(height, width))``, ``heat = sum_k alpha_k A[..., k]``,
  and the result ``maximum(heat, 0) / max(heat)`` -- the max of the heatmap
  *before* the ReLU.
- ``filter_visualization(model, layer, filter_index, steps=30,
  learning_rate=10.0, seed=0)``, as ``examples/vision/visualizing_what_convnets_learn.py``:
  start from ``img = (U[0,1) - 0.5) * 0.25`` of shape ``(1, *input_shape)``
  drawn with ``np.random.default_rng(seed).random`` (in float64, then cast to
  the weights' dtype); each step the loss is the mean of the filter's
  activation with a 2-pixel border left out, ``act[:, 2:-2, 2:-2,
  filter_index]``, its gradient ``g`` with respect to the image is
  L2-normalised over the whole tensor, ``g / sqrt(max(sum(g**2), 1e-12))``,
  and ``img += learning_rate * g``.
"""

import numpy as np

from ._validate import as_float_array, require_ndim
from .transfer import check_network, layer_backward, layer_forward, layer_names, weights_dtype

#: Layer types whose output is a feature map (batch, height, width, channels).
SPATIAL_LAYERS = ("conv2d", "max_pool2d")


def check_model_bundle(model):
    """Validate ``{"spec": ..., "weights": ...}``; returns ``(spec, layer input shapes, weights)``."""
    if not isinstance(model, dict) or "spec" not in model or "weights" not in model:
        keys = f" with keys {sorted(model)}" if isinstance(model, dict) else ""
        raise ValueError("model must be a dict {'spec': model spec, 'weights': [[arrays] per layer]}, got "
                         f"{type(model).__name__}{keys}")
    shapes, weights = check_network(model["spec"], model["weights"], "model['spec']")
    return model["spec"], shapes, weights


def feature_map_layer(spec, shapes, layer, name, min_size=1):
    """Index of the layer called ``layer`` whose output is a feature map at least ``min_size`` on each side.

    Raises ValueError listing the valid names otherwise.
    """
    names = layer_names(spec["layers"])
    valid = [n for i, n in enumerate(names)
             if spec["layers"][i]["type"] in SPATIAL_LAYERS and min(shapes[i + 1][:2]) >= min_size]
    if not isinstance(layer, str) or layer not in valid:
        extra = f" with an output of at least {min_size}x{min_size}" if min_size > 1 else ""
        raise ValueError(f"{name} must name a conv2d or max_pool2d layer{extra}; valid layers are {valid}, "
                         f"got {layer!r}")
    return names.index(layer)


def _check_image(image, shapes, dtype):
    image = as_float_array(image, "image")
    require_ndim(image, 3, "image", "(height, width, channels)")
    if image.shape != shapes[0]:
        raise ValueError(f"image must have the model's input shape {shapes[0]}, got {image.shape}")
    return image.astype(dtype, copy=False)


def grad_cam(image, model, class_index, conv_layer):
    """Grad-CAM heatmap of ``class_index`` for one image, in [0, 1].

    Mirrors the Keras example ``grad_cam.py`` (GradientTape on
    ``keras.Model(model.inputs, [conv_layer.output, model.output])`` with the last
    activation removed).
    image: (height, width, channels), the model's input shape.  model: ``{"spec", "weights"}``.
    class_index: int in [0, classes), or None for the top predicted class.
    conv_layer: name of a conv2d or max_pool2d layer.
    Returns: (h, w) heatmap at that layer's resolution, the weights' dtype:
    ``maximum(heat, 0) / max(heat)`` with ``heat = sum_k alpha_k A[..., k]``,
    ``alpha_k`` the mean over (h, w) of ``d logit[class_index] / d A[..., k]``.
    """
    spec, shapes, weights = check_model_bundle(model)
    dtype = weights_dtype(weights)
    image = _check_image(image, shapes, dtype)
    last = spec["layers"][-1]
    if last["type"] != "dense":
        raise ValueError(f"model's last layer must be a dense layer (the class scores), got {last}")
    classes = last["units"]
    if class_index is not None and (isinstance(class_index, bool) or not isinstance(class_index, (int, np.integer))
                                    or not 0 <= class_index < classes):
        raise ValueError(f"class_index must be None or an int in [0, {classes}), got {class_index!r}")
    target = feature_map_layer(spec, shapes, conv_layer, "conv_layer")
    ### BEGIN SOLUTION
    layers = list(spec["layers"])
    layers[-1] = dict(last, activation=None)  # the class score is the logit
    x = image[None]
    caches = []
    feature_map = None
    for i, (layer, ws) in enumerate(zip(layers, weights)):
        x, cache = layer_forward(layer, ws, x)
        caches.append(cache)
        if i == target:
            feature_map = x
    logits = x
    c = int(np.argmax(logits[0])) if class_index is None else int(class_index)
    grad = np.zeros_like(logits)
    grad[0, c] = 1
    for i in range(len(layers) - 1, target, -1):
        grad, _ = layer_backward(layers[i], weights[i], grad, caches[i])
    alpha = grad.mean(axis=(0, 1, 2))
    heat = feature_map[0] @ alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.maximum(heat, 0) / heat.max()).astype(dtype)
    ### END SOLUTION


def filter_visualization(model, layer, filter_index, steps=30, learning_rate=10.0, seed=0):
    """The input pattern that maximises one filter, by gradient ascent in input space.

    Mirrors the Keras example ``visualizing_what_convnets_learn.py``
    (``compute_loss`` / ``gradient_ascent_step`` with GradientTape).
    model: ``{"spec", "weights"}``.  layer: name of a conv2d or max_pool2d layer whose
    output is larger than 4x4 (the 2-pixel border is left out of the loss).
    filter_index: int in [0, channels of that layer).  steps: int >= 0.
    learning_rate: float.  seed: the ``np.random.default_rng`` seed of the start image.
    Returns: the image after ``steps`` steps, shape ``input_shape`` (height, width,
    channels), the weights' dtype (no de-processing: that is for display).
    """
    spec, shapes, weights = check_model_bundle(model)
    dtype = weights_dtype(weights)
    target = feature_map_layer(spec, shapes, layer, "layer", min_size=5)
    channels = shapes[target + 1][-1]
    if isinstance(filter_index, bool) or not isinstance(filter_index, (int, np.integer)) \
            or not 0 <= filter_index < channels:
        raise ValueError(f"filter_index must be an int in [0, {channels}) for layer {layer!r}, got {filter_index!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an int >= 0, got {steps!r}")
    rng = np.random.default_rng(seed)
    img = ((rng.random((1, *shapes[0])) - 0.5) * 0.25).astype(dtype)
    ### BEGIN SOLUTION
    layers = spec["layers"][:target + 1]
    lr = dtype.type(learning_rate)
    for _ in range(int(steps)):
        x = img
        caches = []
        for lay, ws in zip(layers, weights):
            x, cache = layer_forward(lay, ws, x)
            caches.append(cache)
        h, w = x.shape[1] - 4, x.shape[2] - 4
        grad = np.zeros_like(x)
        grad[:, 2:-2, 2:-2, filter_index] = dtype.type(1) / dtype.type(h * w)
        for i in range(len(layers) - 1, -1, -1):
            grad, _ = layer_backward(layers[i], weights[i], grad, caches[i])
        norm = np.sqrt(np.maximum((grad * grad).sum(), dtype.type(1e-12)))
        img = img + lr * (grad / norm)
    return img[0]
    ### END SOLUTION
