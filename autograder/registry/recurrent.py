"""Registry: the recurrent topic (``solutions/recurrent.py``).

Oracles are the Keras layers and cells themselves (``SimpleRNN``, ``LSTM``,
``GRU`` and their ``*Cell``), built in the input's dtype and given the case's
weights with ``set_weights``; backward oracles run ``tf.GradientTape`` on the
layer. The diagnoses recompute a few typical wrong variants (gate blocks in
another order, the initial state ignored, the GRU update gate swapped, ...)
with the small NumPy forwards below, in the trusted process.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal
from ..diagnose import Mistake, candidate
from ..diagnose_checks import recurrent_return_sequences, recurrent_state_order
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tensor, tf

TOPIC = "recurrent"

GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

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


def _sequence_cases(kind, backward=False):
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


def _step_cases(kind, with_c=False):
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


def _norm_cases(rng):
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


# ---------------------------------------------------------------------------
# Oracles: the Keras layers and cells with the case's weights
# ---------------------------------------------------------------------------

_LAYERS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _build(kind, x, kernel, recurrent_kernel, bias, cell=False, **options):
    cls = getattr(keras().layers, _LAYERS[kind] + ("Cell" if cell else ""))
    layer = cls(recurrent_kernel.shape[0], dtype=np.dtype(x.dtype).name, **options)
    layer.build((None, x.shape[-1]) if cell else (None, None, x.shape[-1]))
    layer.set_weights([kernel, recurrent_kernel, bias])
    return layer


def _state_list(kind, initial_state):
    if initial_state is None:
        return None
    if kind == "lstm":
        return [tensor(initial_state[0]), tensor(initial_state[1])]
    return [tensor(initial_state)]


def _layer_oracle(kind):
    def oracle(x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False, return_state=False,
               **options):
        layer = _build(kind, x, kernel, recurrent_kernel, bias, return_sequences=return_sequences,
                       return_state=return_state, **options)
        out = layer(tensor(x), initial_state=_state_list(kind, initial_state))
        return tuple(out) if return_state else out
    oracle.__name__ = f"keras.layers.{_LAYERS[kind]}"
    return oracle


def _backward_oracle(kind):
    def oracle(dout, x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False):
        t = tf()
        layer = _build(kind, x, kernel, recurrent_kernel, bias, return_sequences=return_sequences)
        xv = t.Variable(x)
        wrt = [xv, layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias]
        with t.GradientTape() as tape:
            out = layer(xv, initial_state=_state_list(kind, initial_state))
            target = t.reduce_sum(out * t.constant(dout))
        return tuple(np.asarray(g.numpy()) for g in tape.gradient(target, wrt))
    oracle.__name__ = f"GradientTape(keras.layers.{_LAYERS[kind]})"
    return oracle


def _simple_rnn_step_oracle(x_t, h_prev, kernel, recurrent_kernel, bias):
    cell = _build("simple_rnn", x_t, kernel, recurrent_kernel, bias, cell=True)
    return cell(tensor(x_t), [tensor(h_prev)])[0]


def _lstm_step_oracle(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    cell = _build("lstm", x_t, kernel, recurrent_kernel, bias, cell=True)
    _, (h, c) = cell(tensor(x_t), [tensor(h_prev), tensor(c_prev)])
    return h, c


def _lstm_gates_oracle(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    t, act = tf(), keras().activations
    z = t.matmul(tensor(x_t), tensor(kernel)) + t.matmul(tensor(h_prev), tensor(recurrent_kernel)) + tensor(bias)
    i, f, g, o = t.split(z, 4, axis=1)
    return act.sigmoid(i), act.sigmoid(f), act.tanh(g), act.sigmoid(o)


def _gru_step_oracle(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after=True):
    cell = _build("gru", x_t, kernel, recurrent_kernel, bias, cell=True, reset_after=reset_after)
    return cell(tensor(x_t), [tensor(h_prev)])[0]


def _norms_oracle(x, kernel, recurrent_kernel, bias, cell="simple_rnn"):
    """Unroll the Keras cell over U one-hot seeds per sample and take d(seed . h_T)/d h_t with the tape."""
    t = tf()
    batch, time, _ = x.shape
    units = recurrent_kernel.shape[0]
    keras_cell = _build(cell, x, kernel, recurrent_kernel, bias, cell=True)
    xs = tensor(np.repeat(x, units, axis=0))
    seeds = t.constant(np.tile(np.eye(units, dtype=x.dtype), (batch, 1)))
    zeros = t.zeros((batch * units, units), x.dtype)
    states = [zeros, zeros] if cell == "lstm" else [zeros]
    hs = []
    with t.GradientTape() as tape:
        for step in range(time):
            tape.watch(states[0])
            h, states = keras_cell(xs[:, step], states)
            states = list(states)
            hs.append(states[0])
        tape.watch(hs[-1])
        target = t.reduce_sum(hs[-1] * seeds)
    grads = tape.gradient(target, hs)
    d = np.stack([np.asarray(g.numpy(), np.float64) for g in grads])  # (T, B*U, U)
    return np.sqrt((d ** 2).reshape(time, batch, units * units).sum(axis=2)).T.astype(x.dtype)


# ---------------------------------------------------------------------------
# Diagnoses: small NumPy forwards of the right formula and of typical slips
# ---------------------------------------------------------------------------

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


def _mistakes(kind, gates_only=False):
    """Candidate mistakes of a forward exercise: gate blocks in another order, the initial state
    ignored, the GRU update gate on the wrong side, the other ``reset_after`` formula."""
    names = {"lstm": ("i", "f", "c", "o"), "gru": ("z", "r", "h")}.get(kind)

    def mistakes(case, expected):
        x, k, r, b, h0, c0, step = _call_parts(kind, case)
        kw = case.kwargs
        terms = max(case.terms, 64) * 16  # float64 variants beside float32 answers: a loose match
        path = (0,) if isinstance(expected, (tuple, list)) else ()
        reset_after = kw.get("reset_after", True)

        def out(**variant):
            hs, _ = _np_run(kind, x, variant.pop("k", k), variant.pop("r", r), variant.pop("b", b),
                            variant.pop("h0", h0), variant.pop("c0", c0), reset_after=reset_after, **variant)
            return _output_of(hs, step, kw).astype(x.dtype)

        found = []
        if names is not None:  # gate blocks read in another order
            n = len(names)
            for perm in itertools.permutations(range(n)):
                if perm == tuple(range(n)):
                    continue
                layout = [""] * n  # the block layout the answer assumed: gate j read from block perm[j]
                for j, p in enumerate(perm):
                    layout[p] = names[j]
                fields = {"order": "[" + ", ".join(layout) + "]", "layer": _LAYERS[kind],
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
        if not step and kw.get("initial_state") is not None:
            found += candidate("diag_initial_state_ignored", out(h0=None, c0=None), expected, terms, path)
        if kind == "gru":
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


def _backward_mistakes(kind):
    """Candidate mistakes of BPTT: the recurrent path dropped, the cell carry dropped, only the last
    step's gradient used (the first that fits is reported)."""
    def mistakes(case, expected):
        dout, x, k, r, b = case.args
        if x.shape[1] == 1:  # no recurrence to get wrong
            return []
        init = case.kwargs.get("initial_state")
        h0, c0 = (init if kind == "lstm" and init is not None else (init, None))
        seqs = bool(case.kwargs.get("return_sequences"))
        terms = max(case.terms, 64) * 16

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


