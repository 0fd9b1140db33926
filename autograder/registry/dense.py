"""Registry: the dense topic (``solutions/dense.py``).

The oracle is ``keras.layers.Dense`` built with the case's weights (and
``use_bias=bias is not None``, ``dtype`` = the input dtype); the backward is
``tf.GradientTape`` through that layer.
"""

from __future__ import annotations

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal
from ..diagnose import candidate
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tensor, tf
from ..tolerances import input_scale

TOPIC = "dense"
ACTIVATIONS = (None, "linear", "relu", "sigmoid", "tanh", "softmax")


def _draw(rng, dt, shape_x, units, bias=True):
    x = normal(rng, shape_x, dt)
    k = normal(rng, (shape_x[-1], units), dt, scale=1.0 / np.sqrt(shape_x[-1]))
    b = normal(rng, (units,), dt, scale=0.5) if bias else None
    return x, k, b


def _cases(rng, with_dout: bool) -> list[Case]:
    specs = []
    for dt in FLOAT_DTYPES:
        n = np.dtype(dt).name
        for act in ACTIVATIONS:
            b, i, u = int(rng.integers(2, 7)), int(rng.integers(2, 9)), int(rng.integers(2, 9))
            specs.append((f"{n} {act}", dt, (b, i), u, True, act, ""))
        i = int(rng.integers(2, 7))
        specs.append((f"{n} batch 1, no bias", dt, (1, i), int(rng.integers(1, 6)), False, None, "use_bias=False"))
        specs.append((f"{n} rank 3", dt, (2, 3, i), int(rng.integers(2, 6)), True, "relu",
                      "(batch, time, in): Dense acts on the last axis"))
        specs.append((f"{n} square kernel", dt, (int(rng.integers(2, 6)), 4), 4, True, "tanh",
                      "in == units: a transposed kernel has the right shape but the wrong values"))
    specs.append(("float64 rank 4 softmax, no bias", np.float64, (2, 2, 3, 5), 3, False, "softmax",
                  "softmax over the units of a rank-4 input"))
    specs.append(("float32 one unit sigmoid", np.float32, (int(rng.integers(3, 9)), 5), 1, True, "sigmoid",
                  "a single sigmoid output"))
    out = []
    for name, dt, shape_x, units, bias, act, note in specs:
        x, k, b = _draw(rng, dt, shape_x, units, bias)
        kwargs = {"bias": b, "activation": act}
        lead = int(np.prod(shape_x[:-1]))
        terms = max(shape_x[-1] + 1, units) if not with_dout else max(shape_x[-1], units, lead)
        if with_dout:
            dout = normal(rng, shape_x[:-1] + (units,), dt)
            # dbias and dkernel sum dz (of the order of |dout| for these activations) over the batch: a sum near 0
            # (one unit: dbias is a single number) carries the rounding error of its summands' size
            scale = input_scale(dout) * max(1.0, input_scale(x, k))
            out.append(Case(name, (dout, x, k), kwargs, terms=terms, note=note, scale=scale))
        else:
            out.append(Case(name, (x, k), kwargs, terms=terms, note=note))
    return out


def _forward_cases(rng):
    return _cases(rng, with_dout=False)


def _backward_cases(rng):
    return _cases(rng, with_dout=True)


def _layer(x, kernel, bias, activation):
    k = keras()
    layer = k.layers.Dense(kernel.shape[1], activation=activation, use_bias=bias is not None,
                           dtype=np.dtype(x.dtype).name)
    layer.build(x.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return layer


def _forward_oracle(x, kernel, bias=None, activation=None):
    return _layer(x, kernel, bias, activation)(tensor(x))


_forward_oracle.__name__ = "keras.layers.Dense"


def _backward_oracle(dout, x, kernel, bias=None, activation=None):
    t = tf()
    layer = _layer(x, kernel, bias, activation)
    xv = t.Variable(x)
    weights = [layer.kernel] + ([layer.bias] if bias is not None else [])
    with t.GradientTape() as tape:
        target = t.reduce_sum(layer(xv) * t.constant(dout))
    grads = tape.gradient(target, [xv, *weights])
    grads = [np.asarray(t.convert_to_tensor(g).numpy()) for g in grads]
    return grads[0], grads[1], (grads[2] if bias is not None else None)


_backward_oracle.__name__ = "GradientTape(keras.layers.Dense)"


# ---------------------------------------------------------------- diagnoses


def _act(name, z):
    if name in (None, "linear"):
        return z
    if name == "relu":
        return np.maximum(z, 0)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _act_backward(name, dout, z):
    if name in (None, "linear"):
        return dout
    if name == "relu":
        return np.where(z > 0, dout, 0)
    s = _act(name, z)
    if name == "sigmoid":
        return dout * s * (1 - s)
    if name == "tanh":
        return dout * (1 - s * s)
    return s * (dout - (dout * s).sum(axis=-1, keepdims=True))


def _mistakes_forward(case, expected):
    x, k = case.args
    if k.shape[0] != k.shape[1]:
        return []
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    with np.errstate(all="ignore"):
        z = x.astype(np.float64) @ k.T.astype(np.float64) + (0 if b is None else b)
        variant = _act(act, z).astype(x.dtype)
    return candidate("diag_kernel_transposed", variant, expected, case.terms)


def _mistakes_backward(case, expected):
    dout, x, k = case.args
    if k.shape[0] != k.shape[1]:
        return []
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    with np.errstate(all="ignore"):
        z = x.astype(np.float64) @ k.astype(np.float64) + (0 if b is None else b)
        dz = _act_backward(act, dout.astype(np.float64), z)
        variant = (dz @ k).astype(x.dtype)
    return candidate("diag_kernel_transposed", variant, expected, case.terms, path=(0,))


HINTS = {
    "dense": {
        "en": "z = x @ kernel (+ bias) with kernel (in, units), then the activation from your activations.py; "
              "'linear' and None mean no activation. @ works on the last axis of a rank-3 x too.",
        "ko": "kernel의 모양이 (in, units)이므로 z = x @ kernel (+ bias)를 구하고, activations.py의 활성화 함수를 "
              "적용하세요. 'linear'와 None은 활성화 없음입니다. @는 3차원 x의 마지막 축에도 작동합니다."},
    "dense_backward": {
        "en": "Recompute z, get dz from your activation's backward, then dx = dz @ kernel.T, "
              "dkernel = x.T @ dz summed over every leading axis (reshape to 2-D), dbias = dz summed likewise "
              "(None when bias is None).",
        "ko": "z를 다시 구하고 활성화 함수의 backward로 dz를 얻은 뒤 dx = dz @ kernel.T, dkernel = x.T @ dz "
              "(앞쪽 축을 모두 합하도록 2차원으로 reshape), dbias도 같은 방식으로 합하세요 (bias가 None이면 None)."},
}

EXERCISES = (
    Exercise(TOPIC, "dense", 2, _forward_cases, _forward_oracle, HINTS["dense"], mistakes=_mistakes_forward),
    Exercise(TOPIC, "dense_backward", 3, _backward_cases, _backward_oracle, HINTS["dense_backward"],
             mistakes=_mistakes_backward, outputs=("dx", "dkernel", "dbias")),
)

topic = Topic(TOPIC, {"en": "Dense layer", "ko": "완전연결층 (Dense)"}, EXERCISES)
