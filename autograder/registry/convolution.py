"""Registry: the convolution topic (``solutions/convolution.py``).

Forwards are checked against ``keras.layers.Conv2D`` / ``Conv1D`` built with
the case's weights; ``conv2d_backward`` against ``tf.GradientTape`` on
``keras.ops.conv`` (what the layer calls) plus the bias: TensorFlow's CPU
gradient of ``tf.nn.conv2d`` refuses dilation > 1, ``keras.ops.conv`` goes
through ``tf.nn.convolution``, which does not.
"""

from __future__ import annotations

import numpy as np

from ..cases import Case, normal
from ..diagnose import Mistake, candidate
from ..exercise import Exercise, Topic
from ..tfbridge import gradients, keras, tensor

TOPIC = "convolution"

# ---------------------------------------------------------------- geometry (Keras' rules, for cases and diagnoses)


def _pair(v):
    return (int(v), int(v)) if isinstance(v, (int, np.integer)) else tuple(int(a) for a in v)


def _axis(n, k, s, d, padding):
    """``(out, before, after)`` along one axis, as Keras/TF compute them."""
    span = d * (k - 1) + 1
    if padding == "valid":
        return (n - span) // s + 1, 0, 0
    out = -(-n // s)
    total = max((out - 1) * s + span - n, 0)
    return out, total // 2, total - total // 2


def _layout(x_shape, k_shape, kw):
    """Output size and padding of a conv2d call described by ``kwargs``."""
    s, d = _pair(kw.get("strides", 1)), _pair(kw.get("dilation_rate", 1))
    padding = kw.get("padding", "valid")
    rows = _axis(x_shape[1], k_shape[0], s[0], d[0], padding)
    cols = _axis(x_shape[2], k_shape[1], s[1], d[1], padding)
    return rows, cols, s, d, padding


# ---------------------------------------------------------------- cases

#: (label, kernel (kh, kw), kwargs, note). Spatial sizes are drawn per case.
_SPECS_2D = [
    ("3x3 valid", (3, 3), {}, "defaults: strides 1, padding 'valid'"),
    ("3x3 same", (3, 3), {"padding": "same"}, ""),
    ("4x4 same, odd total", (4, 4), {"padding": "same"},
     "'same' pads 3: 1 before and 2 after (the extra row/column goes bottom/right)"),
    ("k4 s3 same, odd total", (4, 4), {"strides": 3, "padding": "same"},
     "n=7, k=4, s=3: pads (1, 2)"),
    ("1x1 kernel", (1, 1), {}, "a 1x1 convolution mixes channels only"),
    ("kernel equal to the input", None, {}, "valid: a single output position"),
    ("stride larger than the kernel", (2, 2), {"strides": 3}, "some inputs are never read"),
    ("stride larger than the kernel, same", (2, 2), {"strides": 3, "padding": "same"}, ""),
    ("non-square kernel and strides", (3, 2), {"strides": (2, 1), "padding": "same"}, ""),
    ("dilation 2, same", (3, 3), {"dilation_rate": 2, "padding": "same"}, "kernel taps 2 apart"),
    ("dilation 3, valid", (2, 3), {"dilation_rate": 3}, "kernel taps 3 apart"),
    ("dilation (2, 3), same", (3, 2), {"dilation_rate": (2, 3), "padding": "same"}, ""),
    ("batch 1, single channel", (3, 3), {"padding": "same"}, ""),
    ("one output column, single channel", (3, 4), {"strides": (1, 3), "padding": "same"},
     "width 3, stride 3: one output column (TensorFlow's oneDNN kernel gets this wrong; the oracle does not use it)"),
    ("no bias", (3, 3), {"strides": 2, "padding": "same"}, "bias=None: dbias is None"),
]

_F64 = {"3x3 same", "4x4 same, odd total", "k4 s3 same, odd total", "non-square kernel and strides",
        "dilation 2, same", "no bias"}


def _conv2d_inputs(rng):
    """``(label, x, kernel, bias or None, kwargs, note)`` for every conv2d-shaped case."""
    out = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        for label, ksize, kw, note in _SPECS_2D:
            if dt is np.float64 and label not in _F64:
                continue
            batch, cin, filters = int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(2, 5))
            h, w = int(rng.integers(5, 9)), int(rng.integers(5, 9))
            if label.startswith("batch 1"):
                batch, cin = 1, 1
            if label.startswith("k4 s3"):
                h = w = 7
            if label.startswith("one output column"):
                cin, w = 1, 3
            if ksize is None:
                ksize = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
                h, w = ksize
            d = _pair(kw.get("dilation_rate", 1))
            h, w = max(h, d[0] * (ksize[0] - 1) + 1), max(w, d[1] * (ksize[1] - 1) + 1)
            x = normal(rng, (batch, h, w, cin), dt)
            k = normal(rng, (*ksize, cin, filters), dt, scale=0.5)
            b = None if label == "no bias" else normal(rng, (filters,), dt)
            out.append((f"{nm} {label}", x, k, b, dict(kw), note))
    return out


