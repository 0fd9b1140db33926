"""Cases of the convolution topic: 'valid' and 'same' (odd totals: the extra row/column bottom/right),
strides larger than the kernel, dilation, non-square kernels, 1x1 and whole-input kernels, batch 1,
no bias; Conv1D with 'causal' padding."""

from __future__ import annotations

import numpy as np

from ...cases import Case, normal
from ...geometry import axis, pair


def layout(x_shape, k_shape, kw):
    """``(rows, cols, strides, dilation, padding)`` of a conv2d call: ``rows``/``cols`` are ``(out, before, after)``."""
    s, d = pair(kw.get("strides", 1)), pair(kw.get("dilation_rate", 1))
    padding = kw.get("padding", "valid")
    rows = axis(x_shape[1], k_shape[0], s[0], d[0], padding)
    cols = axis(x_shape[2], k_shape[1], s[1], d[1], padding)
    return rows, cols, s, d, padding


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
    ("no padding needed, same", (2, 2), {"strides": 3, "padding": "same"},
     "n=9, k=2, s=3: (out - 1) * s + k - n = -1 < 0, 'same' pads nothing"),
    ("dilation 3, 3x3", (3, 3), {"dilation_rate": 3}, "a 3x3 kernel reaching 7x7"),
    ("batch 1, strides 2", (3, 3), {"strides": 2, "padding": "same"}, "9x9 input, 5x5 output"),
    ("strides (1, 2)", (3, 3), {"strides": (1, 2), "padding": "same"}, ""),
    ("many channels", (3, 3), {"padding": "same"}, "a 24x24 image, 48 channels in, 64 out"),
    ("strides 3, 256 channels", (3, 3), {"strides": 3, "padding": "same"}, "16x7 images, 256 channels in and out"),
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
            if label == "batch 1, single channel":
                batch, cin = 1, 1
            if label.startswith("batch 1, strides"):
                batch, h, w = 1, 9, 9
            if label == "many channels":
                batch, cin, filters, h, w = 1, 48, 64, 24, 24
            if label.startswith("strides 3, 256"):
                batch, cin, filters, h, w = 2, 256, 256, 16, 7
            if label.startswith("k4 s3"):
                h = w = 7
            if label.startswith("no padding needed"):
                h = w = 9
            if label.startswith("one output column"):
                cin, w = 1, 3
            if ksize is None:
                ksize = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
                h, w = ksize
            d = pair(kw.get("dilation_rate", 1))
            h, w = max(h, d[0] * (ksize[0] - 1) + 1), max(w, d[1] * (ksize[1] - 1) + 1)
            x = normal(rng, (batch, h, w, cin), dt)
            k = normal(rng, (*ksize, cin, filters), dt, scale=0.5)
            b = None if label == "no bias" else normal(rng, (filters,), dt)
            out.append((f"{nm} {label}", x, k, b, dict(kw), note))
    return out


def conv2d(rng):
    """``(x, kernel[, bias])`` with ``strides``, ``padding``, ``dilation_rate`` keywords."""
    cases = []
    for label, x, k, b, kw, note in _conv2d_inputs(rng):
        args = (x, k) if b is None else (x, k, b)
        terms = k.shape[0] * k.shape[1] * k.shape[2] + (b is not None)
        cases.append(Case(label, args, kw, terms=terms, note=note))
    x, k = normal(rng, (1, 4, 4, 512), np.float32), normal(rng, (3, 3, 512, 512), np.float32, 0.05)
    cases.append(Case("float32 a VGG-sized layer", (x, k, normal(rng, (512,), np.float32)), {"padding": "same"},
                      terms=3 * 3 * 512 + 1, note="3x3x512x512: 2.4 million weights"))
    return cases


def conv2d_backward(rng):
    """``(dout, x, kernel[, bias])``, keywords as for conv2d."""
    cases = []
    for label, x, k, b, kw, note in _conv2d_inputs(rng):
        (oh, _, _), (ow, _, _), _, _, _ = layout(x.shape, k.shape, kw)
        dout = normal(rng, (x.shape[0], oh, ow, k.shape[3]), x.dtype)
        args = (dout, x, k) if b is None else (dout, x, k, b)
        # dx sums up to kh*kw*filters products, dkernel and dbias sum over batch*oh*ow positions.
        terms = max(k.shape[0] * k.shape[1] * k.shape[3], x.shape[0] * oh * ow)
        cases.append(Case(label, args, kw, terms=terms, note=note))
    return cases


def conv2d_output_shape(rng):
    """``(input_shape, kernel_shape)`` as tuples (or lists), keywords as for conv2d."""
    cases = []
    for label, ksize, kw, note in _SPECS_2D:
        n, c, f = int(rng.integers(1, 65)), int(rng.integers(1, 17)), int(rng.integers(1, 65))
        h, w = int(rng.integers(8, 40)), int(rng.integers(8, 40))
        if label.startswith("k4 s3"):
            h = w = 7
        if label.startswith("no padding needed"):
            h = w = 9
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
    cases.append(Case("dilation (2, 3), valid", ((2, 20, 21, 3), (3, 3, 3, 4)), {"dilation_rate": (2, 3)},
                      note="each axis with its own dilation: the window reaches d*(k-1)+1 inputs"))
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


def conv1d(rng):
    """``(x, kernel[, bias])`` of sequences, with ``causal`` padding among the keywords."""
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


