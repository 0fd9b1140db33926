"""Transfer learning: reuse a trained convolutional base, freeze layers, fine-tune.

Course notes, 전이학습(Transfer Learning): a network trained on one task
already computes useful features in its convolutional base (합성곱 기반층).
Either run the base once and train a new classifier on its outputs
(feature extraction, 특성 추출), or keep training the whole network with the
early layers frozen (동결, ``layer.trainable = False``) and a small learning
rate (미세 조정, fine-tuning).

The network is the small convnet that ships with the course
(``datasets/convnet/``, trained on ``datasets/shapes.py``), described as plain
data, so that one description builds both your NumPy model and the Keras model
the grader compares with:

- a **model spec** (as in ``training.py``): ``{"input_shape": (32, 32, 3),
  "layers": [{"type": "conv2d", "filters": 8, "kernel_size": 3, "padding":
  "same", "activation": "relu", "name": "conv1"}, {"type": "max_pool2d",
  "pool_size": 2, "name": "pool1"}, ..., {"type": "dense", "units": 4,
  "activation": "softmax", "name": "predictions"}]}``. Layer types here:
  ``conv2d``, ``dense``, ``max_pool2d``, ``flatten``, ``global_average_pool2d``,
  with Keras' argument names; ``"name"`` is optional (default
  ``"<type>_<index>"``).
- **weights**: one list of arrays per layer in Keras ``layer.get_weights()``
  order (Conv2D and Dense: ``[kernel, bias]``, ``[kernel]`` with
  ``use_bias=False``; other layers ``[]``).
- a **base**: ``{"layers": [layer specs], "weights": [[arrays] per layer]}``,
  the first layers of a network (its input shape is the images').

Exercises (each checked against the same network built in Keras):

- ``extract_features(images, base)``: the base's output for ``images``, i.e.
  ``keras.Sequential(base layers).predict(images)``.
- ``trainable_count(model, frozen)``: how many numbers ``model.fit`` would
  still train after ``model.layers[i].trainable = False`` for every layer
  named in ``frozen`` (names or indices), i.e.
  ``sum(w.size for w in model.trainable_weights)``.
- ``fine_tune_step(model, weights, frozen, x, y, learning_rate=0.01)``: one
  ``model.train_on_batch(x, y)`` with ``SGD(learning_rate)`` and
  ``categorical_crossentropy`` after freezing ``frozen``; returns
  ``(loss, new_weights)``.

The helpers ``layer_forward`` / ``layer_backward`` run one layer with your
own ``conv2d`` / ``conv2d_backward``, ``max_pool2d`` / ``max_pool2d_backward``,
``dense`` / ``dense_backward``, activations, ``flatten`` and
``global_average_pool2d``; ``visualization.py`` uses them too.
"""

import numpy as np

from ._validate import as_float_array, require_ndim
from .activations import (relu, relu_backward, sigmoid, sigmoid_backward, softmax, softmax_backward, tanh,
                          tanh_backward)
from .convolution import conv2d, conv2d_backward
from .dense import dense, dense_backward
from .pooling import flatten, global_average_pool2d, max_pool2d, max_pool2d_backward
from .training import check_model, count_params, layer_output_shape

#: Layer types a network here may hold.
LAYER_TYPES = ("conv2d", "dense", "max_pool2d", "flatten", "global_average_pool2d")
#: Activations a conv2d layer may name here (dense takes those of ``dense.py``), with their backward.
CONV_ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward),
                    "tanh": (tanh, tanh_backward)}


# ---------------------------------------------------------------- argument checks (given)


def layer_names(layers):
    """The name of every layer: its ``"name"``, else ``"<type>_<index>"`` (as Keras would need one)."""
    return [layer.get("name") or f"{layer['type']}_{i}" for i, layer in enumerate(layers)]


