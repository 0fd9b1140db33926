"""Training: parameter counts and a training loop that reproduces ``model.fit``.

Course notes, 학습(fit): ``model.compile(optimizer, loss, metrics)`` then
``model.fit(x, y, batch_size, epochs)`` returns a History whose dict holds one
value per epoch for the loss and each metric (and ``val_...`` when there is
validation data). Here a model is plain data, a *model spec*:

    {"input_shape": (features,),
     "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                {"type": "dense", "units": 1, "activation": "sigmoid"}]}

Layer types and their Keras arguments (the same names as the Keras layers);
every layer may also carry a ``"name"`` (as Keras' ``name=``):

    dense                 units, activation=None, use_bias=True          keras.layers.Dense
    conv2d                filters, kernel_size, strides=1, padding="valid",
                          dilation_rate=1, activation=None, use_bias=True keras.layers.Conv2D
    max_pool2d            pool_size=2, strides=None, padding="valid"     keras.layers.MaxPooling2D
    flatten                                                              keras.layers.Flatten
    global_average_pool2d                                                keras.layers.GlobalAveragePooling2D
    embedding             input_dim, output_dim, mask_zero=False         keras.layers.Embedding
    simple_rnn            units, activation="tanh", use_bias=True,
                          return_sequences=False                        keras.layers.SimpleRNN
    lstm                  units, ..., use_bias=True, return_sequences    keras.layers.LSTM
    gru                   units, ..., use_bias=True, reset_after=True,
                          return_sequences=False                        keras.layers.GRU

The same spec builds the ``keras.Sequential`` the grader compares with.
Weights are one list of arrays per layer, in Keras ``layer.get_weights()``
order (Dense: ``[kernel, bias]``, or ``[kernel]`` with ``use_bias=False``;
layers without weights: ``[]``).

``fit`` uses your earlier work: ``dense`` / ``dense_backward`` from
``dense.py``, the losses and their ``*_backward`` from ``losses.py``, and
``sgd`` / ``rmsprop`` / ``adam`` from ``optimizers.py`` (and, for conv
models, ``conv2d`` / ``conv2d_backward`` and the pooling functions).
"""

import numpy as np

from ._validate import as_float_array
from .activations import sigmoid, softmax
from .dense import dense, dense_backward
from .losses import (binary_crossentropy, binary_crossentropy_backward, categorical_crossentropy,
                     categorical_crossentropy_backward, mean_squared_error, mean_squared_error_backward,
                     sparse_categorical_crossentropy, sparse_categorical_crossentropy_backward)
from .optimizers import adam, rmsprop, sgd

#: Layer type -> (required Keras arguments, optional Keras arguments).
LAYER_ARGUMENTS = {
    "dense": (("units",), ("activation", "use_bias")),
    "conv2d": (("filters", "kernel_size"), ("strides", "padding", "dilation_rate", "activation", "use_bias")),
    "max_pool2d": ((), ("pool_size", "strides", "padding")),
    "flatten": ((), ()),
    "global_average_pool2d": ((), ()),
    "embedding": (("input_dim", "output_dim"), ("mask_zero",)),
    "simple_rnn": (("units",), ("activation", "use_bias", "return_sequences")),
    "lstm": (("units",), ("activation", "recurrent_activation", "use_bias", "return_sequences",
                          "unit_forget_bias")),
    "gru": (("units",), ("activation", "recurrent_activation", "use_bias", "return_sequences", "reset_after")),
}

#: Loss names ``fit`` accepts -> (per-sample loss, gradient of the batch mean).
LOSSES = {
    "binary_crossentropy": (binary_crossentropy, binary_crossentropy_backward),
    "categorical_crossentropy": (categorical_crossentropy, categorical_crossentropy_backward),
    "sparse_categorical_crossentropy": (sparse_categorical_crossentropy, sparse_categorical_crossentropy_backward),
    "mean_squared_error": (mean_squared_error, mean_squared_error_backward),
}