# ---------------------------------------------------------------------------
# Exercises
# ---------------------------------------------------------------------------

HINTS = {
    "simple_rnn_step": {
        "en": "h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel); shapes (B, D) @ (D, U) and (B, U) @ (U, U).",
        "ko": "h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel). 형상은 (B, D) @ (D, U)와 (B, U) @ (U, U)입니다.",
    },
    "simple_rnn": {
        "en": "Start from h0 (zeros unless initial_state is given) and apply the step for t = 0..T-1 on x[:, t]; "
              "return h_T, or stack every h_t on axis 1 with return_sequences; return_state adds h_T.",
        "ko": "h0(initial_state가 없으면 0벡터)에서 시작해 t = 0..T-1마다 x[:, t]로 스텝을 적용하세요. 마지막 h_T를 "
              "반환하고, return_sequences면 모든 h_t를 축 1로 쌓습니다. return_state면 h_T를 함께 반환합니다.",
    },
    "simple_rnn_backward": {
        "en": "Run the forward pass keeping every h_t; go backward in time with dh = dout_t + carry, "
              "dz = dh * (1 - h_t**2), carry = dz @ recurrent_kernel.T; sum x_t.T @ dz, h_{t-1}.T @ dz and dz over steps.",
        "ko": "순전파에서 모든 h_t를 저장하고, 시간을 거꾸로 가며 dh = dout_t + carry, dz = dh * (1 - h_t**2), "
              "carry = dz @ recurrent_kernel.T를 계산하세요. x_t.T @ dz, h_{t-1}.T @ dz, dz를 모든 스텝에 대해 더합니다.",
    },
    "lstm_step": {
        "en": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias, split in 4 blocks [i, f, c, o]; "
              "c = sigmoid(f) * c_prev + sigmoid(i) * tanh(c block); h = sigmoid(o) * tanh(c).",
        "ko": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias를 [i, f, c, o] 네 블록으로 나누세요. "
              "c = sigmoid(f) * c_prev + sigmoid(i) * tanh(c 블록), h = sigmoid(o) * tanh(c)입니다.",
    },
    "lstm_gates": {
        "en": "Split z = x_t @ kernel + h_prev @ recurrent_kernel + bias into 4 equal blocks along the last axis, "
              "in Keras' order [i, f, c, o]; sigmoid for i, f, o and tanh for the c block.",
        "ko": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias를 마지막 축으로 4등분하세요. Keras 순서는 "
              "[i, f, c, o]이고, i, f, o에는 sigmoid, c 블록에는 tanh를 씁니다.",
    },
    "lstm": {
        "en": "Carry both h and c (the carry track) through time, starting from (h0, c0); "
              "return_state returns (output, h_T, c_T) in that order.",
        "ko": "h와 c(이동상태, carry track)를 (h0, c0)에서 시작해 시간 순서대로 전달하세요. "
              "return_state는 (output, h_T, c_T) 순서로 반환합니다.",
    },
    "lstm_backward": {
        "en": "Keep the gates and c_t of every step. Backward: dc += dh * o * (1 - tanh(c)**2); "
              "di = dc * g, df = dc * c_prev, dg = dc * i, do = dh * tanh(c); multiply by each activation's "
              "derivative; dc_prev = dc * f, dh_prev = dz @ recurrent_kernel.T.",
        "ko": "각 스텝의 게이트와 c_t를 저장하세요. 역전파: dc += dh * o * (1 - tanh(c)**2); di = dc * g, "
              "df = dc * c_prev, dg = dc * i, do = dh * tanh(c)에 각 활성화함수의 미분을 곱합니다. "
              "dc_prev = dc * f, dh_prev = dz @ recurrent_kernel.T.",
    },
    "gru_step": {
        "en": "Blocks [z, r, h]. reset_after=True: bias[0] goes with the input, bias[1] with h_prev @ recurrent_kernel, "
              "and r multiplies (h_prev @ R_h + b_h). reset_after=False: r multiplies h_prev before @ R_h. "
              "h = z * h_prev + (1 - z) * n.",
        "ko": "블록 순서는 [z, r, h]입니다. reset_after=True면 bias[0]은 입력 쪽, bias[1]은 h_prev @ recurrent_kernel 쪽에 "
              "더하고 r은 (h_prev @ R_h + b_h)에 곱합니다. reset_after=False면 r을 h_prev에 먼저 곱한 뒤 @ R_h. "
              "h = z * h_prev + (1 - z) * n.",
    },
    "gru": {
        "en": "Loop your gru_step over time from h0; the bias shape tells reset_after: (2, 3U) for True, (3U,) for False.",
        "ko": "h0에서 시작해 gru_step을 시간 순서대로 반복하세요. bias 형상이 reset_after를 알려줍니다: "
              "True면 (2, 3U), False면 (3U,).",
    },
    "gradient_norms_through_time": {
        "en": "Backprop through time from h_T with each one-hot seed e_s (e.g. repeat every sample U times in the "
              "batch); the gradient reaching h_t is row s of d h_T / d h_t. norms[b, t] is the Frobenius norm of "
              "those U rows; the last column is sqrt(units).",
        "ko": "h_T에 원-핫 시드 e_s를 넣고 시간을 거슬러 역전파하세요 (예: 배치에서 각 샘플을 U번 반복). h_t에 도달한 "
              "그래디언트가 d h_T / d h_t의 s번째 행입니다. norms[b, t]는 그 U개 행의 프로베니우스 노름이고, "
              "마지막 열은 sqrt(units)입니다.",
    },
}


