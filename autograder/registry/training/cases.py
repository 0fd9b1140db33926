"""Cases of the training topic: model specs whose parameter counts depend on every layer before them, and
``fit`` scenarios (every loss and optimizer, validation, a batch bigger than the data, flat and column
labels, a saturated sigmoid, float64 weights) whose labels a small network can partly learn."""

from __future__ import annotations

import math

import numpy as np

from ...cases import Case, normal
from ...networks import random_network
from ...tolerances import input_scale


def count_params(rng) -> list[Case]:
    """``(model,)``: plain-data model specs."""
    out = []

    def r(lo, hi):
        return int(rng.integers(lo, hi))

    side = r(26, 31)
    out.append(Case("MNIST convnet", ({"input_shape": (side, side, 1), "layers": [
        {"type": "conv2d", "filters": 32, "kernel_size": 3, "activation": "relu"},
        {"type": "max_pool2d", "pool_size": 2},
        {"type": "conv2d", "filters": 64, "kernel_size": 3, "activation": "relu"},
        {"type": "max_pool2d", "pool_size": 2},
        {"type": "conv2d", "filters": 64, "kernel_size": 3, "activation": "relu"},
        {"type": "flatten"},
        {"type": "dense", "units": 64, "activation": "relu"},
        {"type": "dense", "units": 10, "activation": "softmax"}]},),
        note="the book's MNIST convnet: Flatten's size depends on every conv and pool before it"))
    out.append(Case("IMDB LSTM", ({"input_shape": (None,), "layers": [
        {"type": "embedding", "input_dim": r(5, 20) * 1000, "output_dim": 32},
        {"type": "lstm", "units": 32},
        {"type": "dense", "units": 1, "activation": "sigmoid"}]},),
        note="Embedding + LSTM (4 gate blocks) on sequences of any length"))
    units = r(4, 33)
    out.append(Case("GRU reset_after=False", ({"input_shape": (r(5, 30), r(2, 17)), "layers": [
        {"type": "gru", "units": units, "reset_after": False},
        {"type": "dense", "units": r(1, 5)}]},),
        note="the Keras 2.2 GRU: bias (3*units,)"))
    out.append(Case("GRU default", ({"input_shape": (r(5, 30), r(2, 17)), "layers": [
        {"type": "gru", "units": r(4, 33), "return_sequences": True},
        {"type": "gru", "units": r(4, 33)}]},),
        note="reset_after=True: bias (2, 3*units)"))
    out.append(Case("use_bias=False", ({"input_shape": (r(5, 30), r(2, 17)), "layers": [
        {"type": "simple_rnn", "units": r(2, 20), "return_sequences": True, "use_bias": False},
        {"type": "gru", "units": r(2, 20), "use_bias": False},
        {"type": "dense", "units": r(2, 9), "use_bias": False}]},),
        note="no bias anywhere"))
    out.append(Case("stacked SimpleRNN and LSTM", ({"input_shape": (r(5, 30), r(2, 17)), "layers": [
        {"type": "simple_rnn", "units": r(2, 20), "return_sequences": True},
        {"type": "lstm", "units": r(2, 20), "return_sequences": True},
        {"type": "dense", "units": r(1, 6)}]},),
        note="Dense on (time, units) acts on the last axis"))
    out.append(Case("conv strides, same padding, global pool", ({"input_shape": (r(9, 20), r(9, 20), 3), "layers": [
        {"type": "conv2d", "filters": r(2, 17), "kernel_size": (3, 5), "strides": 2, "padding": "same"},
        {"type": "max_pool2d", "pool_size": 3, "strides": 2, "padding": "same"},
        {"type": "conv2d", "filters": r(2, 17), "kernel_size": 2, "use_bias": False},
        {"type": "global_average_pool2d"},
        {"type": "dense", "units": r(2, 11), "activation": "softmax"}]},),
        note="rectangular kernel, strides, 'same' padding"))
    widths = [r(2, 40) for _ in range(r(2, 5))]
    out.append(Case("dense MLP", ({"input_shape": (widths[0],), "layers": [
        {"type": "dense", "units": u, "activation": "relu"} for u in widths[1:]] + [
        {"type": "dense", "units": 1, "activation": "sigmoid"}]},)))
    side = r(10, 16)
    out.append(Case("dilated conv, flatten", ({"input_shape": (side, side + r(0, 4), r(1, 4)), "layers": [
        {"type": "conv2d", "filters": r(2, 9), "kernel_size": 3, "dilation_rate": 2},
        {"type": "max_pool2d"},
        {"type": "flatten"},
        {"type": "dense", "units": r(2, 9)}]},)))
    return out




