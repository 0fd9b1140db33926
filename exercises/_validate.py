"""Argument checks shared by every topic (given to students as is).

Each raises ``ValueError`` naming the argument and the shapes it saw, as the
curriculum requires of bad input.
"""

import numpy as np


def as_float_array(x, name):
    """``x`` as a float32/float64 array; other dtypes are refused by name."""
    x = np.asarray(x)
    if x.dtype not in (np.float32, np.float64):
        raise ValueError(f"{name} must be a float32 or float64 array, got dtype {x.dtype}")
    return x


def require_ndim(x, ndim, name, layout=""):
    """Refuse an array whose rank is not ``ndim`` (or one of a tuple of ranks)."""
    allowed = ndim if isinstance(ndim, tuple) else (ndim,)
    if x.ndim not in allowed:
        want = " or ".join(str(n) for n in allowed)
        extra = f" {layout}" if layout else ""
        raise ValueError(f"{name} must have rank {want}{extra}, got shape {x.shape}")


def require_same_shape(a, b, name_a, name_b):
    """Refuse two arrays whose shapes differ."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match")


def result_dtype(*arrays):
    """The float dtype a result takes from its float inputs (float64 if any is)."""
    return np.result_type(*[a.dtype for a in arrays if a is not None and a.dtype.kind == "f"])
