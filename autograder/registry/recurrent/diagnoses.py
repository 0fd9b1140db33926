"""Mistakes of the recurrent topic, recomputed with the small NumPy forwards below: gate blocks in another
order, the initial state ignored, the GRU update gate swapped, the other ``reset_after`` formula, backprop
through time cut short. What the output alone shows (LSTM states swapped, return_sequences misread) is
:func:`autograder.diagnose_checks.recurrent_output`."""

from __future__ import annotations

import itertools

import numpy as np

from ...exercise import Mistake
from .cases import LAYERS


def _sig(v):
    return 0.5 * (1 + np.tanh(0.5 * v))


def _np_run(kind, x, kernel, recurrent_kernel, bias, h0=None, c0=None, reset_after=True, swap_update=False,
            reset_variant=False):
    """All states (B, T, U) and the last carry, in float64; ``x`` may be one step (B, D)."""
    x = np.asarray(x, np.float64)
    if x.ndim == 2:
        x = x[:, None]
    k, r, b = (np.asarray(a, np.float64) for a in (kernel, recurrent_kernel, bias))
    batch, time, _ = x.shape
    units = r.shape[0]
    h = np.zeros((batch, units)) if h0 is None else np.asarray(h0, np.float64)
    c = np.zeros((batch, units)) if c0 is None else np.asarray(c0, np.float64)
    hs = []
    for step in range(time):
        xt = x[:, step]
        if kind == "simple_rnn":
            h = np.tanh(xt @ k + b + h @ r)
        elif kind == "lstm":
            i, f, g, o = np.split(xt @ k + h @ r + b, 4, axis=1)
            c = _sig(f) * c + _sig(i) * np.tanh(g)
            h = _sig(o) * np.tanh(c)
        else:
            bi, br = (b[0], b[1]) if reset_after else (b, np.zeros_like(b))
            xz, xr, xh = np.split(xt @ k + bi, 3, axis=1)
            rz, rr = np.split(h @ r[:, :2 * units] + br[:2 * units], 2, axis=1)
            z, rg = _sig(xz + rz), _sig(xr + rr)
            rh = r[:, 2 * units:]
            if reset_after != reset_variant:  # the reset-after formula
                n = np.tanh(xh + rg * (h @ rh + br[2 * units:]))
            else:
                n = np.tanh(xh + (rg * h) @ rh + br[2 * units:])
            h = (1 - z) * h + z * n if swap_update else z * h + (1 - z) * n
        hs.append(h)
    return np.stack(hs, axis=1), c


def _permuted(w, gates, perm, axis=-1):
    blocks = np.split(w, gates, axis=axis)
    return np.concatenate([blocks[p] for p in perm], axis=axis)


def _call_parts(kind, case):
    """(x, kernel, recurrent_kernel, bias, h0, c0, options) from a forward case."""
    a, kw = case.args, case.kwargs
    step = a[0].ndim == 2
    if step:
        if kind == "lstm":
            x, h0, c0, k, r, b = a
        else:
            (x, h0, k, r, b), c0 = a, None
    else:
        x, k, r, b = a
        init = kw.get("initial_state")
        h0, c0 = (init if kind == "lstm" and init is not None else (init, None))
    return x, k, r, b, h0, c0, step


def _output_of(hs, step, kw):
    """The first output of the exercise (h for a step) from all states ``hs (B, T, U)``."""
    if step:
        return hs[:, -1]
    return hs if kw.get("return_sequences") else hs[:, -1]


def _loose(case) -> int:
    """A variant computed in float64 drifts from a float32 answer over the steps: a loose multiple of the
    tolerance (the recurrence accumulates rounding)."""
    return max(case.terms, 64) * 16


def _run(kind, case, **variant):
    """The first output of a step or forward case, recomputed with ``variant`` (weights, states, formulas)."""
    x, k, r, b, h0, c0, step = _call_parts(kind, case)
    reset_after = case.kwargs.get("reset_after", True)
    hs, _ = _np_run(kind, x, variant.pop("k", k), variant.pop("r", r), variant.pop("b", b), variant.pop("h0", h0),
                    variant.pop("c0", c0), reset_after=reset_after, **variant)
    return _output_of(hs, step, case.kwargs)


def _gates(case, perm):
    """LSTM gates read from the blocks in the order ``perm``: gate j from block perm[j]."""
    x, h0, _, k, r, b = case.args
    z = np.asarray(x, np.float64) @ k + np.asarray(h0, np.float64) @ r + b
    blocks = np.split(z, 4, axis=1)
    return tuple(np.tanh(blocks[p]) if j == 2 else _sig(blocks[p]) for j, p in enumerate(perm))