def _conv2d_cases(rng):
    cases = []
    for label, x, k, b, kw, note in _conv2d_inputs(rng):
        args = (x, k) if b is None else (x, k, b)
        terms = k.shape[0] * k.shape[1] * k.shape[2] + (b is not None)
        cases.append(Case(label, args, kw, terms=terms, note=note))
    return cases


def _conv2d_backward_cases(rng):
    cases = []
    for label, x, k, b, kw, note in _conv2d_inputs(rng):
        (oh, _, _), (ow, _, _), _, _, _ = _layout(x.shape, k.shape, kw)
        dout = normal(rng, (x.shape[0], oh, ow, k.shape[3]), x.dtype)
        args = (dout, x, k) if b is None else (dout, x, k, b)
        # dx sums up to kh*kw*filters products, dkernel and dbias sum over batch*oh*ow positions.
        terms = max(k.shape[0] * k.shape[1] * k.shape[3], x.shape[0] * oh * ow)
        cases.append(Case(label, args, kw, terms=terms, note=note))
    return cases


def _output_shape_cases(rng):
    cases = []
    for label, ksize, kw, note in _SPECS_2D:
        n, c, f = int(rng.integers(1, 65)), int(rng.integers(1, 17)), int(rng.integers(1, 65))
        h, w = int(rng.integers(8, 40)), int(rng.integers(8, 40))
        if label.startswith("k4 s3"):
            h = w = 7
        if ksize is None:
            ksize = (int(rng.integers(2, 6)), int(rng.integers(2, 6)))
            h, w = ksize
        cases.append(Case(label, ((n, h, w, c), (*ksize, c, f)), dict(kw), note=note))
    cases.append(Case("valid, odd leftovers", ((2, 10, 11, 3), (3, 4, 3, 8)), {"strides": (3, 2)},
                      note="floor((n - k)/s) + 1: the last rows/columns that do not fit are dropped"))
    cases.append(Case("same, stride 2, odd size", ((1, 9, 7, 1), (3, 3, 1, 4)), {"strides": 2, "padding": "same"},
                      note="'same' gives ceil(n/s)"))
    cases.append(Case("list arguments", ([4, 12, 12, 3], [5, 5, 3, 6]), {"dilation_rate": [2, 2], "padding": "same"},
                      note="shapes and pairs given as lists"))
    return cases


_SPECS_1D = [
    ("valid", 3, {}, "defaults"),
    ("same", 3, {"padding": "same"}, ""),
    ("same, even kernel", 4, {"padding": "same"}, "pads 1 before and 2 after"),
    ("causal", 3, {"padding": "causal"}, "left padding d(k-1): out[t] sees only x[<= t]"),
    ("causal, dilation 2", 3, {"padding": "causal", "dilation_rate": 2}, "WaveNet-style"),
    ("dilation 3, valid", 2, {"dilation_rate": 3}, ""),
    ("strides 2", 3, {"strides": 2}, ""),
    ("strides 2, causal", 2, {"strides": 2, "padding": "causal"}, ""),
    ("kernel size 1", 1, {}, ""),
    ("batch 1, single channel", 3, {"padding": "same"}, ""),
    ("no bias", 3, {"padding": "causal"}, ""),
]


def _conv1d_cases(rng):
    cases = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        for label, k, kw, note in _SPECS_1D:
            if dt is np.float64 and label not in ("same, even kernel", "causal, dilation 2", "strides 2"):
                continue
            batch, cin, filters, steps = (int(rng.integers(2, 4)), int(rng.integers(2, 4)),
                                          int(rng.integers(2, 5)), int(rng.integers(7, 13)))
            if label.startswith("batch 1"):
                batch, cin = 1, 1
            x = normal(rng, (batch, steps, cin), dt)
            kernel = normal(rng, (k, cin, filters), dt, scale=0.5)
            if label == "no bias":
                args = (x, kernel)
            else:
                args = (x, kernel, normal(rng, (filters,), dt))
            cases.append(Case(f"{nm} {label}", args, dict(kw), terms=k * cin + 1, note=note))
    return cases


# ---------------------------------------------------------------- oracles


