"""Cases of the recurrent topic: both dtypes, last step or every step, with or without the returned state and
an initial state, batch 1, length 1; GRU with both ``reset_after`` settings; weights scaled so that gates
are neither saturated nor idle."""

from __future__ import annotations

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal

#: Gate blocks of each layer's kernels, and the Keras layer it mirrors.
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}
LAYERS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _weights(rng, dt, features, units, gates, bias_rows=0):
    """Kernel, recurrent kernel and bias scaled so that gates are neither saturated nor idle."""
    kernel = normal(rng, (features, gates * units), dt, scale=1.0 / np.sqrt(features))
    recurrent = normal(rng, (units, gates * units), dt, scale=1.0 / np.sqrt(units))
    bias = normal(rng, (bias_rows, gates * units) if bias_rows else (gates * units,), dt, scale=0.5)
    return kernel, recurrent, bias


def _size(rng):
    return int(rng.integers(2, 5)), int(rng.integers(3, 8)), int(rng.integers(2, 6)), int(rng.integers(2, 7))


def _initial(rng, kind, dt, batch, units):
    if kind == "lstm":
        return (normal(rng, (batch, units), dt, 0.5), normal(rng, (batch, units), dt))
    return normal(rng, (batch, units), dt, 0.5)


#: The sequence settings every forward/backward exercise covers, per dtype:
#: (label, batch, time, return_sequences, return_state, initial_state given).
_SETTINGS = (
    ("last step", None, None, False, False, False),
    ("sequences", None, None, True, False, False),
    ("state, initial_state", None, None, False, True, True),
    ("batch 1, sequences and state", 1, None, True, True, True),
    ("length 1, initial_state", None, 1, False, True, True),
)


def sequence(kind, backward=False):
    """Whole-sequence calls: ``(x, kernel, recurrent_kernel, bias)`` (``dout`` first when ``backward``)."""
    gates = GATES[kind]

    def cases(rng):
        out = []
        for dt in FLOAT_DTYPES:
            name = np.dtype(dt).name
            for n, (label, b, t, seqs, state, init) in enumerate(_SETTINGS):
                batch, time, features, units = _size(rng)
                batch, time = b or batch, t or time
                reset_after = n % 2 == 0 if kind == "gru" else True
                bias_rows = 2 if kind == "gru" and reset_after else 0
                x = normal(rng, (batch, time, features), dt)
                w = _weights(rng, dt, features, units, gates, bias_rows)
                kw = {}
                if init:
                    kw["initial_state"] = _initial(rng, kind, dt, batch, units)
                if kind == "gru":
                    kw["reset_after"] = reset_after
                kw["return_sequences"] = seqs
                note = label
                if kind == "gru":
                    note += f", reset_after={reset_after}"
                if backward:
                    dout = normal(rng, (batch, time, units) if seqs else (batch, units), dt)
                    terms = time * (batch + features + gates * units)
                    out.append(Case(f"{name} {label}", (dout, x, *w), kw, terms=terms, note=note))
                else:
                    kw["return_state"] = state
                    terms = time * (features + gates * units)
                    out.append(Case(f"{name} {label}", (x, *w), kw, terms=terms, note=note))
        return out

    return cases


def step(kind, with_c=False):
    """One-step calls: ``(x_t, h_prev[, c_prev], kernel, recurrent_kernel, bias)``."""
    gates = GATES[kind]

    def cases(rng):
        out = []
        for dt in FLOAT_DTYPES:
            name = np.dtype(dt).name
            settings = [("batch", None, True), ("batch 1", 1, False), ("zero state", None, True)]
            if kind == "gru":
                settings += [("reset_after=False", None, False)]
            for label, b, reset_after in settings:
                batch, _, features, units = _size(rng)
                batch = b or batch
                bias_rows = 2 if kind == "gru" and reset_after else 0
                x = normal(rng, (batch, features), dt)
                scale = 0.0 if label == "zero state" else 0.5
                h = normal(rng, (batch, units), dt, scale)
                args = [x, h]
                if with_c:
                    args.append(normal(rng, (batch, units), dt, scale * 2))
                args += list(_weights(rng, dt, features, units, gates, bias_rows))
                kw = {"reset_after": reset_after} if kind == "gru" else {}
                out.append(Case(f"{name} {label}", tuple(args), kw, terms=features + units,
                                note=f"reset_after={reset_after}" if kind == "gru" else ""))
        return out

    return cases


def gradient_norms_through_time(rng):
    """``(x, kernel, recurrent_kernel, bias)`` of SimpleRNN and LSTM, with the ``cell`` keyword."""
    out = []
    for dt in FLOAT_DTYPES:
        name = np.dtype(dt).name
        for cell in ("simple_rnn", "lstm"):
            gates = GATES[cell]
            for label, b, t in (("", None, int(rng.integers(6, 13))), (" batch 1, length 1", 1, 1)):
                batch, _, features, units = _size(rng)
                batch = b or batch
                x = normal(rng, (batch, t, features), dt)
                w = _weights(rng, dt, features, units, gates)
                out.append(Case(f"{name} {cell}{label}", (x, *w), {"cell": cell},
                                terms=t * (batch + features + gates * units) + units * units))
    return out