def check_network(spec, weights, what="model"):
    """Validate a model spec and its weights; returns ``(input shapes, weights as float arrays)``.

    ``input shapes`` holds the input shape (without batch) of every layer, plus the
    model's output shape at the end. Raises ValueError naming the layer or weight.
    """
    if not isinstance(spec, dict) or "layers" not in spec or "input_shape" not in spec:
        raise ValueError(f"{what} must be a model spec dict {{'input_shape': ..., 'layers': [...]}}, got "
                         f"{type(spec).__name__}{' with keys ' + str(sorted(spec)) if isinstance(spec, dict) else ''}")
    layers = spec["layers"]
    if not isinstance(layers, (list, tuple)) or not layers:
        raise ValueError(f"{what}['layers'] must be a non-empty list of layer dicts")
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict) or layer.get("type") not in LAYER_TYPES:
            raise ValueError(f"{what}['layers'][{i}]: type must be one of {', '.join(LAYER_TYPES)}, got "
                             f"{layer.get('type') if isinstance(layer, dict) else layer!r}")
        if layer["type"] == "conv2d" and layer.get("activation") not in (None, "linear", *CONV_ACTIVATIONS):
            raise ValueError(f"{what}['layers'][{i}] (conv2d): activation must be None, 'linear' or one of "
                             f"{', '.join(CONV_ACTIVATIONS)}, got {layer.get('activation')!r}")
    names = layer_names(layers)
    if len(set(names)) != len(names):
        raise ValueError(f"{what}: layer names must be unique, got {names}")
    shapes = [tuple(s) for s in check_model(spec)]
    shapes.append(tuple(layer_output_shape(layers[-1], shapes[-1], f"{what}['layers'][{len(layers) - 1}]")))
    if weights is None:
        return shapes, None
    if not isinstance(weights, (list, tuple)) or len(weights) != len(layers):
        n = len(weights) if isinstance(weights, (list, tuple)) else type(weights).__name__
        raise ValueError(f"weights must hold one list of arrays per layer ({len(layers)} layers), got {n}")
    out = []
    for i, (layer, ws, shape) in enumerate(zip(layers, weights, shapes)):
        kind = layer["type"]
        bias = layer.get("use_bias", True)
        if kind == "conv2d":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, (int, np.integer)) else tuple(k)
            want = [(kh, kw, shape[-1], layer["filters"])] + ([(layer["filters"],)] if bias else [])
        elif kind == "dense":
            want = [(shape[-1], layer["units"])] + ([(layer["units"],)] if bias else [])
        else:
            want = []
        if not isinstance(ws, (list, tuple)) or len(ws) != len(want):
            raise ValueError(f"weights[{i}] ({names[i]}, {kind}) must be a list of {len(want)} arrays with shapes "
                             f"{want}, got {ws if not isinstance(ws, (list, tuple)) else [np.shape(w) for w in ws]}")
        arrays = []
        for j, (w, s) in enumerate(zip(ws, want)):
            w = as_float_array(w, f"weights[{i}][{j}]")
            if w.shape != s:
                raise ValueError(f"weights[{i}][{j}] ({names[i]}, {kind}) has shape {w.shape}, expected {s}")
            arrays.append(w)
        out.append(arrays)
    dtypes = {w.dtype for ws in out for w in ws}
    if len(dtypes) > 1:
        raise ValueError(f"weights mix dtypes {sorted(d.name for d in dtypes)}; use one float dtype")
    return shapes, out


def weights_dtype(weights):
    """The float dtype of the weights (float32 when there are none)."""
    for ws in weights:
        for w in ws:
            return w.dtype
    return np.dtype(np.float32)


def resolve_layers(layers, which, name):
    """Indices (0..n-1) of the layers named by ``which``: a list of names and/or int indices.

    Negative indices count from the end, as in ``model.layers[i]``. Anything else
    raises ValueError listing the valid names.
    """
    names = layer_names(layers)
    if isinstance(which, (str, int, np.integer)):
        which = [which]
    if not isinstance(which, (list, tuple)):
        raise ValueError(f"{name} must be a list of layer names or indices, got {type(which).__name__}")
    out = []
    for item in which:
        if isinstance(item, str):
            if item not in names:
                raise ValueError(f"{name}: unknown layer {item!r}; layers are {names}")
            out.append(names.index(item))
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -len(names) <= item < len(names):
                raise ValueError(f"{name}: layer index {item} is out of range for {len(names)} layers {names}")
            out.append(int(item) % len(names))
        else:
            raise ValueError(f"{name}: {item!r} is neither a layer name nor an index; layers are {names}")
    return out


# ---------------------------------------------------------------- one layer, forward and backward


def layer_forward(layer, weights, x):
    """Run one layer of a spec on ``x``; returns ``(out, cache)`` for ``layer_backward``.

    layer: a layer spec dict.  weights: that layer's list of arrays.  x: (batch, ...) input.
    Returns: out, the layer's output as the Keras layer gives it (activation included),
    and cache, whatever ``layer_backward`` needs (for example ``(x, pre_activation)``).
    conv2d: your ``conv2d`` with the layer's strides/padding/dilation_rate, then its
    activation (None/"linear", "relu", "sigmoid", "tanh"); dense: your ``dense`` (it applies
    the activation); max_pool2d, flatten, global_average_pool2d: your pooling functions.
    """
    ### BEGIN SOLUTION
    kind = layer["type"]
    if kind == "conv2d":
        kernel, bias = weights[0], (weights[1] if len(weights) > 1 else None)
        z = conv2d(x, kernel, bias, layer.get("strides", 1), layer.get("padding", "valid"),
                   layer.get("dilation_rate", 1))
        act = layer.get("activation")
        out = z if act in (None, "linear") else CONV_ACTIVATIONS[act][0](z)
        return out, (x, z)
    if kind == "dense":
        kernel, bias = weights[0], (weights[1] if len(weights) > 1 else None)
        return dense(x, kernel, bias, layer.get("activation")), (x,)
    if kind == "max_pool2d":
        return max_pool2d(x, layer.get("pool_size", 2), layer.get("strides"), layer.get("padding", "valid")), (x,)
    if kind == "flatten":
        return flatten(x), (x,)
    return global_average_pool2d(x), (x,)
    ### END SOLUTION


