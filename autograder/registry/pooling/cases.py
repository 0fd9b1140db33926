"""Cases of the pooling topic: 'valid' and 'same' (odd totals), overlapping windows, strides larger than the
pool, a pool as large as (or larger than) the input, batch 1, and inputs full of ties for max pooling."""

from __future__ import annotations

import numpy as np

from ...cases import Case, normal
from .windows import options, out_shape

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
    ("no padding needed, same", (9, 9), {"pool_size": 2, "strides": 3, "padding": "same"},
     "(out - 1) * s + p - n = -1 < 0: 'same' pads nothing"),
    ("tall input", (264, 3), {"pool_size": (3, 2), "strides": 2}, "windows starting past row 256"),
    ("wide input", (3, 264), {"pool_size": (2, 3), "strides": 2}, "windows starting past column 256"),
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


def terms(kw, backward, average):
    pool, strides, _ = options(kw)
    if backward:  # how many windows can send gradient to one input
        return -(-pool[0] // strides[0]) * -(-pool[1] // strides[1])
    return pool[0] * pool[1] if average else 1


def pool(average, ties):
    """``(x,)`` with ``pool_size``, ``strides``, ``padding`` keywords; ``ties`` adds inputs full of equal values."""
    def cases(rng):
        return [Case(label, (x,), kw, terms=terms(kw, False, average), note=note)
                for label, x, kw, note in _pool_inputs(rng, ties)]
    return cases


def pool_backward(average, ties):
    """``(dout, x)``, keywords as for the forward pass."""
    def cases(rng):
        out = []
        for label, x, kw, note in _pool_inputs(rng, ties):
            dout = normal(rng, out_shape(x.shape, kw), x.dtype)
            out.append(Case(label, (dout, x), kw, terms=terms(kw, True, average), note=note))
        return out
    return cases


def global_pool(rng):
    """``(x,)`` images."""
    out = []
    for dt in (np.float32, np.float64):
        nm = np.dtype(dt).name
        out.append(Case(f"{nm} batch", (normal(rng, (int(rng.integers(2, 5)), 5, 6, 3), dt),), terms=30))
        out.append(Case(f"{nm} batch 1, single channel", (normal(rng, (1, 7, 4, 1), dt),), terms=28))
    out.append(Case("float32 1x1 spatial", (normal(rng, (3, 1, 1, 4), np.float32),), note="nothing to pool"))
    x = normal(rng, (2, 9, 8, 5), np.float32, 10.0)
    out.append(Case("float32 larger map", (x,), terms=72))
    return out


def flatten(rng):
    """``(x,)`` of rank 2 to 5."""
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