def _conv_layer(cls, x, kernel, bias, kw):
    layer = cls(kernel.shape[-1], kernel.shape[:-2], strides=kw.get("strides", 1), padding=kw.get("padding", "valid"),
                dilation_rate=kw.get("dilation_rate", 1), use_bias=bias is not None, dtype=x.dtype.name)
    layer.build(x.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return layer(tensor(x))


def _conv2d_oracle(x, kernel, bias=None, **kw):
    return _conv_layer(keras().layers.Conv2D, x, kernel, bias, kw)


_conv2d_oracle.__name__ = "keras.layers.Conv2D"


def _conv1d_oracle(x, kernel, bias=None, **kw):
    return _conv_layer(keras().layers.Conv1D, x, kernel, bias, kw)


_conv1d_oracle.__name__ = "keras.layers.Conv1D"


def _conv2d_backward_oracle(dout, x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    ops = keras().ops

    def forward(xv, kv, *bv):
        y = ops.conv(xv, kv, strides=strides, padding=padding, dilation_rate=dilation_rate)
        return y + bv[0] if bv else y

    if bias is None:
        return (*gradients(forward, dout, x, kernel), None)
    return gradients(forward, dout, x, kernel, bias)


_conv2d_backward_oracle.__name__ = "GradientTape(keras.ops.conv + bias)"


def _output_shape_oracle(input_shape, kernel_shape, strides=1, padding="valid", dilation_rate=1):
    layer = keras().layers.Conv2D(kernel_shape[3], tuple(kernel_shape[:2]), strides=strides, padding=padding,
                                  dilation_rate=dilation_rate)
    return tuple(int(n) for n in layer.compute_output_shape(tuple(input_shape)))


_output_shape_oracle.__name__ = "keras.layers.Conv2D.compute_output_shape"


# ---------------------------------------------------------------- diagnoses (NumPy, in the grader)


def _np_conv2d(x, k, b, s, d, rows, cols):
    """Forward cross-correlation with explicit ``(out, before, after)`` per axis."""
    (oh, top, bottom), (ow, left, right) = rows, cols
    xp = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)))
    k64 = k.astype(np.float64)
    y = np.zeros((x.shape[0], oh, ow, k.shape[3]))
    for a in range(k.shape[0]):
        for c in range(k.shape[1]):
            win = xp[:, a * d[0]: a * d[0] + s[0] * (oh - 1) + 1: s[0], c * d[1]: c * d[1] + s[1] * (ow - 1) + 1: s[1]]
            y += win @ k64[a, c]
    return y if b is None else y + b


def _np_conv2d_backward(dout, x, k, s, d, rows, cols):
    """``(dx, dkernel)`` of ``_np_conv2d``."""
    (oh, top, bottom), (ow, left, right) = rows, cols
    xp = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)))
    g, k64 = dout.astype(np.float64), k.astype(np.float64)
    dxp, dk = np.zeros_like(xp), np.zeros(k.shape)
    for a in range(k.shape[0]):
        for c in range(k.shape[1]):
            sl = (slice(None), slice(a * d[0], a * d[0] + s[0] * (oh - 1) + 1, s[0]),
                  slice(c * d[1], c * d[1] + s[1] * (ow - 1) + 1, s[1]))
            dxp[sl] += g @ k64[a, c].T
            dk[a, c] = np.einsum("bijc,bijf->cf", xp[sl], g)
    return dxp[:, top: top + x.shape[1], left: left + x.shape[2]], dk


def _touches_padding(out, before, n, s, span):
    """Output positions whose window reaches into the padding."""
    start = np.arange(out) * s - before
    return (start < 0) | (start + span > n)


def _conv2d_mistakes(case, expected):
    x, k = case.args[0], case.args[1]
    b = case.args[2] if len(case.args) > 2 else None
    rows, cols, s, d, padding = _layout(x.shape, k.shape, case.kwargs)
    found = candidate("diag_flipped", _np_conv2d(x, k[::-1, ::-1], b, s, d, rows, cols), expected, case.terms)
    if padding == "same" and (rows[1] != rows[2] or cols[1] != cols[2] or rows[1] or cols[1]):
        swapped = _np_conv2d(x, k, b, s, d, (rows[0], rows[2], rows[1]), (cols[0], cols[2], cols[1]))
        row_border = _touches_padding(rows[0], rows[1], x.shape[1], s[0], d[0] * (k.shape[0] - 1) + 1)
        col_border = _touches_padding(cols[0], cols[1], x.shape[2], s[1], d[1] * (k.shape[1] - 1) + 1)
        border = row_border[None, :, None, None] | col_border[None, None, :, None]
        found += candidate("diag_border", swapped, expected, case.terms)
        found.append(Mistake("diag_border", [((), border)], "within", case.terms))
    return found