#: Optimizer names (``optimizer["name"]``, case-insensitive) -> one-step function.
OPTIMIZERS = {"sgd": sgd, "rmsprop": rmsprop, "adam": adam}
OPTIMIZER_ARGUMENTS = {
    "sgd": ("learning_rate", "momentum", "nesterov"),
    "rmsprop": ("learning_rate", "rho", "momentum", "epsilon", "centered"),
    "adam": ("learning_rate", "beta_1", "beta_2", "epsilon"),
}

#: Layer types ``fit`` can train.
FIT_LAYERS = ("dense", "flatten", "conv2d", "max_pool2d", "global_average_pool2d")


# ---------------------------------------------------------------- model specs (given)


def _pair(value, name, layer):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value), int(value))
    if (not isinstance(value, (tuple, list)) or len(value) != 2
            or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in value)):
        raise ValueError(f"{layer}: {name} must be a positive int or a pair of them, got {value!r}")
    return int(value[0]), int(value[1])


def _window_out(n, k, s, d, padding):
    """Keras' output length along one axis (None stays None)."""
    if n is None:
        return None
    if padding == "same":
        return -(-n // s)
    span = d * (k - 1) + 1
    return (n - span) // s + 1 if n >= span else 0


def layer_output_shape(layer, input_shape, where="layer"):
    """Shape (without the batch axis) that ``layer`` gives for ``input_shape``, as Keras computes it.

    layer: one layer spec (a dict with ``"type"``).  input_shape: tuple of ints (None = any length).
    Raises ValueError when the layer cannot take that input.
    """
    kind = layer["type"]
    shape = tuple(input_shape)

    def need_rank(r, what):
        if len(shape) != r:
            raise ValueError(f"{where} ({kind}) needs inputs of shape {what}, got {shape}")

    if kind == "dense":
        if len(shape) < 1:
            raise ValueError(f"{where} (dense) needs inputs with a feature axis, got {shape}")
        return shape[:-1] + (layer["units"],)
    if kind in ("conv2d", "max_pool2d"):
        need_rank(3, "(height, width, channels)")
        padding = layer.get("padding", "valid")
        if padding not in ("valid", "same"):
            raise ValueError(f"{where} ({kind}): padding must be 'valid' or 'same', got {padding!r}")
        if kind == "conv2d":
            k = _pair(layer["kernel_size"], "kernel_size", where)
            s = _pair(layer.get("strides", 1), "strides", where)
            d = _pair(layer.get("dilation_rate", 1), "dilation_rate", where)
            channels = layer["filters"]
        else:
            k = _pair(layer.get("pool_size", 2), "pool_size", where)
            strides = layer.get("strides")
            s = k if strides is None else _pair(strides, "strides", where)
            d = (1, 1)
            channels = shape[2]
        out = tuple(_window_out(shape[i], k[i], s[i], d[i], padding) for i in range(2)) + (channels,)
        if any(v == 0 for v in out[:2]):
            raise ValueError(f"{where} ({kind}) gives an empty output for input {shape}")
        return out
    if kind == "flatten":
        if any(v is None for v in shape):
            raise ValueError(f"{where} (flatten) needs a fully known input shape, got {shape}")
        return (int(np.prod(shape)) if shape else 1,)
    if kind == "global_average_pool2d":
        need_rank(3, "(height, width, channels)")
        return (shape[2],)
    if kind == "embedding":
        return shape + (layer["output_dim"],)
    if kind in ("simple_rnn", "lstm", "gru"):
        need_rank(2, "(time, features)")
        units = layer["units"]
        return (shape[0], units) if layer.get("return_sequences", False) else (units,)
    raise ValueError(f"{where}: unknown layer type {kind!r}")


def check_model(model):
    """Validate a model spec; returns the list of each layer's input shape (without the batch axis).

    Raises ValueError naming the layer for an unknown type, a missing or
    unknown argument, or an input the layer cannot take.
    """
    if not isinstance(model, dict) or "input_shape" not in model or "layers" not in model:
        raise ValueError("model must be a dict {'input_shape': (...), 'layers': [...]}, got "
                         f"{type(model).__name__}{' with keys ' + str(sorted(model)) if isinstance(model, dict) else ''}")
    shape = model["input_shape"]
    if not isinstance(shape, (tuple, list)) or not all(
            v is None or (isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0) for v in shape):
        raise ValueError(f"model['input_shape'] must be a tuple of positive ints (None for any length), got {shape!r}")
    layers = model["layers"]
    if not isinstance(layers, (list, tuple)):
        raise ValueError(f"model['layers'] must be a list of layer dicts, got {type(layers).__name__}")
    shape = tuple(None if v is None else int(v) for v in shape)
    shapes = []
    for i, layer in enumerate(layers):
        where = f"model['layers'][{i}]"
        if not isinstance(layer, dict) or "type" not in layer:
            raise ValueError(f"{where} must be a dict with a 'type', got {layer!r}")
        kind = layer["type"]
        if kind not in LAYER_ARGUMENTS:
            raise ValueError(f"{where}: unknown layer type {kind!r}; known types: {', '.join(LAYER_ARGUMENTS)}")
        required, optional = LAYER_ARGUMENTS[kind]
        missing = [a for a in required if a not in layer]
        if missing:
            raise ValueError(f"{where} ({kind}) is missing the argument(s) {', '.join(missing)}")
        unknown = sorted(set(layer) - {"type", "name", *required, *optional})
        if unknown:
            raise ValueError(f"{where} ({kind}): unknown argument(s) {', '.join(unknown)}; "
                             f"{kind} takes {', '.join((*required, *optional)) or 'no arguments'}")
        for a in ("units", "filters", "input_dim", "output_dim"):
            if a in layer and (isinstance(layer[a], bool) or not isinstance(layer[a], (int, np.integer))
                               or layer[a] <= 0):
                raise ValueError(f"{where} ({kind}): {a} must be a positive int, got {layer[a]!r}")
        if kind == "embedding" and i != 0:
            raise ValueError(f"{where}: an embedding layer must come first (it takes integer ids)")
        shapes.append(shape)
        shape = layer_output_shape(layer, shape, where)
    return shapes


# ---------------------------------------------------------------- count_params


def count_params(model):
    """Number of weights of the model. Mirrors ``keras.Sequential(...).count_params()``.

    model: a model spec (see the module docstring).
    Returns: int, the total size of every weight of every layer (Dense:
    in*units + units; Conv2D: kh*kw*in*filters + filters; Embedding:
    input_dim*output_dim; SimpleRNN / LSTM / GRU: their kernel, recurrent
    kernel and bias, with the gate blocks of LSTM (4) and GRU (3) and the GRU
    bias of shape (2, 3*units) when ``reset_after=True``).
    """
    input_shapes = check_model(model)
    ### BEGIN SOLUTION
    total = 0
    for layer, shape in zip(model["layers"], input_shapes):
        total += sum(int(np.prod(s)) for s in _weight_shapes(layer, shape))
    return total
    ### END SOLUTION


### BEGIN SOLUTION
def _weight_shapes(layer, input_shape):
    """Shapes of ``layer.get_weights()`` for a layer spec taking ``input_shape``."""
    kind = layer["type"]
    bias = layer.get("use_bias", True)
    if kind == "dense":
        units = layer["units"]
        return [(input_shape[-1], units)] + ([(units,)] if bias else [])
    if kind == "conv2d":
        kh, kw = _pair(layer["kernel_size"], "kernel_size", kind)
        f = layer["filters"]
        return [(kh, kw, input_shape[-1], f)] + ([(f,)] if bias else [])
    if kind == "embedding":
        return [(layer["input_dim"], layer["output_dim"])]
    if kind in ("simple_rnn", "lstm", "gru"):
        units = layer["units"]
        gates = {"simple_rnn": 1, "lstm": 4, "gru": 3}[kind]
        shapes = [(input_shape[-1], gates * units), (units, gates * units)]
        if bias:
            two_rows = kind == "gru" and layer.get("reset_after", True)
            shapes.append((2, gates * units) if two_rows else (gates * units,))
        return shapes
    return []
### END SOLUTION


# ---------------------------------------------------------------- fit (argument checks, given)


def _check_fit_weights(model, weights, input_shapes):
    """Copy of ``weights`` as float arrays, checked against the Dense/Flatten layers of ``model``."""
    layers = model["layers"]
    if not isinstance(weights, (list, tuple)) or len(weights) != len(layers):
        n = len(weights) if isinstance(weights, (list, tuple)) else type(weights).__name__
        raise ValueError(f"weights must hold one list of arrays per layer ({len(layers)} layers), got {n}")
    out = []
    for i, (layer, w, shape) in enumerate(zip(layers, weights, input_shapes)):
        kind = layer["type"]
        if kind not in FIT_LAYERS:
            raise ValueError(f"model['layers'][{i}]: fit trains {', '.join(FIT_LAYERS)} layers, not {kind!r}")
        if not isinstance(w, (list, tuple)):
            raise ValueError(f"weights[{i}] must be a list of arrays (layer.get_weights()), got {type(w).__name__}")
        want = []
        if kind == "dense":
            want = [(shape[-1], layer["units"])] + ([(layer["units"],)] if layer.get("use_bias", True) else [])
        elif kind == "conv2d":
            f = layer["filters"]
            want = [_pair(layer["kernel_size"], "kernel_size", kind) + (shape[-1], f)]
            want += [(f,)] if layer.get("use_bias", True) else []
        if len(w) != len(want):
            raise ValueError(f"weights[{i}] ({kind}) holds {len(w)} arrays, expected {len(want)} with shapes {want}")
        arrays = []
        for j, (a, s) in enumerate(zip(w, want)):
            a = as_float_array(a, f"weights[{i}][{j}]")
            if a.shape != s:
                raise ValueError(f"weights[{i}][{j}] ({kind}) has shape {a.shape}, expected {s} "
                                 f"for input shape {shape} and the layer spec {layer}")
            arrays.append(a)
        out.append(arrays)
    dtypes = {a.dtype for w in out for a in w}
    if len(dtypes) > 1:
        raise ValueError(f"weights mix dtypes {sorted(d.name for d in dtypes)}; use one float dtype")
    return out


def _check_data(x, y, loss, model, where, dtype):
    """Checked ``(x, y)``: x of shape (n,) + input_shape, y matching the model's output and the loss.

    x (and float labels) are cast to the weights' ``dtype``, as Keras casts inputs to the layers' dtype.
    """
    x = as_float_array(x, f"{where} x")
    in_shape = tuple(model["input_shape"])
    if x.ndim != len(in_shape) + 1 or any(s is not None and s != v for s, v in zip(in_shape, x.shape[1:])):
        raise ValueError(f"{where} x has shape {x.shape}, expected (n,) + input_shape = (n, "
                         f"{', '.join('None' if s is None else str(s) for s in in_shape)})")
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != x.shape[0]:
        raise ValueError(f"{where} y has shape {y.shape} but x has shape {x.shape}: one label row per sample")
    out = layer_output_shape(model["layers"][-1], check_model(model)[-1])
    n = x.shape[0]
    if loss == "sparse_categorical_crossentropy":
        if y.dtype.kind not in "iu":
            raise ValueError(f"{where} y must hold integer class ids for {loss}, got dtype {y.dtype}")
        if y.shape not in ((n,) + out[:-1], (n,) + out[:-1] + (1,)):
            raise ValueError(f"{where} y has shape {y.shape}; {loss} needs integer labels of shape "
                             f"{(n,) + out[:-1]} for model outputs of shape {(n,) + out}")
        if y.size and (y.min() < 0 or y.max() >= out[-1]):
            raise ValueError(f"{where} y holds class ids in [{y.min()}, {y.max()}] but the model has {out[-1]} classes")
    else:
        if y.dtype.kind not in "biuf":
            raise ValueError(f"{where} y must be numeric, got dtype {y.dtype}")
        if y.shape != (n,) + out and not (out[-1] == 1 and y.shape == (n,) + out[:-1]):
            raise ValueError(f"{where} y has shape {y.shape}; {loss} needs labels of the model's output shape "
                             f"{(n,) + out}")
        y = y.astype(dtype)
    return x.astype(dtype, copy=False), y


def _check_fit_arguments(model, weights, x, y, loss, optimizer, batch_size, epochs, validation_data, metrics):
    input_shapes = check_model(model)
    if not model["layers"]:
        raise ValueError("model['layers'] is empty: there is nothing to train")
    weights = _check_fit_weights(model, weights, input_shapes)
    if loss not in LOSSES:
        raise ValueError(f"loss={loss!r} is unknown; use one of {', '.join(LOSSES)}")
    if not isinstance(optimizer, dict) or "name" not in optimizer:
        raise ValueError(f"optimizer must be a dict {{'name': 'sgd' | 'rmsprop' | 'adam', **arguments}}, "
                         f"got {optimizer!r}")
    name = str(optimizer["name"]).lower()
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer name {optimizer['name']!r} is unknown; use one of {', '.join(OPTIMIZERS)}")
    unknown = sorted(set(optimizer) - {"name", *OPTIMIZER_ARGUMENTS[name]})
    if unknown:
        raise ValueError(f"optimizer {name}: unknown argument(s) {', '.join(unknown)}; "
                         f"it takes {', '.join(OPTIMIZER_ARGUMENTS[name])}")
    for value, label in ((batch_size, "batch_size"), (epochs, "epochs")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{label} must be a positive int, got {value!r}")
    dtype = next((w[0].dtype for w in weights if w), np.dtype(np.float32))
    x, y = _check_data(x, y, loss, model, "training", dtype)
    if x.shape[0] == 0:
        raise ValueError(f"x has no samples (shape {x.shape})")
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("validation_data must be None or a pair (x_val, y_val)")
        validation_data = _check_data(*validation_data, loss, model, "validation", dtype)
    if isinstance(metrics, str) or not isinstance(metrics, (tuple, list)):
        raise ValueError(f"metrics must be a tuple of names, e.g. ('accuracy',), got {metrics!r}")
    for m in metrics:
        if m not in ("accuracy", "acc"):
            raise ValueError(f"metric {m!r} is not supported; use 'accuracy' or 'acc'")
    return weights, x, y, name, validation_data


# ---------------------------------------------------------------- fit

### BEGIN SOLUTION
def _activation(name):
    """(forward, backward) of an activation name; None for the identity."""
    from .dense import ACTIVATIONS

    return None if name in (None, "linear") else ACTIVATIONS[name]


def _forward(layers, weights, x, logits_last):
    """Run the layers; returns the output and one cache per layer (its input, its pre-activation).

    With ``logits_last`` the last layer skips its activation: the loss is then
    computed from its logits.
    """
    caches = []
    a = x
    for i, (layer, w) in enumerate(zip(layers, weights)):
        kind = layer["type"]
        z = None
        if kind == "flatten":
            out = a.reshape(a.shape[0], -1)
        elif kind == "dense":
            z = dense(a, w[0], w[1] if len(w) > 1 else None)
        elif kind == "conv2d":
            from .convolution import conv2d

            z = conv2d(a, w[0], w[1] if len(w) > 1 else None, layer.get("strides", 1),
                       layer.get("padding", "valid"), layer.get("dilation_rate", 1))
        elif kind == "max_pool2d":
            from .pooling import max_pool2d

            out = max_pool2d(a, layer.get("pool_size", 2), layer.get("strides"), layer.get("padding", "valid"))
        else:  # global_average_pool2d
            from .pooling import global_average_pool2d

            out = global_average_pool2d(a)
        if z is not None:
            act = _activation(None if (logits_last and i == len(layers) - 1) else layer.get("activation"))
            out = z if act is None else act[0](z)
        caches.append((a, z))
        a = out
    return a, caches


def _backward(layers, weights, caches, dout, logits_last):
    """Gradients for every weight, one list per layer, from the gradient of the output."""
    grads = [None] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        layer, w, (a, z) = layers[i], weights[i], caches[i]
        kind = layer["type"]
        grads[i] = []
        if z is not None:
            act = _activation(None if (logits_last and i == len(layers) - 1) else layer.get("activation"))
            dz = dout if act is None else act[1](dout, z)
            bias = w[1] if len(w) > 1 else None
            if kind == "dense":
                dout, dkernel, dbias = dense_backward(dz, a, w[0], bias)
            else:
                from .convolution import conv2d_backward

                dout, dkernel, dbias = conv2d_backward(dz, a, w[0], bias, layer.get("strides", 1),
                                                       layer.get("padding", "valid"), layer.get("dilation_rate", 1))
            grads[i] = [dkernel] + ([dbias] if bias is not None else [])
        elif kind == "flatten":
            dout = dout.reshape(a.shape)
        elif kind == "max_pool2d":
            from .pooling import max_pool2d_backward

            dout = max_pool2d_backward(dout, a, layer.get("pool_size", 2), layer.get("strides"),
                                       layer.get("padding", "valid"))
        else:  # global_average_pool2d: every position gets an equal share
            dout = np.broadcast_to(dout[:, None, None, :] / (a.shape[1] * a.shape[2]), a.shape).astype(a.dtype)
    return grads


def _accuracy_kind(y, out_shape):
    """Keras' choice for 'accuracy' from the label and output shapes: binary, sparse or categorical."""
    if out_shape[-1] == 1:
        return "binary"
    if y.ndim < len(out_shape) or (y.shape[-1] == 1 and out_shape[-1] > 1):
        return "sparse"
    return "categorical"


def _correct(kind, y, y_pred):
    """Per-sample accuracy values: the fraction of the sample's predictions that are right (one
    prediction per output vector: a (batch, time, units) output makes ``time`` of them; binary:
    one per output unit)."""
    if kind == "binary":
        yy = y.reshape(y_pred.shape) if y.ndim < y_pred.ndim else y
        right = yy == (y_pred > 0.5).astype(yy.dtype)
    elif kind == "sparse":
        right = y.reshape(y_pred.shape[:-1]) == np.argmax(y_pred, axis=-1)
    else:
        right = np.argmax(y, axis=-1) == np.argmax(y_pred, axis=-1)
    return right.reshape(right.shape[0], -1).mean(axis=1)


def _evaluate(layers, weights, x, y, loss, batch_size, logits_last, kind):
    """Batch-size weighted mean loss and accuracy over ``x`` (Keras' evaluate)."""
    loss_fn = LOSSES[loss][0]
    total, correct, n = 0.0, 0.0, x.shape[0]
    for start in range(0, n, batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        out, _ = _forward(layers, weights, xb, logits_last)
        total += float(np.mean(_loss_values(loss_fn, yb, out, logits_last))) * xb.shape[0]
        if kind is not None:
            correct += float(_correct(kind, yb, _activate(layers[-1], out, logits_last)).sum())
    return total / n, correct / n


def _loss_values(loss_fn, y, out, from_logits):
    """Per-sample losses; y with a missing trailing axis of 1 is expanded, as Keras does."""
    if loss_fn is not sparse_categorical_crossentropy and y.ndim < out.ndim:
        y = y.reshape(out.shape)
    if loss_fn is mean_squared_error:
        return loss_fn(y, out)
    return loss_fn(y, out, from_logits=from_logits)


def _loss_gradient(loss_bwd, y, out, from_logits):
    if loss_bwd is not sparse_categorical_crossentropy_backward and y.ndim < out.ndim:
        y = y.reshape(out.shape)
    if loss_bwd is mean_squared_error_backward:
        return loss_bwd(y, out)
    return loss_bwd(y, out, from_logits=from_logits)


def _activate(layer, out, logits_last):
    """The model's real output (probabilities) from the logits ``_forward`` returned."""
    if not logits_last:
        return out
    return sigmoid(out) if layer.get("activation") == "sigmoid" else softmax(out)
### END SOLUTION


def fit(model, weights, x, y, loss, optimizer, batch_size=32, epochs=1, validation_data=None,
        metrics=("accuracy",)):
    """Train a model with mini-batches, as ``model.compile(...)`` + ``model.fit(..., shuffle=False)``.

    model: a model spec of ``dense``, ``flatten``, ``conv2d``, ``max_pool2d`` and
    ``global_average_pool2d`` layers (the convolution and pooling layers run on your
    ``convolution.py`` and ``pooling.py``; most graded cases are Dense models, two are
    small convnets).
    weights: one list of arrays per layer in ``get_weights()`` order (Dense: [kernel (in, units),
    bias (units,)]; Conv2D: [kernel (kh, kw, in, filters), bias (filters,)]; others: []).
    x: (n,) + input_shape float array.  y: labels for the loss: the model's output shape
    (binary / categorical / mean_squared_error; (n,) also for a single output), or integer
    class ids (n,) or (n, 1) for sparse_categorical_crossentropy.
    loss: "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"
    or "mean_squared_error" (Keras' default ``sum_over_batch_size`` reduction: the batch mean).
    optimizer: ``{"name": "sgd" | "rmsprop" | "adam", **Keras arguments}``, e.g.
    ``{"name": "adam", "learning_rate": 0.01}``.
    batch_size: samples per step, in order (``shuffle=False``); the last batch may be smaller.
    epochs: passes over the data.  validation_data: None or ``(x_val, y_val)``, evaluated after
    every epoch with the same batch size.  metrics: a tuple of "accuracy" / "acc" (or empty).

    Returns ``(history, weights)``:
    history: dict with exactly Keras' keys, ``"loss"``, each metric name as given, and
    ``"val_"`` + each of those with validation data; each value is a float32 array of shape
    (epochs,) holding Keras' per-epoch values (``np.float32(History.history[key])``):
    the loss is the mean of the batch losses, each weighted by its batch size, computed
    *before* that batch's update; accuracy is the fraction of correct samples over the
    epoch, binary (threshold 0.5) for one output, sparse categorical for integer labels,
    categorical (argmax) otherwise.
    weights: the trained weights, same layout and dtype as given.

    x (and float labels) are cast to the weights' dtype, as Keras casts a layer's inputs
    (Keras' own ``fit`` first converts float64 *data* to float32, so give float32 data
    when comparing a float64 model with Keras).

    Keras trap: when the last layer has a ``sigmoid`` or ``softmax`` activation and the
    loss is a cross-entropy, Keras computes the loss from that layer's *logits*
    (``from_logits=True``, no epsilon clipping), both for the loss value and the gradient.
    """
    weights, x, y, opt_name, validation_data = _check_fit_arguments(
        model, weights, x, y, loss, optimizer, batch_size, epochs, validation_data, metrics)
    ### BEGIN SOLUTION
    layers = model["layers"]
    step = OPTIMIZERS[opt_name]
    hyper = {k: v for k, v in optimizer.items() if k != "name"}
    last_act = layers[-1].get("activation")
    logits_last = loss != "mean_squared_error" and last_act in ("sigmoid", "softmax")
    loss_fn, loss_bwd = LOSSES[loss]
    weights = [[a.copy() for a in w] for w in weights]
    n = x.shape[0]
    history = {"loss": []}
    for m in metrics:
        history[m] = []
    if validation_data is not None:
        history["val_loss"] = []
        for m in metrics:
            history["val_" + m] = []
    out_shape = (n,) + layer_output_shape(layers[-1], check_model(model)[-1])
    kind = _accuracy_kind(y, out_shape) if metrics else None
    state = None
    for _ in range(epochs):
        total, correct = 0.0, 0.0
        for start in range(0, n, batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            out, caches = _forward(layers, weights, xb, logits_last)
            total += float(np.mean(_loss_values(loss_fn, yb, out, logits_last))) * xb.shape[0]
            if metrics:
                correct += float(_correct(kind, yb, _activate(layers[-1], out, logits_last)).sum())
            grads = _backward(layers, weights, caches, _loss_gradient(loss_bwd, yb, out, logits_last), logits_last)
            flat_w = [a for w in weights for a in w]
            flat_g = [g for gs in grads for g in gs]
            flat_w, state = step(flat_w, flat_g, state, **hyper)
            it = iter(flat_w)
            weights = [[next(it) for _ in w] for w in weights]
        history["loss"].append(total / n)
        for m in metrics:
            history[m].append(correct / n)
        if validation_data is not None:
            xv, yv = validation_data
            val_loss, val_acc = _evaluate(layers, weights, xv, yv, loss, batch_size, logits_last, kind)
            history["val_loss"].append(val_loss)
            for m in metrics:
                history["val_" + m].append(val_acc)
    return {k: np.asarray(v, np.float32) for k, v in history.items()}, weights
    ### END SOLUTION