def _exercise(name, points, cases, oracle, mistakes=None, outputs=(), checks=()):
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name], mistakes=mistakes, outputs=outputs,
                    checks=checks)


_GRADS = ("dx", "dkernel", "drecurrent_kernel", "dbias")

EXERCISES = (
    _exercise("simple_rnn_step", 1, _step_cases("simple_rnn"), _simple_rnn_step_oracle),
    _exercise("simple_rnn", 2, _sequence_cases("simple_rnn"), _layer_oracle("simple_rnn"),
              _mistakes("simple_rnn"), ("output", "h"), (recurrent_return_sequences,)),
    _exercise("simple_rnn_backward", 3, _sequence_cases("simple_rnn", backward=True),
              _backward_oracle("simple_rnn"), _backward_mistakes("simple_rnn"), _GRADS),
    _exercise("lstm_step", 2, _step_cases("lstm", with_c=True), _lstm_step_oracle, _mistakes("lstm"), ("h", "c")),
    _exercise("lstm_gates", 1, _step_cases("lstm", with_c=True), _lstm_gates_oracle,
              _mistakes("lstm", gates_only=True), ("i", "f", "g", "o")),
    _exercise("lstm", 2, _sequence_cases("lstm"), _layer_oracle("lstm"), _mistakes("lstm"), ("output", "h", "c"),
              (recurrent_return_sequences, recurrent_state_order)),
    _exercise("lstm_backward", 3, _sequence_cases("lstm", backward=True), _backward_oracle("lstm"),
              _backward_mistakes("lstm"), _GRADS),
    _exercise("gru_step", 2, _step_cases("gru"), _gru_step_oracle, _mistakes("gru")),
    _exercise("gru", 2, _sequence_cases("gru"), _layer_oracle("gru"), _mistakes("gru"), ("output", "h"),
              (recurrent_return_sequences,)),
    _exercise("gradient_norms_through_time", 2, _norm_cases, _norms_oracle),
)

topic = Topic(TOPIC, {"en": "Recurrent layers", "ko": "순환 신경망 (RNN)"}, EXERCISES)
