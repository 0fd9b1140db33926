"""The one place comparison tolerances are written down.

An element passes when ``|got - expected| <= rtol * (|expected| + max|expected|)``
where ``rtol = ULPS * eps(dtype) * sqrt(terms)``. ``terms`` is how many
products or summands each output element accumulates (a 3x3x16 convolution
sums 144), because rounding error grows with the length of a sum; the
``max|expected|`` floor lets an element that is a near-cancelling sum of large
numbers (a gradient, a logit difference) carry the absolute error its
magnitude earns. Integer, bool and string results must match exactly.
"""

from __future__ import annotations

import math

import numpy as np

#: How many units in the last place a reference may differ from TensorFlow,
#: before scaling by the length of the sum. TensorFlow's Eigen/oneDNN kernels
#: sum in another order and use their own exp/log/tanh, so bit equality is not
#: expected; a wrong formula is off by far more than this.
ULPS = 32


def rtol_for(dtype, terms: int = 1) -> float:
    """Relative tolerance for a float dtype and a sum of ``terms`` terms."""
    eps = float(np.finfo(np.dtype(dtype)).eps)
    return ULPS * eps * math.sqrt(max(int(terms), 1))


def describe(dtype, terms: int = 1) -> str:
    """Human-readable statement of the tolerance, for reports."""
    return f"rtol {rtol_for(dtype, terms):.1e} ({np.dtype(dtype).name}, {max(int(terms), 1)} terms)"