def forward_mistakes(kind, first: str = "", gates_only=False) -> tuple[Mistake, ...]:
    """The mistakes of a step, a gates call or a forward pass of ``kind``; ``first`` names the output
    they concern (the states, or the h of a step)."""
    names = {"lstm": ("i", "f", "c", "o"), "gru": ("z", "r", "h")}.get(kind)
    out = []
    if names is not None:
        n = len(names)
        for perm in itertools.permutations(range(n)):
            if perm == tuple(range(n)):
                continue
            layout = [""] * n  # the block layout the answer assumed: gate j read from block perm[j]
            for j, p in enumerate(perm):
                layout[p] = names[j]
            fields = {"order": "[" + ", ".join(layout) + "]", "layer": LAYERS[kind],
                      "keras_order": "[" + ", ".join(names) + "]"}
            if gates_only:
                compute = (lambda perm: lambda case: _gates(case, perm))(perm)
            else:
                compute = (lambda perm: lambda case: _run(kind, case, **{
                    w: _permuted(case_w, n, perm) for w, case_w in zip(("k", "r", "b"),
                                                                        _call_parts(kind, case)[1:4])}))(perm)
            out.append(Mistake("diag_gate_order", compute, output="" if gates_only else first,
                               fields=(lambda f: lambda case: f)(fields), terms=_loose))
    if gates_only:
        return tuple(out)
    out.append(Mistake("diag_initial_state_ignored", lambda case: _run(kind, case, h0=None, c0=None),
                       lambda case: not _call_parts(kind, case)[6] and case.kwargs.get("initial_state") is not None,
                       output=first, terms=_loose))
    if kind == "gru":
        def formula(case):
            reset_after = case.kwargs.get("reset_after", True)
            return {"value": bool(reset_after),
                    "formula": ("tanh(x @ K_h + b_ih + r * (h_prev @ R_h + b_rh))" if reset_after
                                else "tanh(x @ K_h + b_h + (r * h_prev) @ R_h)")}
        out.append(Mistake("diag_gru_update_swapped", lambda case: _run(kind, case, swap_update=True), output=first,
                           terms=_loose))
        out.append(Mistake("diag_gru_reset_after", lambda case: _run(kind, case, reset_variant=True), output=first,
                           fields=formula, terms=_loose))
    return tuple(out)


def _np_backward(kind, dout, x, kernel, recurrent_kernel, bias, h0, c0, return_sequences,
                 carry_h=True, carry_c=True):
    """BPTT in float64 for SimpleRNN/LSTM; ``carry_h``/``carry_c`` False drop the recurrent paths (slips)."""
    x, k, r, b, dout = (np.asarray(a, np.float64) for a in (x, kernel, recurrent_kernel, bias, dout))
    batch, time, _ = x.shape
    units = r.shape[0]
    h = np.zeros((batch, units)) if h0 is None else np.asarray(h0, np.float64)
    c = np.zeros((batch, units)) if c0 is None else np.asarray(c0, np.float64)
    steps = []
    for t in range(time):
        z = x[:, t] @ k + h @ r + b
        if kind == "simple_rnn":
            h_new, c_new, acts = np.tanh(z), c, None
        else:
            i, f, g, o = np.split(z, 4, axis=1)
            acts = (_sig(i), _sig(f), np.tanh(g), _sig(o))
            c_new = acts[1] * c + acts[0] * acts[2]
            h_new = acts[3] * np.tanh(c_new)
        steps.append((h, c, h_new, c_new, acts))
        h, c = h_new, c_new
    grads = [np.zeros_like(a) for a in (x, k, r, b)]
    dh_next, dc_next = np.zeros((batch, units)), np.zeros((batch, units))
    for t in range(time - 1, -1, -1):
        h_prev, c_prev, h_t, c_t, acts = steps[t]
        dh = dh_next + (dout[:, t] if return_sequences else (dout if t == time - 1 else 0))
        if kind == "simple_rnn":
            dz = dh * (1 - h_t ** 2)
        else:
            i, f, g, o = acts
            tc = np.tanh(c_t)
            dc = dc_next + dh * o * (1 - tc ** 2)
            dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f), dc * i * (1 - g ** 2),
                                 dh * tc * o * (1 - o)], axis=1)
            dc_next = dc * f if carry_c else np.zeros_like(dc)
        grads[0][:, t] = dz @ k.T
        grads[1] += x[:, t].T @ dz
        grads[2] += h_prev.T @ dz
        grads[3] += dz.sum(axis=0)
        dh_next = dz @ r.T if carry_h else np.zeros_like(dh)
    return tuple(grads)


def backward_mistakes(kind) -> tuple[Mistake, ...]:
    """Backprop through time cut short in one of three ways."""
    def grads(case, carry_h=True, carry_c=True, last_only=False):
        dout, x, k, r, b = case.args
        init = case.kwargs.get("initial_state")
        h0, c0 = (init if kind == "lstm" and init is not None else (init, None))
        seqs = bool(case.kwargs.get("return_sequences"))
        if last_only:
            return _np_backward(kind, dout[:, -1], x, k, r, b, h0, c0, False)
        return _np_backward(kind, dout, x, k, r, b, h0, c0, seqs, carry_h=carry_h, carry_c=carry_c)

    def recurrent(case):  # no recurrence to get wrong in one step
        return case.args[1].shape[1] > 1

    out = [Mistake("diag_bptt_truncated", lambda case: grads(case, carry_h=False, carry_c=False), recurrent,
                   terms=_loose)]
    if kind == "lstm":
        out.append(Mistake("diag_bptt_no_carry", lambda case: grads(case, carry_c=False), recurrent, terms=_loose))
    out.append(Mistake("diag_bptt_last_only", lambda case: grads(case, last_only=True),
                       lambda case: recurrent(case) and bool(case.kwargs.get("return_sequences")), terms=_loose))
    return tuple(out)
