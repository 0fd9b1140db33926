"""Candidate mistakes of the dense topic: the kernel used transposed (``x @ kernel.T``), recomputed in NumPy."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate


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


def dense(case, expected):
    x, k = case.args
    if k.shape[0] != k.shape[1]:
        return []
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    with np.errstate(all="ignore"):
        z = x.astype(np.float64) @ k.T.astype(np.float64) + (0 if b is None else b)
        variant = _act(act, z).astype(x.dtype)
    return candidate("diag_kernel_transposed", variant, expected, case.terms)


def dense_backward(case, expected):
    dout, x, k = case.args
    if k.shape[0] != k.shape[1]:
        return []
    b, act = case.kwargs.get("bias"), case.kwargs.get("activation")
    with np.errstate(all="ignore"):
        z = x.astype(np.float64) @ k.astype(np.float64) + (0 if b is None else b)
        dz = _act_backward(act, dout.astype(np.float64), z)
        variant = (dz @ k).astype(x.dtype)
    return candidate("diag_kernel_transposed", variant, expected, case.terms, path=(0,))