def layer_backward(layer, weights, dout, cache):
    """Backward pass of one layer: ``(dx, dweights)`` for ``dout = dL/d out``.

    layer, weights: as in ``layer_forward``.  dout: gradient of the layer's output.
    cache: what ``layer_forward`` returned.  Returns: dx (the input's shape) and
    dweights, a list of arrays in the order of ``weights`` (``[]`` without weights).
    conv2d: the activation's backward on the pre-activation, then ``conv2d_backward``;
    dense: ``dense_backward``; max_pool2d: ``max_pool2d_backward``; flatten: reshape ``dout``
    back to x's shape; global_average_pool2d: ``dout / (h * w)`` spread over every position.
    """
    ### BEGIN SOLUTION
    kind = layer["type"]
    x = cache[0]
    if kind == "conv2d":
        kernel, bias = weights[0], (weights[1] if len(weights) > 1 else None)
        z = cache[1]
        act = layer.get("activation")
        dz = dout if act in (None, "linear") else CONV_ACTIVATIONS[act][1](dout, z)
        dx, dk, db = conv2d_backward(dz, x, kernel, bias, layer.get("strides", 1), layer.get("padding", "valid"),
                                     layer.get("dilation_rate", 1))
        return dx, ([dk] if bias is None else [dk, db])
    if kind == "dense":
        kernel, bias = weights[0], (weights[1] if len(weights) > 1 else None)
        dx, dk, db = dense_backward(dout, x, kernel, bias, layer.get("activation"))
        return dx, ([dk] if bias is None else [dk, db])
    if kind == "max_pool2d":
        return max_pool2d_backward(dout, x, layer.get("pool_size", 2), layer.get("strides"),
                                   layer.get("padding", "valid")), []
    if kind == "flatten":
        return dout.reshape(x.shape), []
    h, w = x.shape[1], x.shape[2]
    return np.broadcast_to(dout[:, None, None, :] / x.dtype.type(h * w), x.shape).copy(), []
    ### END SOLUTION


# ---------------------------------------------------------------- exercises


def extract_features(images, base):
    """The output of a convolutional base for ``images``: feature extraction.

    Mirrors ``keras.Sequential([keras.Input(images.shape[1:]), *base layers]).predict(images)``.
    images: (batch, height, width, channels).  base: ``{"layers": [layer specs],
    "weights": [[arrays] per layer]}`` (for instance the first layers of the shipped network).
    Returns: the last base layer's output, e.g. (batch, h, w, filters) after a conv or pool
    layer, (batch, features) after ``flatten`` / ``global_average_pool2d``; the weights' dtype.
    """
    images = as_float_array(images, "images")
    require_ndim(images, 4, "images", "(batch, height, width, channels)")
    if not isinstance(base, dict) or "layers" not in base or "weights" not in base:
        raise ValueError("base must be a dict {'layers': [layer specs], 'weights': [[arrays] per layer]}, got "
                         f"{type(base).__name__}{' with keys ' + str(sorted(base)) if isinstance(base, dict) else ''}")
    _, weights = check_network({"input_shape": images.shape[1:], "layers": base["layers"]}, base["weights"], "base")
    images = images.astype(weights_dtype(weights), copy=False)
    ### BEGIN SOLUTION
    x = images
    for layer, ws in zip(base["layers"], weights):
        x, _ = layer_forward(layer, ws, x)
    return x
    ### END SOLUTION


def trainable_count(model, frozen):
    """How many weights stay trainable after freezing the layers in ``frozen``.

    Mirrors: build ``keras.Sequential`` from ``model``, set ``layer.trainable = False``
    on each layer in ``frozen``, then ``sum(w.size for w in model.trainable_weights)``
    (what ``model.summary()`` calls "Trainable params").
    model: a model spec.  frozen: list of layer names and/or indices (negative ones
    count from the end); ``[]`` freezes nothing.
    Returns: int.
    """
    shapes, _ = check_network(model, None)
    frozen = resolve_layers(model["layers"], frozen, "frozen")
    ### BEGIN SOLUTION
    total = 0
    for i, layer in enumerate(model["layers"]):
        if i not in frozen:
            total += count_params({"input_shape": shapes[i], "layers": [layer]})
    return total
    ### END SOLUTION