def _conv2d_backward_mistakes(case, expected):
    dout, x, k = case.args[0], case.args[1], case.args[2]
    rows, cols, s, d, padding = _layout(x.shape, k.shape, case.kwargs)
    dx_flip, _ = _np_conv2d_backward(dout, x, k[::-1, ::-1], s, d, rows, cols)
    dk_flip = np.asarray(expected[1])[::-1, ::-1]
    found = candidate("diag_flipped", dx_flip, expected, case.terms, path=(0,))
    found += candidate("diag_flipped", dk_flip, expected, case.terms, path=(1,))
    if padding == "same" and (rows[1] or rows[2] or cols[1] or cols[2]):
        sw_rows, sw_cols = (rows[0], rows[2], rows[1]), (cols[0], cols[2], cols[1])
        dx_sw, dk_sw = _np_conv2d_backward(dout, x, k, s, d, sw_rows, sw_cols)
        span_r, span_c = d[0] * (k.shape[0] - 1) + 1, d[1] * (k.shape[1] - 1) + 1
        r, c = np.arange(x.shape[1]), np.arange(x.shape[2])
        row_border = (r < span_r - 1) | (r >= x.shape[1] - span_r + 1)
        col_border = (c < span_c - 1) | (c >= x.shape[2] - span_c + 1)
        border = row_border[None, :, None, None] | col_border[None, None, :, None]
        found += candidate("diag_border", dx_sw, expected, case.terms, path=(0,))
        found += candidate("diag_border", dk_sw, expected, case.terms, path=(1,))
        found.append(Mistake("diag_border", [((0,), border)], "within", case.terms))
    return found


# ---------------------------------------------------------------- exercises

HINTS = {
    "conv2d": {
        "en": "Cross-correlation, no kernel flip: y[b,i,j,o] = bias[o] + sum over (a, c, ch) of "
              "xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * kernel[a, c, ch, o]. 'same': out = ceil(n/s), "
              "pad total = max((out-1)*s + d*(k-1) + 1 - n, 0), total//2 on top/left and the rest at the bottom/right.",
        "ko": "합성곱(Conv2D)은 커널을 뒤집지 않는 상호상관입니다: y[b,i,j,o] = bias[o] + (a, c, ch)에 대한 합 "
              "xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * kernel[a, c, ch, o]. 'same' 패딩: 출력 = ceil(n/스트라이드), "
              "패딩 총량 = max((out-1)*s + d*(k-1) + 1 - n, 0)이고 total//2를 위/왼쪽에, 나머지를 아래/오른쪽에 둡니다."},
    "conv2d_backward": {
        "en": "Loop over the same windows as the forward pass: dkernel[a,c,ch,o] += xpad[window] * dout[b,i,j,o], "
              "dxpad[window] += kernel[a,c,ch,o] * dout[b,i,j,o] (then cut the padding off), dbias = dout summed over "
              "batch, rows and columns (None without a bias).",
        "ko": "순전파와 같은 창(window)을 돌면서 dkernel[a,c,ch,o] += xpad[창] * dout[b,i,j,o], "
              "dxpad[창] += kernel[a,c,ch,o] * dout[b,i,j,o]를 더하고 마지막에 패딩 부분을 잘라 내세요. "
              "dbias는 dout을 배치·행·열에 대해 더한 값입니다 (bias가 None이면 None)."},
    "conv2d_output_shape": {
        "en": "Per spatial axis: 'valid' gives (n - d*(k-1) - 1)//s + 1, 'same' gives ceil(n/s); batch stays, "
              "the last axis becomes the number of filters. Return Python ints in a tuple.",
        "ko": "공간 축마다 'valid'는 (n - d*(k-1) - 1)//s + 1, 'same'은 ceil(n/s)입니다(s는 스트라이드, d는 팽창률). "
              "배치는 그대로, 마지막 축은 필터 수가 됩니다. 파이썬 int의 튜플을 반환하세요."},
    "conv1d": {
        "en": "A sequence is an image of height 1: reuse conv2d with x[:, None] and kernel[None]. 'causal' pads "
              "d*(k-1) zeros on the left only, then runs 'valid'.",
        "ko": "시퀀스는 높이 1인 이미지입니다: x[:, None]과 kernel[None]으로 conv2d를 재사용하세요. "
              "'causal' 패딩은 왼쪽에만 d*(k-1)개의 0을 붙이고 'valid'로 계산합니다."},
}


EXERCISES = (
    Exercise(TOPIC, "conv2d", 4, _conv2d_cases, _conv2d_oracle, HINTS["conv2d"], mistakes=_conv2d_mistakes),
    Exercise(TOPIC, "conv2d_backward", 5, _conv2d_backward_cases, _conv2d_backward_oracle, HINTS["conv2d_backward"],
             mistakes=_conv2d_backward_mistakes, outputs=("dx", "dkernel", "dbias")),
    Exercise(TOPIC, "conv2d_output_shape", 1, _output_shape_cases, _output_shape_oracle,
             HINTS["conv2d_output_shape"]),
    Exercise(TOPIC, "conv1d", 2, _conv1d_cases, _conv1d_oracle, HINTS["conv1d"]),
)

topic = Topic(TOPIC, {"en": "Convolution", "ko": "합성곱"}, EXERCISES)
