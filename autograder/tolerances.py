"""The one place comparison tolerances are written down.

An element passes when ``|got - expected| <= rtol * (|expected| + scale)``
where ``rtol = ULPS * eps(dtype) * sqrt(terms)`` and ``scale`` is the larger
of ``max|expected|`` and the case's declared ``scale`` (default 0; a case
whose outputs are differences of larger operands declares their size, e.g.
with :func:`input_scale` of the operands). ``terms`` is how many
products or summands each output element accumulates (a 3x3x16 convolution
sums 144), because rounding error grows with the length of a sum; the scale
floor lets an element that is a near-cancelling difference of large numbers
(``dout - sum(dout * s)``, a logit difference) carry the absolute error that
the size of its operands earns. Integer, bool and string results must match
exactly.
"""

from __future__ import annotations

import math

import numpy as np

#: How many units in the last place a reference may differ from TensorFlow,
#: before scaling by the length of the sum. TensorFlow's Eigen/oneDNN kernels
#: sum in another order and use their own exp/log/tanh, so bit equality is not
#: expected; a wrong formula is off by far more than this.
ULPS = 32


def rtol_for(dtype, terms: int = 1, accuracy=None) -> float:
    """Relative tolerance for a float dtype and a sum of ``terms`` terms.

    ``accuracy`` is a coarser float dtype the result is only accurate to, when the oracle itself
    computes through it (TensorFlow takes some float64 results through float32 arithmetic).
    """
    eps = float(np.finfo(np.dtype(dtype)).eps)
    if accuracy is not None:
        eps = max(eps, float(np.finfo(np.dtype(accuracy)).eps))
    return ULPS * eps * math.sqrt(max(int(terms), 1))


def describe(dtype, terms: int = 1) -> str:
    """Human-readable statement of the tolerance, for reports."""
    return f"rtol {rtol_for(dtype, terms):.1e} ({np.dtype(dtype).name}, {max(int(terms), 1)} terms)"


def input_scale(*values) -> float:
    """Largest finite magnitude among the float arrays in ``values`` (nested in lists/tuples/dicts)."""
    best = 0.0
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.size:
            finite = np.abs(v[np.isfinite(v)])
            if finite.size:
                best = max(best, float(finite.max()))
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
    return best
