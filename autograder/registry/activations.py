"""Registry: the activations topic (``solutions/activations.py``)."""

from __future__ import annotations

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal
from ..exercise import Exercise, Topic
from ..tfbridge import gradients, keras, tensor
from ..tolerances import input_scale

TOPIC = "activations"


def _inputs(rng, with_dout: bool, softmax: bool = False) -> list[Case]:
    """Elementwise cases: both dtypes, batch 1, odd sizes, zeros, huge values, rank 3."""
    cases = []
    for dt in FLOAT_DTYPES:
        name = np.dtype(dt).name
        shapes = [("batch", (int(rng.integers(2, 9)), int(rng.integers(3, 12)))),
                  ("batch 1", (1, int(rng.integers(1, 8)) * 2 + 1)),
                  ("rank 3", (2, int(rng.integers(2, 5)), 5))]
        for label, shape in shapes:
            x = normal(rng, shape, dt, scale=3.0)
            cases.append((f"{name} {label}", x, ""))
        huge = np.array([[-1e4, -1000.0, -88.8, -30.0, 0.0, 30.0, 88.8, 1000.0, 1e4]], dt)
        cases.append((f"{name} huge", huge, "huge positive and negative inputs"))
        ties = np.array([[0.0, -0.0, 1.5, 1.5, -2.0]], dt)
        cases.append((f"{name} zeros and ties", ties, "exact zeros and equal entries"))
    out = []
    for label, x, note in cases:
        args = (normal(rng, x.shape, x.dtype), x) if with_dout else (x,)
        terms = x.shape[-1] if softmax else 1
        # backward passes multiply dout by a difference of O(1) terms (1 - y*y,
        # dout - sum(dout * s)): their rounding error scales with |dout|, not the result
        scale = input_scale(args[0]) if with_dout else None
        out.append(Case(label, args, terms=terms, note=note, scale=scale))
    if softmax:
        x = normal(rng, (3, 4, 5), np.float64)
        args = (normal(rng, x.shape, x.dtype), x) if with_dout else (x,)
        scale = input_scale(args[0]) if with_dout else None
        out.append(Case("float64 axis=1", args, {"axis": 1}, terms=4, note="softmax over a middle axis", scale=scale))
        out.append(Case("float64 axis=0", args, {"axis": 0}, terms=3, note="softmax over the first axis", scale=scale))
    return out


def _forward_cases(rng):
    return _inputs(rng, with_dout=False)


def _backward_cases(rng):
    return _inputs(rng, with_dout=True)


def _softmax_cases(rng):
    return _inputs(rng, with_dout=False, softmax=True)


def _softmax_backward_cases(rng):
    return _inputs(rng, with_dout=True, softmax=True)


def _forward_oracle(name):
    def oracle(x, **kw):
        return getattr(keras().activations, name)(tensor(x), **kw)
    oracle.__name__ = f"keras.activations.{name}"
    return oracle


def _backward_oracle(name):
    def oracle(dout, x, **kw):
        fn = getattr(keras().activations, name)
        return gradients(lambda v: fn(v, **kw), dout, x)[0]
    oracle.__name__ = f"GradientTape(keras.activations.{name})"
    return oracle


HINTS = {
    "relu": {"en": "np.maximum(x, 0) keeps the dtype when 0 is a scalar of x's dtype.",
             "ko": "np.maximum(x, 0)을 쓰되, 0을 x와 같은 dtype으로 두면 dtype이 유지됩니다."},
    "relu_backward": {"en": "The gradient passes where x > 0 and is 0 elsewhere, including x == 0.",
                      "ko": "x > 0인 곳에서만 그래디언트가 흐르고, x == 0을 포함한 나머지는 0입니다."},
    "sigmoid": {"en": "exp(-x) overflows for x << 0: use exp(-|x|) and pick the form by the sign of x.",
                "ko": "x가 아주 작으면 exp(-x)가 오버플로합니다. exp(-|x|)를 쓰고 x의 부호로 식을 고르세요."},
    "sigmoid_backward": {"en": "d sigmoid/dx = s (1 - s); reuse your stable sigmoid.",
                         "ko": "sigmoid의 미분은 s (1 - s)입니다. 안정한 sigmoid를 재사용하세요."},
    "tanh": {"en": "np.tanh is stable and keeps the dtype.", "ko": "np.tanh는 안정하고 dtype을 유지합니다."},
    "tanh_backward": {"en": "d tanh/dx = 1 - tanh(x)^2.", "ko": "tanh의 미분은 1 - tanh(x)^2입니다."},
    "softmax": {"en": "Subtract the max along the axis (keepdims=True) before exp; then divide by the sum.",
                "ko": "exp 전에 그 축의 최댓값을 빼고(keepdims=True), 합으로 나누세요. 다 더하면 1입니다."},
    "softmax_backward": {"en": "dx = s * (dout - sum(dout * s, axis, keepdims=True)).",
                         "ko": "dx = s * (dout - sum(dout * s, axis, keepdims=True))."},
}


def _exercise(name: str, cases, oracle, points: int) -> Exercise:
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name])


EXERCISES = (
    _exercise("relu", _forward_cases, _forward_oracle("relu"), 1),
    _exercise("relu_backward", _backward_cases, _backward_oracle("relu"), 1),
    _exercise("sigmoid", _forward_cases, _forward_oracle("sigmoid"), 1),
    _exercise("sigmoid_backward", _backward_cases, _backward_oracle("sigmoid"), 1),
    _exercise("tanh", _forward_cases, _forward_oracle("tanh"), 1),
    _exercise("tanh_backward", _backward_cases, _backward_oracle("tanh"), 1),
    _exercise("softmax", _softmax_cases, _forward_oracle("softmax"), 2),
    _exercise("softmax_backward", _softmax_backward_cases, _backward_oracle("softmax"), 2),
)

topic = Topic(TOPIC, {"en": "Activations", "ko": "활성화 함수"}, EXERCISES)