def _dense_weights(rng, n_in, layers, dtype, scale=1.0):
    ws = []
    for layer in layers:
        if layer["type"] != "dense":
            ws.append([])
            continue
        u = layer["units"]
        w = [normal(rng, (n_in, u), dtype, scale / math.sqrt(n_in))]
        if layer.get("use_bias", True):
            w.append(normal(rng, (u,), dtype, 0.1))
        ws.append(w)
        n_in = u
    return ws


def _labels(rng, x, kind, classes, dtype):
    """Labels that a small network can partly learn: a random linear rule of x."""
    proj = rng.standard_normal((x.shape[1], classes))
    scores = x.astype(np.float64) @ proj
    if kind == "binary":
        return (scores > 0).astype(dtype)
    if kind == "categorical":
        return np.eye(classes, dtype=dtype)[np.argmax(scores, axis=1)]
    if kind == "sparse":
        return np.argmax(scores, axis=1).astype(np.int64)
    return (np.tanh(scores) + 0.1 * rng.standard_normal(scores.shape)).astype(dtype)


FIT_SCENARIOS = [
    # name, hidden (units, activation) list, output (units, activation), loss, label kind, optimizer, validation, metrics
    ("binary, SGD momentum", [(8, "relu")], (1, "sigmoid"), "binary_crossentropy", "binary",
     {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9}, True, ("accuracy",)),
    ("categorical, RMSprop", [(7, "tanh")], (3, "softmax"), "categorical_crossentropy", "categorical",
     {"name": "rmsprop", "learning_rate": 0.01}, False, ("accuracy",)),
    ("sparse, Adam", [], (4, "softmax"), "sparse_categorical_crossentropy", "sparse",
     {"name": "adam", "learning_rate": 0.01}, True, ("accuracy",)),
    ("regression, Adam", [(6, "relu")], (1, None), "mean_squared_error", "regression",
     {"name": "adam", "learning_rate": 0.01}, True, ()),
    ("regression 2 outputs, SGD", [(5, "tanh"), (4, "relu")], (2, None), "mean_squared_error", "regression",
     {"name": "sgd", "learning_rate": 0.05}, False, ()),
    ("binary 'acc', RMSprop centered momentum", [(6, "relu")], (1, "sigmoid"), "binary_crossentropy", "binary",
     {"name": "RMSprop", "learning_rate": 0.005, "momentum": 0.5, "centered": True}, True, ("acc",)),
    ("categorical, SGD Nesterov", [(9, "relu")], (3, "softmax"), "categorical_crossentropy", "categorical",
     {"name": "sgd", "learning_rate": 0.05, "momentum": 0.8, "nesterov": True}, True, ("accuracy",)),
    ("binary with mean_squared_error", [(5, "relu")], (1, "sigmoid"), "mean_squared_error", "binary",
     {"name": "adam", "learning_rate": 0.02}, False, ("accuracy",)),
]


