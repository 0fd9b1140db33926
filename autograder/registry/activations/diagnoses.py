"""Mistakes of the activations topic, recomputed in NumPy: formulas whose exp overflows for huge inputs, and
softmax over another axis than the one asked for."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake

#: Ranks of the activations' cases (softmax over "another axis" is declared for each axis up to this).
MAX_RANK = 3


def _x(case):
    return case.args[-1]


def _axis(case) -> int:
    """The softmax axis the case asks for, as a non-negative number."""
    return case.kwargs.get("axis", -1) % _x(case).ndim


def _softmax(x, axis, stable=True):
    """Softmax along ``axis`` (``None``: over the whole array) in x's dtype; ``stable=False`` skips the max."""
    e = np.exp(x - x.max(axis=axis, keepdims=True) if stable else x)
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_backward(dout, s, axis):
    return s * (dout - (dout * s).sum(axis=axis, keepdims=True))


def _naive_sigmoid(x):
    e = np.exp(x)
    return e / (1 + e)


def _naive_tanh(x):
    a, b = np.exp(x), np.exp(-x)
    return (a - b) / (a + b)


def unstable(name: str) -> tuple[Mistake, ...]:
    """The textbook formula of ``name`` computed as written, whose exp overflows to inf and gives NaN."""
    forward = {"sigmoid": _naive_sigmoid, "tanh": _naive_tanh,
               "softmax": lambda x, axis: _softmax(x, axis, stable=False)}
    if name in ("sigmoid", "tanh"):
        return (Mistake("diag_unstable", lambda case: forward[name](_x(case))),)
    if name == "sigmoid_backward":
        def compute(case):
            s = _naive_sigmoid(_x(case))
            return case.args[0] * s * (1 - s)
        return (Mistake("diag_unstable", compute),)
    if name == "softmax":
        return (Mistake("diag_unstable", lambda case: forward["softmax"](_x(case), _axis(case))),)
    if name == "softmax_backward":
        return (Mistake("diag_unstable", lambda case: _softmax_backward(
            case.args[0], _softmax(_x(case), _axis(case), stable=False), _axis(case))),)
    return ()


def wrong_axis(backward: bool) -> tuple[Mistake, ...]:
    """Softmax (or its gradient) over each other axis, and over the whole array, than the one asked for."""
    def compute(axis):
        def run(case):
            s = _softmax(_x(case), axis)
            return _softmax_backward(case.args[0], s, axis) if backward else s
        return run

    def fields(axis):
        return lambda case: {"used": axis, "axis": case.kwargs.get("axis", -1)}

    out = [Mistake("diag_softmax_axis", compute(a), lambda case, a=a: a < _x(case).ndim and a != _axis(case),
                   fields=fields(a)) for a in range(MAX_RANK)]
    out.append(Mistake("diag_softmax_axis", compute(None), lambda case: _x(case).ndim > 1, fields=fields(None)))
    return tuple(out)