def fine_tune_step(model, weights, frozen, x, y, learning_rate=0.01):
    """One step of fine-tuning: ``model.train_on_batch(x, y)`` with frozen layers.

    Mirrors: build ``keras.Sequential`` from ``model`` with ``weights``, set
    ``trainable = False`` on the layers in ``frozen``, ``compile(optimizer=
    keras.optimizers.SGD(learning_rate), loss="categorical_crossentropy")`` and
    ``train_on_batch(x, y)``.
    model: a model spec whose last layer is a softmax Dense.  weights: one list of
    arrays per layer.  frozen: layer names and/or indices.  x: (batch, *input_shape).
    y: (batch, classes) one-hot.  learning_rate: float (Keras keeps it as a float32).
    Returns: ``(loss, new_weights)``: loss, a 0-d array, the batch mean of the
    categorical cross-entropy *before* the update, computed from the logits
    (Keras' softmax shortcut: ``-sum(y * log_softmax(z))``, no clipping). Keras computes
    losses in float32: with float64 weights the softmax output is cast to float32, the
    shortcut is lost and the loss is ``-sum(y * log(clip(p / sum(p), 1e-7, 1 - 1e-7)))``
    in float32, its gradient cast back to float64. new_weights,
    a list (one list of arrays per layer) where trainable weights are ``w - lr * dL/dw``
    and frozen ones are unchanged. Gradients still flow *through* frozen layers.
    """
    shapes, weights = check_network(model, weights)
    frozen = resolve_layers(model["layers"], frozen, "frozen")
    last = model["layers"][-1]
    if last["type"] != "dense" or last.get("activation") != "softmax":
        raise ValueError(f"model's last layer must be a dense layer with activation='softmax', got {last}")
    dtype = weights_dtype(weights)
    x = as_float_array(x, "x")
    if x.shape[1:] != shapes[0] or x.shape[0] < 1:
        raise ValueError(f"x must have shape (batch,) + input_shape = (batch, {', '.join(map(str, shapes[0]))}), "
                         f"got {x.shape}")
    y = as_float_array(y, "y")
    if y.shape != (x.shape[0], last["units"]):
        raise ValueError(f"y must be one-hot of shape (batch, classes) = ({x.shape[0]}, {last['units']}), "
                         f"got {y.shape}")
    x, y = x.astype(dtype, copy=False), y.astype(dtype, copy=False)
    ### BEGIN SOLUTION
    layers = model["layers"]
    caches = []
    h = x
    for layer, ws in zip(layers[:-1], weights[:-1]):
        h, cache = layer_forward(layer, ws, h)
        caches.append(cache)
    head = dict(last, activation=None)
    logits, cache = layer_forward(head, weights[-1], h)
    caches.append(cache)
    # categorical cross-entropy from the logits (Keras' softmax shortcut), batch mean
    n = x.shape[0]
    if dtype == np.float32:
        # Keras' softmax shortcut: the loss comes from the logits, with no clipping
        shifted = logits - logits.max(axis=-1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        loss = -(y * log_p).sum(axis=-1).sum() / np.float32(n)
        dz = (softmax(logits) * y.sum(axis=-1, keepdims=True) - y) / np.float32(n)
    else:
        # Keras computes every loss in floatx = float32: the float64 softmax output is cast to
        # float32, which loses the shortcut, so the probability path runs: p / sum(p), clip, log
        p = softmax(logits)
        q, y32 = p.astype(np.float32), y.astype(np.float32)
        total = q.sum(axis=-1, keepdims=True)
        r = q / total
        eps = np.float32(1e-7)
        rc = np.clip(r, eps, np.float32(1) - eps)
        loss = -(y32 * np.log(rc)).sum(axis=-1).sum() / np.float32(n)
        dr = np.where((r >= eps) & (r <= np.float32(1) - eps), -y32 / rc / np.float32(n), np.float32(0))
        dq = dr / total - (dr * q).sum(axis=-1, keepdims=True) / (total * total)
        dz = softmax_backward(dq.astype(dtype), logits)
    loss = np.asarray(loss, dtype)
    lr = dtype.type(np.float32(learning_rate))
    new = [[w.copy() for w in ws] for ws in weights]
    first = min((i for i in range(len(layers)) if i not in frozen), default=len(layers))
    grad = dz
    for i in range(len(layers) - 1, first - 1, -1):
        layer = head if i == len(layers) - 1 else layers[i]
        grad, dws = layer_backward(layer, weights[i], grad, caches[i])
        if i not in frozen:
            new[i] = [w - lr * g for w, g in zip(weights[i], dws)]
    return loss, new
    ### END SOLUTION
