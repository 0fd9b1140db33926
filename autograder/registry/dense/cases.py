"""Cases of the dense topic: every activation, both dtypes, batch 1 without bias, rank 3 and 4 inputs, a
square kernel (where a transposed kernel has the right shape), a single sigmoid unit."""

from __future__ import annotations

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal
from ...tolerances import input_scale

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


def dense(rng):
    """``(x, kernel)`` with ``bias`` and ``activation`` keywords."""
    return _cases(rng, with_dout=False)


def dense_backward(rng):
    """``(dout, x, kernel)`` with ``bias`` and ``activation`` keywords."""
    return _cases(rng, with_dout=True)