def fit(rng) -> list[Case]:
    """``(model, weights, x, y, loss, optimizer)`` with ``batch_size``, ``epochs``, ``metrics`` (and ``validation_data``)."""
    out = []
    for name, hidden, (units, act), loss, kind, opt, val, metrics in FIT_SCENARIOS:
        d = int(rng.integers(3, 9))
        n = int(rng.integers(30, 70))
        bs = int(rng.choice([8, 16, 32]))
        epochs = int(rng.integers(2, 4))
        layers = [{"type": "dense", "units": u, "activation": a} for u, a in hidden]
        layers.append({"type": "dense", "units": units, **({"activation": act} if act else {})})
        model = {"input_shape": (d,), "layers": layers}
        out.append(fit_case(rng, name, model, loss, kind, opt, n, bs, epochs, val, metrics, np.float32))
    # edges: one batch bigger than the data; flatten + use_bias=False; saturated sigmoid (Keras' logits path)
    model = {"input_shape": (5,), "layers": [{"type": "dense", "units": 4, "activation": "tanh"},
                                             {"type": "dense", "units": 1, "activation": "sigmoid"}]}
    out.append(fit_case(rng, "batch_size > n", model, "binary_crossentropy", "binary",
                         {"name": "adam", "learning_rate": 0.05}, 12, 32, 3, True, ("accuracy",), np.float32))
    model = {"input_shape": (4,), "layers": [{"type": "dense", "units": 5, "activation": "relu"},
                                             {"type": "dense", "units": 1, "activation": "sigmoid"}]}
    out.append(fit_case(rng, "binary labels of shape (n,)", model, "binary_crossentropy", "binary",
                         {"name": "rmsprop", "learning_rate": 0.01}, 30, 8, 2, True, ("accuracy",), np.float32,
                         flat_labels=True, note="y (n,) for one output: Keras expands it to (n, 1)"))
    model = {"input_shape": (2, 3), "layers": [{"type": "flatten"},
                                               {"type": "dense", "units": 5, "activation": "relu", "use_bias": False},
                                               {"type": "dense", "units": 3, "activation": "softmax"}]}
    out.append(fit_case(rng, "flatten, use_bias=False, sparse labels (n, 1)", model,
                         "sparse_categorical_crossentropy", "sparse", {"name": "rmsprop"}, 40, 16, 2, True,
                         ("accuracy",), np.float32, sparse_column=True))
    # a saturated softmax behind a hidden layer: Keras' logits path again, for the last layer's activation
    model = {"input_shape": (4,), "layers": [{"type": "dense", "units": 5, "activation": "relu"},
                                             {"type": "dense", "units": 3, "activation": "softmax"}]}
    out.append(fit_case(rng, "saturated softmax, sparse labels", model, "sparse_categorical_crossentropy", "sparse",
                         {"name": "sgd", "learning_rate": 0.01}, 24, 8, 2, False, (), np.float32, weight_scale=30.0,
                         note="a hidden layer, then logits far apart: the softmax gives exactly 0 and 1; Keras computes "
                              "the loss from the last layer's logits"))
    # One output: Keras' 'accuracy' is then a threshold at 0.5, which saturated outputs are far from.
    # (With several sigmoid outputs it is an argmax, and ties among outputs of exactly 1.0 turn on
    # the last bit of TensorFlow's float32 sigmoid.)
    model = {"input_shape": (4,), "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}]}
    out.append(fit_case(rng, "saturated sigmoid", model, "binary_crossentropy", "binary",
                         {"name": "sgd", "learning_rate": 0.01}, 24, 8, 2, False, ("accuracy",), np.float32,
                         weight_scale=40.0, note="logits beyond +-17: float32 sigmoid gives exactly 0 or 1; "
                                                 "Keras computes the loss from the logits"))
    # a Dense layer on (time, features) inputs: one prediction per step, accuracy over all of them
    out += [_steps_case(rng, kind) for kind in ("categorical", "binary", "sparse")]
    out.append(_steps_case(rng, "sparse", n=1, bs=1, epochs=3, steps=1, units=2))
    # small convnets: conv2d, max_pool2d, then global_average_pool2d or flatten; SGD, whose step keeps a
    # gradient's scale (Adam's would hide a constant factor); a pool with the default pool_size, a conv without bias
    for head, loss, kind in (("gap", "categorical_crossentropy", "categorical"),
                             ("flatten", "sparse_categorical_crossentropy", "sparse")):
        net, _ = random_network(rng, np.float32, head=head, classes=3, size=(8, 10))  # a non-square map at the head
        for layer in net["spec"]["layers"]:
            if layer["type"] == "max_pool2d":
                del layer["pool_size"]
        if head == "flatten":
            net["spec"]["layers"][0]["use_bias"] = False
            net["weights"][0] = net["weights"][0][:1]
        out.append(_convnet_case(rng, f"convnet, {head}", net, loss, kind,
                                 {"name": "sgd", "learning_rate": 1.0 if head == "gap" else 0.2}))
    # float64 weights. Keras' fit converts float64 *data* to float32 before the first layer, so the
    # data is given in float32 (and cast up to the weights' dtype, exactly, by both sides).
    model = {"input_shape": (6,), "layers": [{"type": "dense", "units": 5, "activation": "relu"},
                                             {"type": "dense", "units": 3, "activation": "softmax"}]}
    out.append(fit_case(rng, "weights, categorical, Adam", model, "categorical_crossentropy", "categorical",
                         {"name": "adam", "learning_rate": 0.01}, 40, 16, 2, True, ("accuracy",), np.float64,
                         data_dtype=np.float32, note="float64 weights, float32 data: the model computes in float64"))
    return out


def _steps_case(rng, kind, n=20, bs=8, epochs=2, steps=4, features=5, units=None):
    """A Dense layer on (steps, features) inputs: one prediction per step (binary, categorical or sparse)."""
    default, act, loss = {"binary": (1, "sigmoid", "binary_crossentropy"),
                          "categorical": (3, "softmax", "categorical_crossentropy"),
                          "sparse": (3, "softmax", "sparse_categorical_crossentropy")}[kind]
    units = units or default
    model = {"input_shape": (steps, features), "layers": [{"type": "dense", "units": units, "activation": act}]}

    def labels(x):
        classes = max(units, 2)
        if n == 1:  # one sample: label 1, so that no other reading of the labels gives the same accuracy
            return np.ones(x.shape[:-1] + (1,), np.int64) if kind == "sparse" else np.eye(classes, dtype=np.float32)[
                np.ones(x.shape[:-1], np.int64)]
        ids = np.argmax(x[..., :classes] + 0.5 * rng.standard_normal(x.shape[:-1] + (classes,)), axis=-1)
        if kind == "binary":
            return (ids == 0).astype(np.float32)[..., None]
        return ids[..., None].astype(np.int64) if kind == "sparse" else np.eye(classes, dtype=np.float32)[ids]

    x, xv = normal(rng, (n, steps, features), np.float32), normal(rng, (max(n // 3, 1), steps, features), np.float32)
    weights = [[normal(rng, (features, units), np.float32, 0.5), normal(rng, (units,), np.float32, 0.1)]]
    name = f"dense over steps, {kind}" if n > 1 else f"one sample, one step, {kind}, {units} classes"
    return Case(f"float32 {name}", (model, weights, x, labels(x), loss,
                                                       {"name": "sgd", "learning_rate": 0.5}),
                {"batch_size": bs, "epochs": epochs, "metrics": ("accuracy",), "validation_data": (xv, labels(xv))},
                terms=epochs * -(-n // bs) * bs * steps, scale=input_scale(weights),
                note=f"(n, {steps}, {features}) inputs, (n, {steps}, {units}) outputs: the loss and the accuracy average "
                     "over the steps")


def _convnet_case(rng, name, net, loss, kind, opt, n=12, bs=8, epochs=2):
    """A fit case for a small convnet from :func:`autograder.networks.random_network`."""
    model, weights = net["spec"], net["weights"]
    x = normal(rng, (n, *model["input_shape"]), np.float32)
    y = _labels(rng, x.reshape(n, -1), kind, model["layers"][-1]["units"], np.float32)
    steps = epochs * -(-n // bs)
    terms = steps * max(bs, int(np.prod(model["input_shape"])))
    return Case(f"float32 {name}", (model, weights, x, y, loss, opt),
                {"batch_size": bs, "epochs": epochs, "metrics": ("accuracy",)}, terms=terms,
                note=f"conv2d and max_pool2d layers: {n} samples, batch {bs}, {epochs} epochs",
                scale=input_scale(weights))


def fit_case(rng, name, model, loss, kind, opt, n, bs, epochs, val, metrics, dtype, weight_scale=1.0,
              sparse_column=False, note="", data_dtype=None, flat_labels=False):
    d_in = int(np.prod(model["input_shape"]))
    data_dtype = data_dtype or dtype
    x = normal(rng, (n,) + tuple(model["input_shape"]), data_dtype)
    classes = model["layers"][-1]["units"]
    y = _labels(rng, x.reshape(n, d_in), kind, classes, data_dtype)
    if sparse_column:
        y = y[:, None]
    if flat_labels:
        y = y[:, 0]
    kwargs = {"batch_size": bs, "epochs": epochs, "metrics": tuple(metrics)}
    if val:
        nv = int(rng.integers(10, 30))
        xv = normal(rng, (nv,) + tuple(model["input_shape"]), data_dtype)
        yv = _labels(rng, xv.reshape(nv, d_in), kind, classes, data_dtype)
        kwargs["validation_data"] = (xv, yv[:, None] if sparse_column else yv[:, 0] if flat_labels else yv)
    d_w = d_in if model["layers"][0]["type"] == "flatten" else model["input_shape"][-1]  # Dense reads the last axis
    weights = _dense_weights(rng, d_w, model["layers"], dtype, weight_scale)
    steps = epochs * -(-n // bs)
    widest = max([d_in] + [layer.get("units", 0) for layer in model["layers"]])
    terms = steps * max(min(bs, n), widest)
    desc = f"{n} samples, batch {bs}, {epochs} epochs{', validation' if val else ''}"
    # Final weights are the initial ones plus every update: a bias that ends near 0 is a difference
    # of numbers as large as the initial weights and carries their rounding error (the floor).
    return Case(f"{np.dtype(dtype).name} {name}", (model, weights, x, y, loss, opt), kwargs, terms=terms,
                note=note or desc, scale=input_scale(weights))

