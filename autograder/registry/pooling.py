"""Registry: the pooling topic (``solutions/pooling.py``).

Forwards are checked against the Keras layers (``MaxPooling2D``,
``AveragePooling2D``, ``-MaxPooling2D(-x)`` for min pooling, the global
pools, ``Flatten``) built in the input's dtype; backwards against
``tf.GradientTape`` on the same layers. Max-pooling cases include inputs
with many equal values, so the tie rule of TensorFlow's ``MaxPoolGrad``
(each window's gradient goes to its first maximum in row-major order) is
tested.
"""

from __future__ import annotations

import numpy as np

from ..cases import Case, normal
from ..diagnose import Mistake, candidate
from ..exercise import Exercise, Topic
from ..tfbridge import gradients, keras, tensor

TOPIC = "pooling"

# ---------------------------------------------------------------- geometry


def _pair(v):
    return (int(v), int(v)) if isinstance(v, (int, np.integer)) else tuple(int(a) for a in v)


def _options(kw):
    """``(pool, strides, padding)`` of a call, with Keras' defaults."""
    pool = _pair(kw.get("pool_size", 2))
    strides = pool if kw.get("strides") is None else _pair(kw["strides"])
    return pool, strides, kw.get("padding", "valid")


def _axis(n, p, s, padding):
    """``(out, before)`` along one axis."""
    if padding == "valid":
        return (n - p) // s + 1, 0
    out = -(-n // s)
    return out, max((out - 1) * s + p - n, 0) // 2


def _windows(x_shape, kw):
    """Every window as ``(i, j, rows slice, cols slice)`` over the real (unpadded) elements."""
    pool, strides, padding = _options(kw)
    (oh, top), (ow, left) = _axis(x_shape[1], pool[0], strides[0], padding), \
        _axis(x_shape[2], pool[1], strides[1], padding)
    for i in range(oh):
        r0 = i * strides[0] - top
        for j in range(ow):
            c0 = j * strides[1] - left
            yield i, j, slice(max(r0, 0), min(r0 + pool[0], x_shape[1])), slice(max(c0, 0), min(c0 + pool[1], x_shape[2]))


def _out_shape(x_shape, kw):
    pool, strides, padding = _options(kw)
    return (x_shape[0], _axis(x_shape[1], pool[0], strides[0], padding)[0],
            _axis(x_shape[2], pool[1], strides[1], padding)[0], x_shape[3])


# ---------------------------------------------------------------- cases

#: (label, (h, w) or None for a drawn size, kwargs, note)
_SPECS = [
    ("default 2x2", None, {}, "pool_size=2, strides=None (= pool_size), 'valid'"),
    ("odd size, 2x2", "odd", {}, "'valid' drops the last row/column"),
    ("3x3 stride 2 same, odd total", (6, 8), {"pool_size": 3, "strides": 2, "padding": "same"},
     "'same' pads 1: 0 before and 1 after"),
    ("overlapping 3x3 stride 1 same", None, {"pool_size": 3, "strides": 1, "padding": "same"},
     "overlapping windows: gradients add up"),
    ("non-square pool and strides", None, {"pool_size": (3, 2), "strides": (1, 2)}, ""),
    ("strides larger than the pool", None, {"pool_size": 2, "strides": 3}, "some inputs are never read"),
    ("strides larger than the pool, same", (7, 5), {"pool_size": 2, "strides": (3, 2), "padding": "same"}, ""),
    ("pool equal to the input", (4, 3), {"pool_size": (4, 3)}, "a single window"),
    ("pool larger than the input, same", (3, 3), {"pool_size": 4, "strides": 1, "padding": "same"},
     "allowed with 'same': windows are cut to the input"),
    ("strides=None explicit, same", None, {"pool_size": 3, "strides": None, "padding": "same"}, ""),
    ("batch 1, single channel", None, {"pool_size": 2, "strides": 1}, ""),
]

_F64 = {"default 2x2", "3x3 stride 2 same, odd total", "overlapping 3x3 stride 1 same", "non-square pool and strides"}


def _pool_inputs(rng, ties: bool):
    """``(label, x, kwargs, note)``; with ``ties`` also inputs full of equal values."""
    out = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        for label, size, kw, note in _SPECS:
            if dt is np.float64 and label not in _F64:
                continue
            batch, ch = int(rng.integers(2, 4)), int(rng.integers(1, 4))
            if size is None:
                size = (int(rng.integers(5, 9)), int(rng.integers(5, 9)))
            elif size == "odd":
                size = (int(rng.integers(2, 4)) * 2 + 1, int(rng.integers(2, 4)) * 2 + 1)
            if label.startswith("batch 1"):
                batch, ch = 1, 1
            out.append((f"{nm} {label}", normal(rng, (batch, *size, ch), dt, 2.0), dict(kw), note))
        if ties:
            for label, kw in (("ties, 2x2", {}), ("ties, overlapping 3x3 same", {"pool_size": 3, "strides": 1,
                                                                                "padding": "same"})):
                x = rng.integers(-1, 2, (2, 6, 7, 2)).astype(dt)
                out.append((f"{nm} {label}", x, kw, "many equal values: the first maximum in row-major order wins"))
    return out


def _terms(kw, backward, average):
    pool, strides, _ = _options(kw)
    if backward:  # how many windows can send gradient to one input
        return -(-pool[0] // strides[0]) * -(-pool[1] // strides[1])
    return pool[0] * pool[1] if average else 1


def _forward_cases(average, ties):
    def cases(rng):
        return [Case(label, (x,), kw, terms=_terms(kw, False, average), note=note)
                for label, x, kw, note in _pool_inputs(rng, ties)]
    return cases


def _backward_cases(average, ties):
    def cases(rng):
        out = []
        for label, x, kw, note in _pool_inputs(rng, ties):
            dout = normal(rng, _out_shape(x.shape, kw), x.dtype)
            out.append(Case(label, (dout, x), kw, terms=_terms(kw, True, average), note=note))
        return out
    return cases


def _global_cases(rng):
    out = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        out.append(Case(f"{nm} batch", (normal(rng, (int(rng.integers(2, 5)), 5, 6, 3), dt),), terms=30))
        out.append(Case(f"{nm} batch 1, single channel", (normal(rng, (1, 7, 4, 1), dt),), terms=28))
    out.append(Case("float32 1x1 spatial", (normal(rng, (3, 1, 1, 4), np.float32),), note="nothing to pool"))
    x = normal(rng, (2, 9, 8, 5), np.float32, 10.0)
    out.append(Case("float32 larger map", (x,), terms=72))
    return out


def _flatten_cases(rng):
    out = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        out.append(Case(f"{nm} image", (normal(rng, (int(rng.integers(2, 5)), 3, 4, 2), dt),),
                        note="channels_last: index (h*W + w)*C + c"))
    out.append(Case("float32 batch 1", (normal(rng, (1, 5, 2, 3), np.float32),)))
    out.append(Case("float32 rank 3", (normal(rng, (3, 4, 5), np.float32),)))
    out.append(Case("float32 rank 2", (normal(rng, (3, 4), np.float32),), note="already flat"))
    out.append(Case("float32 rank 5", (normal(rng, (2, 2, 3, 2, 2), np.float32),)))
    return out


# ---------------------------------------------------------------- oracles


def _pool_layer(kind, x, kw):
    pool, strides, padding = _options(kw)
    cls = keras().layers.AveragePooling2D if kind == "average" else keras().layers.MaxPooling2D
    return cls(pool_size=pool, strides=strides, padding=padding, dtype=x.dtype.name)


def _forward_oracle(kind):
    def oracle(x, **kw):
        layer = _pool_layer(kind, x, kw)
        if kind == "min":
            return -layer(tensor(-x))
        return layer(tensor(x))
    oracle.__name__ = {"max": "keras.layers.MaxPooling2D", "average": "keras.layers.AveragePooling2D",
                       "min": "-keras.layers.MaxPooling2D(-x)"}[kind]
    return oracle


def _backward_oracle(kind):
    def oracle(dout, x, **kw):
        layer = _pool_layer(kind, x, kw)
        return gradients(lambda v: layer(v), dout, x)[0]
    oracle.__name__ = f"GradientTape({_forward_oracle(kind).__name__})"
    return oracle


def _layer_oracle(name):
    def oracle(x):
        return getattr(keras().layers, name)(dtype=x.dtype.name)(tensor(x))
    oracle.__name__ = f"keras.layers.{name}"
    return oracle


# ---------------------------------------------------------------- diagnoses (NumPy, in the grader)


def _full_windows(x_shape, kw):
    """Per output position: does its window lie wholly inside the input (no padding)?"""
    pool, _, _ = _options(kw)
    full = np.zeros(_out_shape(x_shape, kw)[1:3], bool)
    for i, j, rs, cs in _windows(x_shape, kw):
        full[i, j] = (rs.stop - rs.start, cs.stop - cs.start) == pool
    return full


def _avg_counting_padding(x, kw, dout=None):
    """Average pooling (or its gradient) dividing every window by pool_h*pool_w, padding counted."""
    pool, _, _ = _options(kw)
    area = pool[0] * pool[1]
    if dout is None:
        y = np.zeros(_out_shape(x.shape, kw))
        for i, j, rs, cs in _windows(x.shape, kw):
            y[:, i, j] = x[:, rs, cs].astype(np.float64).sum(axis=(1, 2)) / area
        return y
    dx = np.zeros(x.shape)
    for i, j, rs, cs in _windows(x.shape, kw):
        dx[:, rs, cs] += dout[:, i, j][:, None, None, :] / area
    return dx


def _tie_positions(x, kw):
    """Inputs equal to the maximum of a window whose maximum is not unique."""
    ties = np.zeros(x.shape, bool)
    for _, _, rs, cs in _windows(x.shape, kw):
        win = x[:, rs, cs]
        at_max = win == win.max(axis=(1, 2), keepdims=True)
        several = at_max.sum(axis=(1, 2), keepdims=True) > 1
        ties[:, rs, cs] |= at_max & several
    return ties


def _mistakes(kind, backward):
    def mistakes(case, expected):
        x = case.args[1] if backward else case.args[0]
        kw = case.kwargs
        padding = _options(kw)[2]
        found = []
        if kind == "average" and padding == "same":
            variant = _avg_counting_padding(x, kw, case.args[0] if backward else None)
            found += candidate("diag_pool_padding", variant.astype(x.dtype), expected, case.terms)
        ties = _tie_positions(x, kw) if kind == "max" and backward else None
        if ties is not None and ties.any():
            found.append(Mistake("diag_pool_ties", [((), ties)], "within", case.terms))
        if padding == "same":
            if backward:
                pool = _options(kw)[0]
                r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
                border = ((r < pool[0] - 1) | (r >= x.shape[1] - pool[0] + 1))[None, :, None, None] | \
                    ((c < pool[1] - 1) | (c >= x.shape[2] - pool[1] + 1))[None, None, :, None]
            else:
                border = ~_full_windows(x.shape, kw)[None, :, :, None]
            found.append(Mistake("diag_border", [((), border)], "within", case.terms, alone=True))
        return found
    return mistakes


# ---------------------------------------------------------------- exercises

HINTS = {
    "max_pool2d": {
        "en": "strides=None means strides = pool_size. Take the max of each window per channel; with 'same' the "
              "padding never wins (treat it as -inf, or cut the window to the input).",
        "ko": "strides=None이면 스트라이드 = pool_size입니다. 채널마다 창(window)의 최댓값을 고르세요. "
              "'same' 패딩은 절대 최댓값이 되지 않습니다 (-inf로 두거나 창을 입력 안으로 자르세요)."},
    "average_pool2d": {
        "en": "Mean of each window per channel; with 'same' divide by the number of real elements in the window, "
              "not by pool_h*pool_w (the padding is not counted).",
        "ko": "채널마다 창의 평균입니다. 'same' 패딩에서는 pool_h*pool_w가 아니라 창 안의 실제 원소 수로 나누세요 "
              "(패딩은 세지 않습니다)."},
    "min_pool2d": {
        "en": "Min pooling is -max_pool2d(-x): reuse your max pooling.",
        "ko": "최소 풀링은 -max_pool2d(-x)입니다. 최대 풀링을 재사용하세요."},
    "max_pool2d_backward": {
        "en": "Each window sends dout[b,i,j,c] to the position of its maximum; with ties only the first maximum in "
              "row-major order gets it (TensorFlow's MaxPoolGrad). Overlapping windows add up.",
        "ko": "각 창은 dout[b,i,j,c]를 최댓값 위치로 보냅니다. 최댓값이 여럿이면 행 우선 순서로 첫 번째 것만 받습니다 "
              "(TensorFlow의 MaxPoolGrad). 창이 겹치면 더해집니다."},
    "average_pool2d_backward": {
        "en": "Each window spreads dout[b,i,j,c] / count evenly over its real elements (count as in the forward "
              "pass); overlapping windows add up.",
        "ko": "각 창은 dout[b,i,j,c] / count를 실제 원소들에 고르게 나눠 줍니다 (count는 순전파와 같음). "
              "창이 겹치면 더해집니다."},
    "global_average_pool2d": {
        "en": "Mean over height and width (axes 1 and 2): (batch, channels).",
        "ko": "높이와 너비(축 1, 2)에 대한 평균입니다: (batch, channels)."},
    "global_max_pool2d": {
        "en": "Max over height and width (axes 1 and 2): (batch, channels).",
        "ko": "높이와 너비(축 1, 2)에 대한 최댓값입니다: (batch, channels)."},
    "flatten": {
        "en": "Keep the batch axis and reshape the rest in C order: x.reshape(batch, -1).",
        "ko": "배치 축은 두고 나머지를 C 순서로 펼치세요(평탄화): x.reshape(batch, -1)."},
}


def _ex(name, points, cases, oracle, mistakes=None):
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name], mistakes=mistakes)


EXERCISES = (
    _ex("max_pool2d", 2, _forward_cases(False, True), _forward_oracle("max"), _mistakes("max", False)),
    _ex("average_pool2d", 2, _forward_cases(True, False), _forward_oracle("average"), _mistakes("average", False)),
    _ex("min_pool2d", 1, _forward_cases(False, True), _forward_oracle("min"), _mistakes("min", False)),
    _ex("max_pool2d_backward", 3, _backward_cases(False, True), _backward_oracle("max"), _mistakes("max", True)),
    _ex("average_pool2d_backward", 3, _backward_cases(True, False), _backward_oracle("average"),
        _mistakes("average", True)),
    _ex("global_average_pool2d", 1, _global_cases, _layer_oracle("GlobalAveragePooling2D")),
    _ex("global_max_pool2d", 1, _global_cases, _layer_oracle("GlobalMaxPooling2D")),
    _ex("flatten", 1, _flatten_cases, _layer_oracle("Flatten")),
)

topic = Topic(TOPIC, {"en": "Pooling", "ko": "풀링"}, EXERCISES)
