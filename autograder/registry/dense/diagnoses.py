"""Mistakes of the dense topic: the kernel used transposed (``x @ kernel.T``), recomputed in NumPy."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake


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


def _square(case) -> bool:
    """A kernel used transposed gives a result of the right shape only when it is square."""
    k = case.args[-1]
    return k.shape[0] == k.shape[1]


def _forward_transposed(case):
    x, k = case.args
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    z = x.astype(np.float64) @ k.T.astype(np.float64) + (0 if b is None else b)
    return _act(act, z).astype(x.dtype)


def _dx_untransposed(case):
    dout, x, k = case.args
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    z = x.astype(np.float64) @ k.astype(np.float64) + (0 if b is None else b)
    return (_act_backward(act, dout.astype(np.float64), z) @ k).astype(x.dtype)


#: ``x @ kernel.T`` instead of ``x @ kernel``; dx as ``dz @ kernel`` instead of ``dz @ kernel.T``.
DENSE = (Mistake("diag_kernel_transposed", _forward_transposed, _square),)
DENSE_BACKWARD = (Mistake("diag_kernel_transposed", _dx_untransposed, _square, output="dx"),)
