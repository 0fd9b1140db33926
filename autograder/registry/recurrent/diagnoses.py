"""Candidate mistakes of the recurrent topic: a few typical wrong variants (gate blocks in another order,
the initial state ignored, the GRU update gate swapped, the other ``reset_after`` formula, backprop through
time cut short) recomputed with the small NumPy forwards below, in the trusted process. The answer-free
checks (``return_sequences`` by the output's rank, LSTM states swapped) are in
:mod:`autograder.diagnose_checks`."""

from __future__ import annotations

import itertools

import numpy as np

from ...diagnose import Mistake, candidate
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


#: The recurrence accumulates rounding over the steps: a float64 variant is matched within a loose
#: multiple of the tolerance (this many terms at least, times 16).
def _terms(case) -> int:
    return max(case.terms, 64) * 16


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


def forward(kind, gates_only=False):
    """The candidate mistakes of a step, a gates call or a whole forward pass of ``kind``."""
    names = {"lstm": ("i", "f", "c", "o"), "gru": ("z", "r", "h")}.get(kind)

    def mistakes(case, expected):
        x, k, r, b, h0, c0, step = _call_parts(kind, case)
        kw = case.kwargs
        terms = _terms(case)
        path = (0,) if isinstance(expected, (tuple, list)) else ()
        reset_after = kw.get("reset_after", True)

        def out(**variant):
            hs, _ = _np_run(kind, x, variant.pop("k", k), variant.pop("r", r), variant.pop("b", b),
                            variant.pop("h0", h0), variant.pop("c0", c0), reset_after=reset_after, **variant)
            return _output_of(hs, step, kw).astype(x.dtype)

        found = []
        # 1. gate blocks read in another order
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
                    z64 = [np.asarray(a, np.float64) for a in (x, h0, k, r, b)]
                    blocks = np.split(z64[0] @ z64[2] + z64[1] @ z64[3] + z64[4], n, axis=1)
                    cand = [np.tanh(blocks[p]) if j == 2 else _sig(blocks[p]) for j, p in enumerate(perm)]
                    found.append(Mistake("diag_gate_order", [((j,), c.astype(x.dtype)) for j, c in enumerate(cand)],
                                         "close", terms, fields))
                else:
                    kp, rp, bp = (_permuted(w, n, perm) for w in (k, r, b))
                    found += candidate("diag_gate_order", out(k=kp, r=rp, b=bp), expected, terms, path, fields)
        if gates_only:
            return found
        # 2. the initial state was ignored
        if not step and kw.get("initial_state") is not None:
            found += candidate("diag_initial_state_ignored", out(h0=None, c0=None), expected, terms, path)
        if kind == "gru":
            # 3. update gate on the wrong side; 4. else the other reset_after formula
            found += candidate("diag_gru_update_swapped", out(swap_update=True), expected, terms, path)
            formula = ("tanh(x @ K_h + b_ih + r * (h_prev @ R_h + b_rh))" if reset_after
                       else "tanh(x @ K_h + b_h + (r * h_prev) @ R_h)")
            found += candidate("diag_gru_reset_after", out(reset_variant=True), expected, terms, path,
                               {"value": bool(reset_after), "formula": formula}, alone=True)
        return found

    return mistakes


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


def backward(kind):
    """The candidate mistakes of a backward pass: backprop through time cut short in one of three ways (the
    first that fits is reported)."""
    def mistakes(case, expected):
        dout, x, k, r, b = case.args
        if x.shape[1] == 1:  # no recurrence to get wrong
            return []
        init = case.kwargs.get("initial_state")
        h0, c0 = (init if kind == "lstm" and init is not None else (init, None))
        seqs = bool(case.kwargs.get("return_sequences"))
        terms = _terms(case)

        def grads(d, return_sequences, **slip):
            return [((i,), g.astype(x.dtype)) for i, g in
                    enumerate(_np_backward(kind, d, x, k, r, b, h0, c0, return_sequences, **slip))]

        found = [Mistake("diag_bptt_truncated", grads(dout, seqs, carry_h=False, carry_c=False), "close", terms)]
        if kind == "lstm":
            found.append(Mistake("diag_bptt_no_carry", grads(dout, seqs, carry_c=False), "close", terms, alone=True))
        if seqs:
            found.append(Mistake("diag_bptt_last_only", grads(dout[:, -1], False), "close", terms, alone=True))
        return found

    return mistakes
